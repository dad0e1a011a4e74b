using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class WhitelistFilterTests
{
    private static TestCluster Cluster() => new TestCluster().Node("node-1").Node("node-2").Node("node-3");

    [Theory]
    [InlineData("whitelist:node==node-1|node-3")]
    [InlineData("whitelist:anything==node-1|node-3")]
    [InlineData("whitelist:node!=node-1|node-3")]
    public void Only_listed_node_names_are_used_whatever_the_key_and_operator(string env)
    {
        var cluster = Cluster();
        var placed = Enumerable.Range(0, 30).Select(_ => cluster.Place(Request(env))).ToHashSet();
        Assert.Equal(["node-1", "node-3"], placed.Order());
    }

    [Fact]
    public void Names_are_matched_exactly_not_as_globs()
    {
        Assert.Equal(Unsatisfied("[available container slots]", "[node==node-* (soft=false)]"), Cluster().Place(Request("whitelist:node==node-*")));
    }

    [Fact]
    public void A_soft_whitelist_falls_back_to_any_node()
    {
        Assert.StartsWith("node-", Cluster().Place(Request("whitelist:node==~node-7")));
    }
}
