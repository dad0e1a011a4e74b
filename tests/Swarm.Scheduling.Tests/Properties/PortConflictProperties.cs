using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>Property 2: a placement never takes a host port that a container on the node (pending included) holds.</summary>
public class PortConflictProperties
{
    [Property(MaxTest = 200)]
    public Property Placement_never_reuses_a_held_host_port() =>
        Prop.ForAll(ClusterGenerators.Clusters(), ClusterGenerators.Requests, ClusterGenerators.SchedulerConfigs, (cluster, request, config) =>
        {
            var state = cluster.Build();
            var result = config.Create().Place(state, request.ToSchedulingRequest());
            if (!result.Succeeded) return;

            // Scan the chosen node's containers directly, bypassing the port index.
            var conflict = ReferenceScheduler.PortConflict(result.Node!.Containers, request);
            if (conflict is not null) Assert.Fail($"placed on {result.Node.Id} although {Describe.Container(conflict)} holds a wanted port");
        });

    [Property(MaxTest = 150)]
    public Property Repeated_port_requests_spread_over_distinct_nodes_until_every_healthy_node_holds_the_port() =>
        Prop.ForAll(ClusterGenerators.Clusters(maxNodes: 25, allowSlots: false), ClusterGenerators.SchedulerConfigs, (cluster, config) =>
        {
            var state = cluster.Build();
            var scheduler = config.Create();
            var wanted = new PortBinding("80/tcp", "", "8080");
            var request = new RequestSpec([], false, [wanted], false, [], 0, 0);
            var holdersBefore = cluster.Nodes.Where(n => n.Containers.Any(c => c.PortBindings.Concat(c.PublishedPorts).Any(p => ReferenceScheduler.Overlap(wanted, p)))).Select(n => n.Id).ToHashSet();
            int free = cluster.Nodes.Count(n => n.Health > 0 && !holdersBefore.Contains(n.Id));

            var chosen = new List<string>();
            for (int attempt = 0; attempt < free + 2; attempt++)
            {
                var decision = scheduler.Decide(state, request.ToSchedulingRequest());
                if (attempt < free)
                {
                    Assert.True(decision.Succeeded, $"attempt {attempt + 1} of {free} failed: {decision.Error}");
                    Assert.DoesNotContain(decision.NodeId!, holdersBefore);
                    Assert.DoesNotContain(decision.NodeId!, chosen);
                    Assert.True(cluster.Node(decision.NodeId!).Health > 0, $"{decision.NodeId} is unhealthy");
                    chosen.Add(decision.NodeId!);
                    state.AddContainer(decision.NodeId!, decision.PendingContainer!);
                }
                else
                {
                    Assert.False(decision.Succeeded, $"attempt {attempt + 1} placed on {decision.NodeId} though all {free} free healthy nodes hold 8080");
                    Assert.Equal(PlacementFailure.Unschedulable, decision.Failure);
                }
            }
        });

    [Fact]
    public void Every_overlapping_address_pair_conflicts_and_distinct_addresses_do_not()
    {
        string[] addresses = ["", "0.0.0.0", "::", "10.0.0.1", "10.0.0.2"];
        foreach (string held in addresses)
        {
            foreach (string asked in addresses)
            {
                var state = new ClusterSpec([new NodeSpec("id-00", "node-0", new Dictionary<string, string>(), 1, ClusterGenerators.GiB, 100,
                    [new ContainerInfo { SwarmId = new string('f', 64), PortBindings = [new PortBinding("80/tcp", held, "8080")] }])]).Build();
                var request = new RequestSpec([], false, [new PortBinding("80/tcp", asked, "8080")], false, [], 0, 0);
                bool expectConflict = ReferenceScheduler.BindsAllInterfaces(held) || ReferenceScheduler.BindsAllInterfaces(asked) || held == asked;
                var result = new SchedulerConfig(PlacementStrategy.Spread, 0).Create().Place(state, request.ToSchedulingRequest());
                Assert.True(result.Succeeded != expectConflict, $"held '{held}', asked '{asked}': succeeded={result.Succeeded}");
            }
        }
    }
}
