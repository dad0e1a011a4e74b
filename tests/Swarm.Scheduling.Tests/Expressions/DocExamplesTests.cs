using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling.Tests.Expressions;

/// <summary>Every example of <c>docs/scheduler/filter.md</c> listed in reference 1.3 parses as classic read it.</summary>
public class DocExamplesTests
{
    [Theory]
    [InlineData("constraint:node==node1", "node", ExpressionOperator.Equal, "node1", false)]
    [InlineData("constraint:node!=node1", "node", ExpressionOperator.NotEqual, "node1", false)]
    [InlineData("constraint:region!=us*", "region", ExpressionOperator.NotEqual, "us*", false)]
    [InlineData("constraint:node==/node[12]/", "node", ExpressionOperator.Equal, "/node[12]/", false)]
    [InlineData("constraint:node==/node\\d/", "node", ExpressionOperator.Equal, "/node\\d/", false)]
    [InlineData("constraint:node!=/node-[01]/", "node", ExpressionOperator.NotEqual, "/node-[01]/", false)]
    [InlineData("constraint:node!=/foo\\[bar\\]/", "node", ExpressionOperator.NotEqual, "/foo\\[bar\\]/", false)]
    [InlineData("constraint:node==/(?i)node1/", "node", ExpressionOperator.Equal, "/(?i)node1/", false)]
    [InlineData("affinity:image==~redis", "image", ExpressionOperator.Equal, "redis", true)]
    [InlineData("constraint:region==~us*", "region", ExpressionOperator.Equal, "us*", true)]
    [InlineData("affinity:container!=~redis*", "container", ExpressionOperator.NotEqual, "redis*", true)]
    [InlineData("constraint:region==us-east", "region", ExpressionOperator.Equal, "us-east", false)]
    [InlineData("constraint:storage==ssd", "storage", ExpressionOperator.Equal, "ssd", false)]
    [InlineData("affinity:container==redis", "container", ExpressionOperator.Equal, "redis", false)]
    [InlineData("affinity:image==nginx", "image", ExpressionOperator.Equal, "nginx", false)]
    [InlineData("whitelist:node==node1|node2", "node", ExpressionOperator.Equal, "node1|node2", false)]
    public void DocExampleParses(string envEntry, string key, ExpressionOperator op, string value, bool soft)
    {
        string text = envEntry[(envEntry.IndexOf(':') + 1)..];

        var expression = Expression.TryParse(text, out string? error);

        Assert.Null(error);
        Assert.NotNull(expression);
        Assert.Equal(key, expression.Key);
        Assert.Equal(op, expression.Operator);
        Assert.Equal(value, expression.Value.Text);
        Assert.Equal(soft, expression.IsSoft);
    }

    [Fact]
    public void AllDocExamplesGoThroughARequestTogether()
    {
        var request = new ContainerRequest
        {
            Env =
            [
                "constraint:node==node1", "constraint:node!=node1", "constraint:region!=us*",
                "constraint:node==/node[12]/", "constraint:node==/node\\d/", "constraint:node!=/node-[01]/",
                "constraint:node!=/foo\\[bar\\]/", "constraint:node==/(?i)node1/", "affinity:image==~redis",
                "constraint:region==~us*", "affinity:container!=~redis*",
            ],
        };

        var scheduling = SchedulingRequest.TryCreate(request, out string? error);

        Assert.Null(error);
        Assert.NotNull(scheduling);
        Assert.Equal(9, scheduling.Constraints.Count);
        Assert.Equal(2, scheduling.Affinities.Count);
        Assert.Empty(scheduling.Container.Env);
        Assert.True(scheduling.HasSoftExpressions);
    }

    [Theory]
    [InlineData("node==/node[12]/", "node1", "node3")]
    [InlineData("node==/node\\d/", "node5", "node")]
    [InlineData("node!=/node-[01]/", "node-2", "node-0")]
    [InlineData("node!=/foo\\[bar\\]/", "foo", "foo[bar]")]
    [InlineData("node==/(?i)node1/", "NODE1", "node2")]
    [InlineData("region!=us*", "eu-west", "us-east")]
    [InlineData("image==~redis", "redis", "redis:7")]
    [InlineData("region==~us*", "us-east", "eu-west")]
    [InlineData("container!=~redis*", "web", "redis-1")]
    public void DocExampleMatchesAsDocumented(string text, string accepted, string refused)
    {
        var expression = Expression.TryParse(text, out _);

        Assert.NotNull(expression);
        Assert.True(expression.Matches(accepted));
        Assert.False(expression.Matches(refused));
    }
}
