using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.State;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>
/// Property 6: after any sequence of node and container changes, the incrementally maintained indexes answer
/// like a naive model that keeps plain lists and scans them. Node and container IDs come from small pools so
/// that re-adds, replacements, removals of missing things and slot reuse all happen.
/// </summary>
public class IndexConsistencyProperties
{
    public abstract record Op;

    public sealed record AddNode(int IdIndex, string Name, Dictionary<string, string> Labels, long Cpus, long Memory, int? Health) : Op
    {
        public override string ToString() =>
            $"AddNode(id-{IdIndex:d2}, {Name}, {{{string.Join(",", Labels.Select(l => l.Key + "=" + l.Value))}}}, {Cpus} CPUs, {Describe.Bytes(Memory)}, health {Health?.ToString() ?? "kept"})";
    }

    public sealed record RemoveNode(int IdIndex) : Op
    {
        public override string ToString() => $"RemoveNode(id-{IdIndex:d2})";
    }

    /// <summary>Adds to the <see cref="NodePick"/>-th existing node (modulo the count, in ID order).</summary>
    public sealed record AddContainer(int NodePick, ContainerInfo Container) : Op
    {
        public override string ToString() => $"AddContainer(#{NodePick}, {Describe.Container(Container)})";
    }

    public sealed record RemoveContainer(int NodePick, string Key) : Op
    {
        public override string ToString() => $"RemoveContainer(#{NodePick}, {Key})";
    }

    public sealed record SetHealth(int NodePick, int Health) : Op
    {
        public override string ToString() => $"SetHealth(#{NodePick}, {Health})";
    }

    private const int IdPool = 8;
    private static readonly string[] KeyPool = ["k0", "k1", "k2", "k3", "k4", "k5"];
    private static readonly string[] NamePool = ["web", "db", "cache", "api"];

    private static Gen<Op> OpGen { get; } = Gen.Frequency(
        (3, from id in Gen.Choose(0, IdPool - 1)
            from name in Gen.Elements("node-0", "node-1", "node-2", "node-3", "node-4")
            from labels in ClusterGenerators.NodeLabelsGen(allowSlots: true)
            from cpus in Gen.Elements(1L, 2L, 4L)
            from memory in Gen.Elements(1L, 4L).Select(g => g * ClusterGenerators.GiB)
            from health in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Elements<int?>(0, 50, 100)))
            select (Op)new AddNode(id, name, labels, cpus, memory, health)),
        (1, Gen.Choose(0, IdPool - 1).Select(id => (Op)new RemoveNode(id))),
        (6, from pick in Gen.Choose(0, 100)
            from container in ClusterGenerators.ContainerGen
            from id in Gen.Frequency((1, Gen.Constant("")), (1, Gen.Elements(KeyPool)))
            from swarmId in Gen.Elements(KeyPool)
            from name in Gen.Frequency((1, Gen.Constant("")), (2, Gen.Elements(NamePool)), (1, Gen.Elements(NamePool).Select(n => "/" + n)))
            select (Op)new AddContainer(pick, container with { Id = id, SwarmId = swarmId, Name = name })),
        (2, from pick in Gen.Choose(0, 100)
            from key in Gen.Elements(KeyPool)
            select (Op)new RemoveContainer(pick, key)),
        (1, from pick in Gen.Choose(0, 100)
            from health in Gen.Elements(0, 50, 100)
            select (Op)new SetHealth(pick, health)));

    private static IEnumerable<List<Op>> ShrinkOps(List<Op> ops)
    {
        for (int i = 0; i < ops.Count; i++) yield return [.. ops.Where((_, j) => j != i)];
    }

    private static Arbitrary<List<Op>> OpSequences { get; } =
        Arb.From(Gen.Sized(size => Gen.Choose(0, 10 + size)).SelectMany(n => Gen.ListOf(OpGen, n)), ShrinkOps);

    private static Arbitrary<List<RequestSpec>> RequestSets { get; } =
        Arb.From(Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(ClusterGenerators.RequestGen, n)));

    /// <summary>The naive model: plain records, containers keyed like the state keys them.</summary>
    private sealed class Model
    {
        public SortedDictionary<string, (NodeDescription Description, int Health, Dictionary<string, ContainerInfo> Containers)> Nodes { get; } = new(StringComparer.Ordinal);

        public string? Pick(int pick) => Nodes.Count == 0 ? null : Nodes.Keys.ElementAt(pick % Nodes.Count);

        public IEnumerable<RefNode> RefNodes => Nodes.Values.Select(n =>
            new RefNode(n.Description.Id, n.Description.Name, n.Description.Labels, n.Description.Cpus, n.Description.Memory, n.Health, [.. n.Containers.Values]));
    }

    /// <summary>Applies <paramref name="op"/> to both, checking that the return values agree.</summary>
    private static void Apply(Op op, ClusterState state, Model model)
    {
        switch (op)
        {
            case AddNode add:
            {
                string id = $"id-{add.IdIndex:d2}";
                var description = new NodeDescription(id, add.Name, id + ".example:2375", add.Labels, add.Cpus, add.Memory);
                state.AddNode(description, add.Health);
                if (model.Nodes.TryGetValue(id, out var existing)) model.Nodes[id] = (description, add.Health ?? existing.Health, existing.Containers);
                else model.Nodes[id] = (description, add.Health ?? 100, new Dictionary<string, ContainerInfo>());
                break;
            }
            case RemoveNode remove:
            {
                string id = $"id-{remove.IdIndex:d2}";
                Assert.Equal(model.Nodes.Remove(id), state.RemoveNode(id));
                break;
            }
            case AddContainer add when model.Pick(add.NodePick) is { } id:
            {
                state.AddContainer(id, add.Container);
                var stored = add.Container.Name.StartsWith('/') ? add.Container with { Name = add.Container.Name[1..] } : add.Container;
                model.Nodes[id].Containers[stored.Key] = stored;
                break;
            }
            case RemoveContainer remove when model.Pick(remove.NodePick) is { } id:
                Assert.Equal(model.Nodes[id].Containers.Remove(remove.Key), state.RemoveContainer(id, remove.Key));
                break;
            case SetHealth set when model.Pick(set.NodePick) is { } id:
            {
                state.SetHealth(id, set.Health);
                var node = model.Nodes[id];
                model.Nodes[id] = (node.Description, set.Health, node.Containers);
                break;
            }
        }
    }

    /// <summary>How many extra nodes to add first: above 64 the node sets span several words and the ops' nodes sit past the first.</summary>
    private static Arbitrary<int> FillerCounts { get; } = Arb.From(Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 80))));

    [Property(MaxTest = 200)]
    public Property State_after_random_changes_matches_the_naive_model() =>
        Prop.ForAll(FillerCounts, OpSequences, RequestSets, (fillers, ops, requests) =>
        {
            var state = new ClusterState();
            var model = new Model();
            for (int i = 0; i < fillers; i++)
            {
                var labels = new Dictionary<string, string> { ["region"] = i % 3 == 0 ? "eu" : "us-east" };
                var description = new NodeDescription($"fill-{i:d2}", $"filler-{i}", "", labels, 8, 16 * ClusterGenerators.GiB);
                state.AddNode(description);
                model.Nodes[description.Id] = (description, 100, new Dictionary<string, ContainerInfo>());
            }
            var scheduler = new Dictionary<PlacementStrategy, Scheduler>
            {
                [PlacementStrategy.Random] = new SchedulerConfig(PlacementStrategy.Random, 1).Create(),
                [PlacementStrategy.Spread] = new SchedulerConfig(PlacementStrategy.Spread, 1).Create(),
            };

            foreach (var op in ops)
            {
                Apply(op, state, model);
                // Query between changes too, so the constraint cache is filled and must be invalidated.
                Check(state, model, requests[0], scheduler[PlacementStrategy.Random], PlacementStrategy.Random, pinnedOnly: true);
            }

            CheckSurface(state, model);
            foreach (var request in requests)
            {
                foreach (var (strategy, s) in scheduler) Check(state, model, request, s, strategy, pinnedOnly: false);
            }
        });

    /// <summary>Pinned to each node in turn, a request succeeds exactly where the naive filters accept it; unpinned, it picks among them.</summary>
    private static void Check(ClusterState state, Model model, RequestSpec request, Scheduler scheduler, PlacementStrategy strategy, bool pinnedOnly)
    {
        var nodes = model.RefNodes.ToList();
        for (int i = 0; i < IdPool; i++)
        {
            string pin = $"node==id-{i:d2}";
            var expected = ReferenceScheduler.Candidates(nodes, request, ReferenceScheduler.ConstraintsOf(request, pin), strategy);
            var result = scheduler.Place(state, request.ToSchedulingRequest(pin));
            Assert.True(result.Succeeded == (expected.Count == 1),
                $"{strategy} {request} pinned to id-{i:d2}: succeeded={result.Succeeded} ({result.Error}), naive says {(expected.Count == 1 ? "feasible" : "infeasible")}");
        }
        if (pinnedOnly) return;

        var candidates = ReferenceScheduler.Candidates(nodes, request, ReferenceScheduler.ConstraintsOf(request), strategy);
        var placed = scheduler.Place(state, request.ToSchedulingRequest());
        Assert.True(placed.Succeeded == (candidates.Count > 0), $"{strategy} {request}: succeeded={placed.Succeeded} ({placed.Error}), naive candidates {candidates.Count}");
        if (placed.Succeeded) Assert.Contains(placed.Node!.Id, candidates.Select(c => c.Id));
    }

    /// <summary>The state's public view (nodes, containers, reserved resources, names and IDs in use) equals the model.</summary>
    private static void CheckSurface(ClusterState state, Model model)
    {
        Assert.Equal(model.Nodes.Count, state.NodeCount);
        Assert.Equal(model.Nodes.Values.Sum(n => n.Containers.Count), state.ContainerCount);
        foreach (var (id, expected) in model.Nodes)
        {
            var node = state.FindNode(id);
            Assert.NotNull(node);
            Assert.Equal(expected.Description, node.Description);
            Assert.Equal(expected.Health, node.HealthIndicator);
            Assert.Equal(expected.Containers.Keys.Order(), node.Containers.Select(c => c.Key).Order());
            Assert.Equal(expected.Containers.Values.Sum(c => c.Cpus), node.UsedCpus);
            Assert.Equal(expected.Containers.Values.Sum(c => c.Memory), node.UsedMemory);
        }
        var containers = model.Nodes.Values.SelectMany(n => n.Containers.Values).ToList();
        foreach (string name in NamePool) Assert.Equal(containers.Any(c => c.Name == name), state.IsNameInUse(name));
        foreach (string key in KeyPool) Assert.Equal(containers.Any(c => c.Id == key || c.SwarmId == key), state.IsIdInUse(key));
    }
}
