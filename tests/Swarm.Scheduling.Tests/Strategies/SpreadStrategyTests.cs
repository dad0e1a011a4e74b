using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Strategies;

public class SpreadStrategyTests
{
    [Fact]
    public void Classic_resource_management_example_puts_the_second_cpu_container_on_the_other_node()
    {
        var cluster = new TestCluster().Node("node-0").Node("node-1");
        string first = cluster.Run(Request() with { Cpus = 1 });
        string second = cluster.Run(Request() with { Cpus = 1 });
        Assert.NotEqual(first, second);
        Assert.Equal(1, cluster.NodeNamed("node-0").UsedCpus);
        Assert.Equal(1, cluster.NodeNamed("node-1").UsedCpus);
    }

    [Fact]
    public void The_least_loaded_node_wins_by_cpu_and_memory_percentage()
    {
        var cluster = new TestCluster().Node("small", cpus: 2, memory: 2 * GiB).Node("big", cpus: 8, memory: 8 * GiB)
            .Container("small", Running("a") with { Memory = GiB / 2 });
        Assert.Equal("big", cluster.Place(Request() with { Memory = GiB }));
    }

    [Fact]
    public void Equal_weights_go_to_the_node_with_fewer_containers_stopped_ones_included()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2")
            .Container("node-1", Running("old") with { State = ContainerState.Exited });
        for (int i = 0; i < 5; i++) Assert.Equal("node-2", cluster.Place(Request()));
    }

    [Fact]
    public void Healthier_nodes_win_before_any_load_is_considered()
    {
        var cluster = new TestCluster().Node("busy").Node("flaky", health: 67)
            .Container("busy", Running("a") with { Cpus = 1, Memory = GiB })
            .Container("busy", Running("b"));
        Assert.Equal("busy", cluster.Place(Request() with { Cpus = 1 }));
    }

    [Fact]
    public void Requests_larger_than_any_node_are_refused_with_classics_message()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2");
        Assert.Equal("no resources available to schedule container", cluster.Place(Request() with { Memory = 1000 * GiB }));
        Assert.Equal("no resources available to schedule container", cluster.Place(Request() with { Cpus = 10240 }));
    }

    [Fact]
    public void A_node_is_full_once_reservations_reach_its_capacity()
    {
        var cluster = new TestCluster().Node("node-1", cpus: 2);
        Assert.Equal("node-1", cluster.Run(Request() with { Cpus = 1 }));
        Assert.Equal("node-1", cluster.Run(Request() with { Cpus = 1 }));
        Assert.Equal(SchedulingErrors.NoResources, cluster.Run(Request() with { Cpus = 1 }));
        Assert.Equal("node-1", cluster.Run(Request()));
    }

    [Fact]
    public void Spread_fills_nodes_evenly()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2").Node("node-3");
        var counts = Enumerable.Range(0, 30).Select(_ => cluster.Run(Request())).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(counts.Values, c => Assert.Equal(10, c));
    }
}
