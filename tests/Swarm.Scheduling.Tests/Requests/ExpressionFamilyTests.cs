using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary>The four hint families and their env / label spellings (reference 1.2 table).</summary>
public class ExpressionFamilyTests
{
    [Fact]
    public void FamiliesHaveClassicEnvPrefixesAndLabelNames()
    {
        Assert.Equal(("constraint", "com.docker.swarm.constraints"), (ExpressionFamily.Constraint.EnvPrefix, ExpressionFamily.Constraint.LabelName));
        Assert.Equal(("affinity", "com.docker.swarm.affinities"), (ExpressionFamily.Affinity.EnvPrefix, ExpressionFamily.Affinity.LabelName));
        Assert.Equal(("whitelist", "com.docker.swarm.whitelists"), (ExpressionFamily.Whitelist.EnvPrefix, ExpressionFamily.Whitelist.LabelName));
        Assert.Equal(("reschedule", "com.docker.swarm.reschedule-policies"), (ExpressionFamily.Reschedule.EnvPrefix, ExpressionFamily.Reschedule.LabelName));
        Assert.Equal("com.docker.swarm", ExpressionFamily.LabelNamespace);
    }

    [Fact]
    public void AllListsTheFourFamiliesOnce()
    {
        Assert.Equal(4, ExpressionFamily.All.Count);
        Assert.Equal(4, ExpressionFamily.All.Distinct().Count());
        Assert.Contains(ExpressionFamily.Constraint, ExpressionFamily.All);
        Assert.Contains(ExpressionFamily.Affinity, ExpressionFamily.All);
        Assert.Contains(ExpressionFamily.Whitelist, ExpressionFamily.All);
        Assert.Contains(ExpressionFamily.Reschedule, ExpressionFamily.All);
    }

    [Theory]
    [InlineData("constraint")]
    [InlineData("affinity")]
    [InlineData("whitelist")]
    [InlineData("reschedule")]
    public void ForEnvPrefixFindsTheFamily(string prefix)
    {
        var family = ExpressionFamily.ForEnvPrefix(prefix);

        Assert.NotNull(family);
        Assert.Equal(prefix, family.EnvPrefix);
        Assert.Same(ExpressionFamily.All.Single(f => f.EnvPrefix == prefix), family);
    }

    [Theory]
    [InlineData("Constraint")]
    [InlineData("constraints")]
    [InlineData("affinities")]
    [InlineData("com.docker.swarm.constraints")]
    [InlineData("")]
    [InlineData("PATH")]
    public void ForEnvPrefixIsExact(string prefix)
    {
        Assert.Null(ExpressionFamily.ForEnvPrefix(prefix));
    }
}
