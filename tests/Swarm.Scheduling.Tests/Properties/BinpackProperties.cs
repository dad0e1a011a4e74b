using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>
/// Property 3: binpack never opens an empty node while a node that already holds containers still fits the
/// request. Nodes have identical capacity and health: with unequal nodes classic's binpack does prefer an empty
/// small node whose percentage would be higher (section 1.5), so that is not a property of classic.
/// </summary>
public class BinpackProperties
{
    public sealed record Scenario(int NodeCount, long NodeCpus, long NodeMemory, int Health, long Cpus, long Memory, IReadOnlyList<IReadOnlyList<ContainerInfo>> Existing, int Placements)
    {
        public ClusterSpec Cluster => new([.. Enumerable.Range(0, NodeCount).Select(i =>
            new NodeSpec($"id-{i:d2}", $"node-{i}", new Dictionary<string, string>(), NodeCpus, NodeMemory, Health, Existing[i]))]);

        public RequestSpec Request => new([], false, [], false, [], Cpus, Memory);

        public override string ToString() =>
            $"{NodeCount} nodes of {NodeCpus} CPUs / {Describe.Bytes(NodeMemory)}, health {Health}; {Placements} x (-c {Cpus} -m {Describe.Bytes(Memory)}); existing: " +
            string.Join(" | ", Existing.Select((c, i) => $"node-{i}: {string.Join(" ", c.Select(Describe.Container))}"));
    }

    private static Gen<Scenario> ScenarioGen { get; } =
        from nodeCount in Gen.Choose(1, 20)
        from nodeCpus in Gen.Elements(1L, 2L, 4L, 8L)
        from nodeMemory in Gen.Elements(1L, 2L, 4L, 8L).Select(g => g * ClusterGenerators.GiB)
        from health in Gen.Elements(50, 100)
        from cpus in Gen.Elements(0L, 1L, 1L, 2L)
        from memory in Gen.Elements(0L, ClusterGenerators.GiB, ClusterGenerators.GiB, ClusterGenerators.GiB / 2)
        from existing in Gen.ListOf(
            Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 3))).SelectMany(n => Gen.ListOf(
                from c in ClusterGenerators.ContainerCpusGen
                from m in ClusterGenerators.ContainerMemoryGen
                select new ContainerInfo { Id = "x", Cpus = c, Memory = m, State = ContainerState.Running }, n)),
            nodeCount)
        from placements in Gen.Choose(1, 30)
        select new Scenario(nodeCount, nodeCpus, nodeMemory, health, cpus, memory,
            [.. existing.Select((list, i) => (IReadOnlyList<ContainerInfo>)[.. list.Select((c, j) => ClusterGenerators.WithIdentity(c, i, j))])],
            placements);

    [Property(MaxTest = 200)]
    public Property Binpack_fills_used_nodes_before_opening_an_empty_one() =>
        Prop.ForAll(Arb.From(ScenarioGen), Arb.From(Gen.Choose(0, 1_000_000)), (scenario, seed) =>
        {
            var cluster = scenario.Cluster;
            var state = cluster.Build();
            var scheduler = new SchedulerConfig(PlacementStrategy.Binpack, seed).Create();
            var request = scenario.Request;
            for (int step = 0; step < scenario.Placements; step++)
            {
                var view = state.Nodes.Select(n => new RefNode(n.Id, n.Name, n.Description.Labels, n.Description.Cpus, n.Description.Memory, n.HealthIndicator, [.. n.Containers])).ToList();
                var fitting = view.Where(n => ReferenceScheduler.Weight(n, request.Cpus, request.Memory, PlacementStrategy.Binpack) is not null).ToList();
                bool usedNodeFits = fitting.Any(n => n.Containers.Count > 0);

                var decision = scheduler.Decide(state, request.ToSchedulingRequest());
                Assert.True(decision.Succeeded == (fitting.Count > 0), $"step {step}: succeeded={decision.Succeeded} but {fitting.Count} nodes fit ({decision.Error})");
                if (!decision.Succeeded) break;

                var chosen = view.Single(n => n.Id == decision.NodeId);
                Assert.True(!usedNodeFits || chosen.Containers.Count > 0,
                    $"step {step}: opened empty {chosen.Id} while {string.Join(",", fitting.Where(n => n.Containers.Count > 0).Select(n => n.Id))} already hold containers and fit");
                state.AddContainer(decision.NodeId!, decision.PendingContainer!);
            }
        });
}
