using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class BuildPlacementTests
{
    private static IQueryCollection Query(string query) => new QueryCollection(QueryHelpers.ParseQuery(query));

    private static string Encoded(string json) => Uri.EscapeDataString(json);

    [Fact]
    public void Scheduling_hints_in_build_args_are_read_as_classic_and_left_out_of_the_build()
    {
        string args = Encoded("""{"constraint:node":"=node-2","affinity:image":"=busybox","HTTP_PROXY":"http://p","EMPTY":null}""");
        var read = BuildPlacement.TryRead(Query($"?t=app:1&t=app:latest&buildargs={args}&memory=67108864&cpushares=2&rm=1"), out string? error);

        Assert.Null(error);
        Assert.Equal(["constraint:node==node-2", "affinity:image==busybox"], read!.Request.Env);
        Assert.Equal((67108864L, 2L), (read.Request.Memory, read.Request.Cpus));
        var forwarded = QueryHelpers.ParseQuery(read.EngineQuery);
        Assert.Equal(["app:1", "app:latest"], forwarded["t"].Select(t => t!));
        Assert.Equal("1", forwarded["rm"].ToString());
        Assert.Equal("67108864", forwarded["memory"].ToString());
        Assert.Equal("""{"HTTP_PROXY":"http://p","EMPTY":null}""", forwarded["buildargs"].ToString());
    }

    [Fact]
    public void A_build_without_hints_is_forwarded_as_it_came()
    {
        var read = BuildPlacement.TryRead(Query("?t=app&dockerfile=Dockerfile"), out _)!;
        Assert.Empty(read.Request.Env);
        Assert.Equal((0L, 0L), (read.Request.Memory, read.Request.Cpus));
        Assert.Equal(new Dictionary<string, string> { ["t"] = "app", ["dockerfile"] = "Dockerfile" },
            QueryHelpers.ParseQuery(read.EngineQuery).ToDictionary(p => p.Key, p => p.Value.ToString()));
    }

    [Fact]
    public void A_key_with_an_unknown_prefix_is_an_ordinary_build_arg()
    {
        var read = BuildPlacement.TryRead(Query("?buildargs=" + Encoded("""{"region:x":"1"}""")), out _)!;
        Assert.Empty(read.Request.Env);
        Assert.Equal("""{"region:x":"1"}""", QueryHelpers.ParseQuery(read.EngineQuery)["buildargs"].ToString());
    }

    [Theory]
    [InlineData("?buildargs=%7Bnot", "invalid buildargs")]
    [InlineData("?buildargs=%5B%5D", "invalid buildargs: expected a JSON object")]
    [InlineData("?memory=lots", "invalid memory: lots")]
    [InlineData("?cpushares=-1", "invalid cpushares: -1")]
    public void A_malformed_query_is_refused(string query, string message)
    {
        Assert.Null(BuildPlacement.TryRead(Query(query), out string? error));
        Assert.StartsWith(message, error);
    }
}
