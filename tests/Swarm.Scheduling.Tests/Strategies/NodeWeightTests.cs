using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Strategies;

public class NodeWeightTests
{
    [Fact]
    public void Weight_is_cpu_percent_plus_memory_percent_plus_health_term_in_integer_arithmetic()
    {
        var cluster = new TestCluster().Node("node-1", cpus: 3, memory: 3 * GiB, health: 67)
            .Container("node-1", Running("a") with { Cpus = 1, Memory = GiB });
        var node = cluster.NodeNamed("node-1");
        var noOvercommit = Overcommit.TryCreate(0, out _)!.Value;
        // (1+1)*100/3 = 66, (1+0.5)*100/3 = 50, -10*67 = -670.
        Assert.Equal(66 + 50 - 670, NodeWeight.Of(node, 1, GiB / 2, noOvercommit, -10));
        // Nothing asked for: 100 on both axes.
        Assert.Equal(200 + 670, NodeWeight.Of(node, 0, 0, noOvercommit, 10));
    }

    [Fact]
    public void A_request_that_overflows_the_node_has_no_weight()
    {
        var cluster = new TestCluster().Node("node-1", cpus: 2).Container("node-1", Running("a") with { Cpus = 2 });
        var noOvercommit = Overcommit.TryCreate(0, out _)!.Value;
        Assert.Null(NodeWeight.Of(cluster.NodeNamed("node-1"), 1, 0, noOvercommit, -10));
    }
}
