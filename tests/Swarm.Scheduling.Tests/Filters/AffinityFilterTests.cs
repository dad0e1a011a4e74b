using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class AffinityFilterTests
{
    private static readonly string SwarmIdOfRedis = new('b', 64);

    // Random placement, so that tests listing every acceptable node see them all.
    private static TestCluster Cluster() =>
        new TestCluster(PlacementStrategy.Random).Node("node-1").Node("node-2").Node("node-3")
            .Container("node-1", Running("redis") with { SwarmId = SwarmIdOfRedis, Labels = new Dictionary<string, string> { ["com.example.type"] = "frontend" } })
            .Container("node-2", Running("web-1") with { Labels = new Dictionary<string, string> { ["com.example.type"] = "backend" } })
            .Container("node-2", Running("web-2"))
            .Images("node-1", new NodeImage("sha256:1111", ["redis:7", "localhost:5000/cache:1"]))
            .Images("node-3", new NodeImage("sha256:2222", ["nginx:latest"]));

    [Theory]
    [InlineData("affinity:container==redis", "node-1")]
    [InlineData("affinity:container==web-*", "node-2")]
    [InlineData("affinity:container==/web-[12]/", "node-2")]
    [InlineData("affinity:image==redis", "node-1")]
    [InlineData("affinity:image==redis:7", "node-1")]
    [InlineData("affinity:image==localhost:5000/cache", "node-1")]
    [InlineData("affinity:image==sha256:2222", "node-3")]
    [InlineData("affinity:image==ngin*", "node-3")]
    [InlineData("affinity:com.example.type==frontend", "node-1")]
    [InlineData("affinity:com.example.type==back*", "node-2")]
    public void Equal_affinities_go_where_the_thing_is(string env, string node)
    {
        var cluster = Cluster();
        for (int i = 0; i < 3; i++) Assert.Equal(node, cluster.Place(Request(env)));
    }

    [Fact]
    public void Container_affinity_matches_engine_ids_and_swarm_ids()
    {
        var cluster = Cluster();
        Assert.Equal("node-2", cluster.Place(Request("affinity:container==" + IdFor("web-1"))));
        Assert.Equal("node-1", cluster.Place(Request("affinity:container==" + SwarmIdOfRedis)));
    }

    [Fact]
    public void Not_equal_avoids_every_node_holding_a_match_including_empty_nodes_as_candidates()
    {
        var cluster = Cluster();
        var placed = Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("affinity:container!=web-*"))).ToHashSet();
        Assert.Equal(["node-1", "node-3"], placed.Order());
    }

    [Fact]
    public void A_container_without_the_label_offers_the_empty_string()
    {
        // node-2 holds web-2 without the label, so /^$/ matches there; node-1's container has the label; node-3 holds nothing, so offers nothing.
        var cluster = Cluster();
        var placed = Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("affinity:com.example.type==/^$/"))).ToHashSet();
        Assert.Equal(["node-2"], placed);
    }

    [Fact]
    public void Soft_affinity_is_dropped_when_nothing_matches()
    {
        var cluster = Cluster();
        Assert.StartsWith("node-", cluster.Place(Request("affinity:container==~ghost")));
        Assert.Equal(Unsatisfied("[available container slots]", "[container==ghost (soft=false)]"), cluster.Place(Request("affinity:container==ghost")));
    }

    [Fact]
    public void Soft_affinity_is_honoured_when_it_can_be()
    {
        var cluster = Cluster();
        for (int i = 0; i < 5; i++) Assert.Equal("node-1", cluster.Place(Request("affinity:image==~redis")));
    }

    [Fact]
    public void Label_index_follows_containers_added_after_its_first_use()
    {
        var cluster = Cluster();
        Assert.Equal(Unsatisfied("[available container slots]", "[tier==db (soft=false)]"), cluster.Place(Request("affinity:tier==db")));
        cluster.Container("node-3", Running("pg") with { Labels = new Dictionary<string, string> { ["tier"] = "db" } });
        Assert.Equal("node-3", cluster.Place(Request("affinity:tier==db")));
        cluster.State.RemoveContainer(IdOf("node-3"), IdFor("pg"));
        Assert.Equal(Unsatisfied("[available container slots]", "[tier==db (soft=false)]"), cluster.Place(Request("affinity:tier==db")));
    }

    [Fact]
    public void Classic_error_lists_container_slots_before_the_failing_affinity()
    {
        var labelled = new Dictionary<string, string> { ["test.label"] = "true" };
        var cluster = new TestCluster().Node("node-1").Node("node-2")
            .Container("node-1", Running("a") with { Labels = labelled })
            .Container("node-2", Running("b") with { Labels = labelled });
        Assert.Equal(
            "Unable to find a node that satisfies the following conditions \n[available container slots]\n[test.label!=true (soft=false)]",
            cluster.Place(Request("affinity:test.label!=true")));
    }

    [Fact]
    public void Images_can_be_replaced()
    {
        var cluster = Cluster();
        cluster.Images("node-1");
        Assert.Equal(Unsatisfied("[available container slots]", "[image==redis (soft=false)]"), cluster.Place(Request("affinity:image==redis")));
    }

    [Fact]
    public void Cached_pattern_results_follow_nodes_gaining_and_losing_matches()
    {
        var cluster = Cluster();
        Assert.Equal(["node-3"], Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("affinity:image==ngin*"))).ToHashSet());
        cluster.Images("node-2", new NodeImage("sha256:3333", ["nginx:1.25"]));
        Assert.Equal(["node-2", "node-3"], Enumerable.Range(0, 40).Select(_ => cluster.Place(Request("affinity:image==ngin*"))).ToHashSet().Order());
        cluster.Images("node-3");
        Assert.Equal(["node-2"], Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("affinity:image==ngin*"))).ToHashSet());

        cluster.Container("node-3", Running("web-3"));
        Assert.Equal(["node-2", "node-3"], Enumerable.Range(0, 40).Select(_ => cluster.Place(Request("affinity:container==web-*"))).ToHashSet().Order());
        cluster.State.RemoveContainer(IdOf("node-3"), IdFor("web-3"));
        Assert.Equal(["node-2"], Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("affinity:container==web-*"))).ToHashSet());
    }
}
