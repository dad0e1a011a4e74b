using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class DependencyFilterTests
{
    private static readonly string SwarmIdOfDb = new('a', 64);

    private static TestCluster ClusterWithDbOnNode2() =>
        new TestCluster().Node("node-1").Node("node-2").Node("node-3")
            .Container("node-2", Running("db") with { SwarmId = SwarmIdOfDb })
            .Container("node-3", Running("cache"));

    [Theory]
    [InlineData("db")]
    [InlineData("/db")]
    [InlineData("db:ro")]
    [InlineData("node-2/db")]
    public void Volumes_from_lands_next_to_the_named_container(string volumesFrom)
    {
        var cluster = ClusterWithDbOnNode2();
        for (int i = 0; i < 3; i++) Assert.Equal("node-2", cluster.Place(Request() with { VolumesFrom = [volumesFrom] }));
    }

    [Fact]
    public void Containers_are_found_by_engine_id_swarm_id_and_unique_id_prefix()
    {
        var cluster = ClusterWithDbOnNode2();
        Assert.Equal("node-2", cluster.Place(Request() with { Links = [IdFor("db") + ":database"] }));
        Assert.Equal("node-2", cluster.Place(Request() with { Links = [SwarmIdOfDb] }));
        Assert.Equal("node-2", cluster.Place(Request() with { Links = [IdFor("db")[..12]] }));
        Assert.Equal("node-2", cluster.Place(Request() with { Links = [SwarmIdOfDb[..5]] }));
    }

    [Fact]
    public void A_node_qualified_name_only_matches_on_that_node()
    {
        var cluster = ClusterWithDbOnNode2();
        Assert.Equal(Unsatisfied("[available container slots]", "[--link=node-1/db:alias]"), cluster.Place(Request() with { Links = ["node-1/db:alias"] }));
    }

    [Fact]
    public void Container_network_mode_is_a_dependency()
    {
        var cluster = ClusterWithDbOnNode2();
        Assert.Equal("node-2", cluster.Place(Request() with { NetworkMode = "container:db" }));
    }

    [Fact]
    public void All_dependencies_must_live_on_the_same_node_and_the_error_lists_them_in_classics_order()
    {
        var cluster = ClusterWithDbOnNode2();
        var request = Request() with { VolumesFrom = ["db"], Links = ["cache:c"], NetworkMode = "container:db" };
        Assert.Equal(
            "Unable to find a node that satisfies the following conditions \n[available container slots]\n[--volumes-from=db --link=cache:c --net=container:db]",
            cluster.Place(request));
    }

    [Fact]
    public void A_pending_dependency_counts_since_the_create_that_made_it_is_under_way()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2");
        string dbNode = cluster.Run(Request() with { Name = "db" });
        Assert.Equal(dbNode, cluster.Place(Request() with { VolumesFrom = ["db"] }));
    }

    [Fact]
    public void An_ambiguous_prefix_on_a_node_does_not_count()
    {
        var cluster = new TestCluster().Node("node-1")
            .Container("node-1", new ContainerInfo { Id = "abc1" + new string('0', 60), Name = "x", State = ContainerState.Running })
            .Container("node-1", new ContainerInfo { Id = "abc2" + new string('0', 60), Name = "y", State = ContainerState.Running });
        Assert.Equal(Unsatisfied("[available container slots]", "[--link=abc]"), cluster.Place(Request() with { Links = ["abc"] }));
        Assert.Equal("node-1", cluster.Place(Request() with { Links = ["abc1"] }));
    }
}
