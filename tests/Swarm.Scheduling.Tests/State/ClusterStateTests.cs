using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.State;

public class ClusterStateTests
{
    [Fact]
    public void Reservations_are_running_totals_over_every_container()
    {
        var cluster = new TestCluster().Node("node-1")
            .Container("node-1", Running("a") with { Cpus = 1, Memory = GiB })
            .Container("node-1", Running("b") with { Memory = GiB / 2, State = ContainerState.Exited });
        var node = cluster.NodeNamed("node-1");
        Assert.Equal((1, GiB + GiB / 2, 2), (node.UsedCpus, node.UsedMemory, node.ContainerCount));

        cluster.State.RemoveContainer(IdOf("node-1"), IdFor("a"));
        Assert.Equal((0, GiB / 2, 1), (node.UsedCpus, node.UsedMemory, node.ContainerCount));
    }

    [Fact]
    public void Replacing_a_container_with_the_same_key_updates_its_reservation()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("a") with { Memory = GiB });
        cluster.Container("node-1", Running("a") with { Memory = 2 * GiB });
        var node = cluster.NodeNamed("node-1");
        Assert.Equal((2 * GiB, 1), (node.UsedMemory, node.ContainerCount));
        Assert.Equal(1, cluster.State.ContainerCount);
    }

    [Fact]
    public void A_pending_container_is_replaced_by_the_created_one()
    {
        var cluster = new TestCluster().Node("node-1");
        string swarmId = new('d', 64);
        var pending = new ContainerInfo { SwarmId = swarmId, Name = "web", Cpus = 1 };
        cluster.Container("node-1", pending);
        cluster.State.RemoveContainer(IdOf("node-1"), swarmId);
        cluster.Container("node-1", pending with { Id = IdFor("web"), State = ContainerState.Created });
        Assert.True(cluster.State.IsIdInUse(swarmId));
        Assert.True(cluster.State.IsIdInUse(IdFor("web")));
        Assert.Equal(1, cluster.NodeNamed("node-1").UsedCpus);
    }

    [Fact]
    public void Names_are_stored_without_the_leading_slash()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("/web"));
        Assert.True(cluster.State.IsNameInUse("web"));
        Assert.True(cluster.State.IsNameInUse("/web"));
        Assert.Equal("web", cluster.NodeNamed("node-1").Containers.Single().Name);
    }

    [Fact]
    public void Removing_a_node_releases_its_containers_names_and_ids()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2").Container("node-1", Running("web", Port("80")));
        Assert.True(cluster.State.RemoveNode(IdOf("node-1")));
        Assert.False(cluster.State.IsNameInUse("web"));
        Assert.False(cluster.State.IsIdInUse(IdFor("web")));
        Assert.Equal(0, cluster.State.ContainerCount);
        Assert.False(cluster.State.RemoveNode(IdOf("node-1")));
    }

    [Fact]
    public void A_slot_freed_by_a_leaving_node_is_reused_without_stale_index_entries()
    {
        var cluster = new TestCluster().Node("node-1", labels: "region=eu").Node("node-2")
            .Container("node-1", Running("web", Port("80")))
            .Images("node-1", new NodeImage("sha256:1", ["redis:7"]));
        cluster.State.RemoveNode(IdOf("node-1"));
        cluster.Node("node-3");
        Assert.Equal(2, cluster.State.SlotCapacity);
        var request = Request() with { PortBindings = [Port("80")] };
        for (int i = 0; i < 10; i++) Assert.StartsWith("node-", cluster.Place(request));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("constraint:region==eu")));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("affinity:image==redis")));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("affinity:container==web")));
    }

    [Fact]
    public void Updating_a_node_keeps_its_health_unless_told()
    {
        var cluster = new TestCluster().Node("node-1", health: 0);
        var node = cluster.NodeNamed("node-1");
        cluster.State.AddNode(node.Description with { Cpus = 4 });
        Assert.Equal(0, node.HealthIndicator);
        Assert.Equal(SchedulingErrors.NoHealthyNode, cluster.Place(Request()));
        cluster.State.AddNode(node.Description, healthIndicator: 100);
        Assert.Equal("node-1", cluster.Place(Request()));
    }

    [Fact]
    public void Operations_on_unknown_nodes_fail_loudly()
    {
        var state = new Swarm.Scheduling.State.ClusterState();
        Assert.Throws<KeyNotFoundException>(() => state.AddContainer("nope", Running("a")));
        Assert.Throws<KeyNotFoundException>(() => state.SetHealth("nope", 0));
    }
}
