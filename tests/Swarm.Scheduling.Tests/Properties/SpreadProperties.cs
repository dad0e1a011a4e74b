using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>Property 4: on identical healthy nodes, spread keeps container counts within one of each other.</summary>
public class SpreadProperties
{
    public sealed record Scenario(int NodeCount, long NodeCpus, long NodeMemory, long Cpus, long Memory, int Placements)
    {
        public override string ToString() =>
            $"{NodeCount} nodes of {NodeCpus} CPUs / {Describe.Bytes(NodeMemory)}; {Placements} x (-c {Cpus} -m {Describe.Bytes(Memory)})";
    }

    private static Gen<Scenario> ScenarioGen { get; } =
        from nodeCount in Gen.Choose(1, 40)
        from nodeCpus in Gen.Elements(1L, 2L, 4L, 8L)
        from nodeMemory in Gen.Elements(1L, 2L, 4L, 16L).Select(g => g * ClusterGenerators.GiB)
        from cpus in Gen.Elements(0L, 0L, 1L, 2L)
        from memory in Gen.Elements(0L, 0L, ClusterGenerators.GiB / 2, ClusterGenerators.GiB)
        from placements in Gen.Choose(1, 120)
        select new Scenario(nodeCount, nodeCpus, nodeMemory, cpus, memory, placements);

    [Property(MaxTest = 150)]
    public Property Spread_keeps_counts_within_one() =>
        Prop.ForAll(Arb.From(ScenarioGen), Arb.From(Gen.Choose(0, 1_000_000)), (scenario, seed) =>
        {
            var cluster = new ClusterSpec([.. Enumerable.Range(0, scenario.NodeCount).Select(i =>
                new NodeSpec($"id-{i:d2}", $"node-{i}", new Dictionary<string, string> { ["region"] = "eu" }, scenario.NodeCpus, scenario.NodeMemory, 100, []))]);
            var state = cluster.Build();
            var scheduler = new SchedulerConfig(PlacementStrategy.Spread, seed).Create();
            var request = new RequestSpec([], false, [], false, [], scenario.Cpus, scenario.Memory);
            for (int step = 0; step < scenario.Placements; step++)
            {
                var decision = scheduler.Decide(state, request.ToSchedulingRequest());
                if (!decision.Succeeded)
                {
                    // Only acceptable once no node can take another one.
                    var view = state.Nodes.Select(n => new RefNode(n.Id, n.Name, n.Description.Labels, n.Description.Cpus, n.Description.Memory, n.HealthIndicator, [.. n.Containers]));
                    Assert.True(view.All(n => ReferenceScheduler.Weight(n, scenario.Cpus, scenario.Memory, PlacementStrategy.Spread) is null),
                        $"step {step}: failed ({decision.Error}) although a node still fits");
                    break;
                }
                state.AddContainer(decision.NodeId!, decision.PendingContainer!);
                var counts = state.Nodes.Select(n => n.ContainerCount).ToList();
                Assert.True(counts.Max() - counts.Min() <= 1, $"step {step}: counts {string.Join(",", counts)}");
            }
        });
}
