using Swarm.Scheduling.Strategies;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Strategies;

public class RandomStrategyTests
{
    [Fact]
    public void Random_uses_every_node_that_passed_the_filters()
    {
        var cluster = new TestCluster(PlacementStrategy.Random).Node("node-1").Node("node-2").Node("node-3", health: 0);
        var placed = Enumerable.Range(0, 50).Select(_ => cluster.Place(Request())).ToHashSet();
        Assert.Equal(["node-1", "node-2"], placed.Order());
    }

    [Fact]
    public void Random_does_not_check_resources_as_in_classic()
    {
        var cluster = new TestCluster(PlacementStrategy.Random).Node("node-1");
        Assert.Equal("node-1", cluster.Place(Request() with { Memory = 1000 * GiB }));
    }
}
