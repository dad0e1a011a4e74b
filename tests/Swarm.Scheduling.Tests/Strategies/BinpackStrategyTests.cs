using Swarm.Scheduling.Strategies;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Strategies;

public class BinpackStrategyTests
{
    [Fact]
    public void Classic_resource_management_example_stacks_cpu_containers_on_one_node()
    {
        var cluster = new TestCluster(PlacementStrategy.Binpack).Node("node-0").Node("node-1");
        string first = cluster.Run(Request() with { Cpus = 1 });
        string second = cluster.Run(Request() with { Cpus = 1 });
        Assert.Equal(first, second);
        Assert.Equal(2, cluster.NodeNamed(first).UsedCpus);
        Assert.Equal(0, cluster.NodeNamed(first == "node-0" ? "node-1" : "node-0").UsedCpus);
    }

    [Fact]
    public void The_fullest_node_that_still_fits_wins_then_the_next_one_opens()
    {
        var cluster = new TestCluster(PlacementStrategy.Binpack).Node("node-1").Node("node-2")
            .Container("node-2", Running("a") with { Memory = GiB });
        Assert.Equal("node-2", cluster.Run(Request() with { Memory = GiB / 2 }));
        Assert.Equal("node-2", cluster.Run(Request() with { Memory = GiB / 2 }));
        Assert.Equal("node-1", cluster.Run(Request() with { Memory = GiB / 2 }));
    }

    [Fact]
    public void Equal_weights_go_to_the_node_with_more_containers()
    {
        var cluster = new TestCluster(PlacementStrategy.Binpack).Node("node-1").Node("node-2").Container("node-1", Running("a"));
        for (int i = 0; i < 5; i++) Assert.Equal("node-1", cluster.Run(Request()));
    }

    [Fact]
    public void Healthy_nodes_still_win_over_failing_ones()
    {
        var cluster = new TestCluster(PlacementStrategy.Binpack).Node("empty").Node("loaded", health: 34)
            .Container("loaded", Running("a") with { Cpus = 1 });
        Assert.Equal("empty", cluster.Place(Request() with { Cpus = 1 }));
    }

    [Fact]
    public void Binpack_refuses_what_fits_nowhere()
    {
        var cluster = new TestCluster(PlacementStrategy.Binpack).Node("node-1");
        Assert.Equal("no resources available to schedule container", cluster.Place(Request() with { Memory = 1000 * GiB }));
    }
}
