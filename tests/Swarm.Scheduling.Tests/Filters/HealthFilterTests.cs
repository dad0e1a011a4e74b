using Swarm.Scheduling.Tests.Support;

namespace Swarm.Scheduling.Tests.Filters;

public class HealthFilterTests
{
    [Fact]
    public void Unhealthy_nodes_are_never_chosen()
    {
        var cluster = new TestCluster().Node("node-1", health: 0).Node("node-2").Node("node-3", health: 0);
        for (int i = 0; i < 10; i++) Assert.Equal("node-2", cluster.Run(TestCluster.Request()));
    }

    [Fact]
    public void Without_healthy_nodes_the_error_is_classics_raw_health_message()
    {
        var cluster = new TestCluster().Node("node-1", health: 0);
        Assert.Equal("No healthy node available in the cluster", cluster.Place(TestCluster.Request()));
    }

    [Fact]
    public void An_empty_cluster_has_no_healthy_node()
    {
        Assert.Equal("No healthy node available in the cluster", new TestCluster().Place(TestCluster.Request()));
    }

    [Fact]
    public void A_node_that_recovers_is_used_again()
    {
        var cluster = new TestCluster().Node("node-1", health: 0);
        cluster.State.SetHealth(TestCluster.IdOf("node-1"), 100);
        Assert.Equal("node-1", cluster.Place(TestCluster.Request()));
    }
}
