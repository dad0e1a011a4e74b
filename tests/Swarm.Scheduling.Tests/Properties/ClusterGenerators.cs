using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>One engine of a generated cluster: its description, health and the containers on it.</summary>
public sealed record NodeSpec(
    string Id,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    long Cpus,
    long Memory,
    int Health,
    IReadOnlyList<ContainerInfo> Containers)
{
    public NodeDescription Description => new(Id, Name, Id + ".example:2375", Labels, Cpus, Memory);

    public override string ToString() =>
        $"{Id} name={Name} {{{string.Join(",", Labels.Select(l => l.Key + "=" + l.Value))}}} cpus={Cpus} mem={Describe.Bytes(Memory)} health={Health}" +
        (Containers.Count == 0 ? "" : "\n      " + string.Join("\n      ", Containers.Select(Describe.Container)));
}

/// <summary>A generated cluster as plain data, so it can be printed, shrunk and built into identical states twice.</summary>
public sealed record ClusterSpec(IReadOnlyList<NodeSpec> Nodes)
{
    public ClusterState Build()
    {
        var state = new ClusterState();
        foreach (var node in Nodes)
        {
            state.AddNode(node.Description, node.Health);
            foreach (var container in node.Containers) state.AddContainer(node.Id, container);
        }
        return state;
    }

    public NodeSpec Node(string id) => Nodes.Single(n => n.Id == id);

    public IReadOnlyList<RefNode> ReferenceNodes => [.. Nodes.Select(RefNode.From)];

    public override string ToString() => $"cluster of {Nodes.Count}:\n    " + string.Join("\n    ", Nodes);
}

/// <summary>A generated create request: constraints (env or label form), port bindings, host mode, resources.</summary>
public sealed record RequestSpec(
    IReadOnlyList<string> Constraints,
    bool ConstraintsAsLabel,
    IReadOnlyList<PortBinding> Ports,
    bool HostMode,
    IReadOnlyList<string> ExposedPorts,
    long Cpus,
    long Memory,
    string Name = "")
{
    public ContainerRequest ToContainerRequest(params string[] extraConstraints)
    {
        var constraints = Constraints.Concat(extraConstraints).ToList();
        var env = new List<string> { "PATH=/usr/bin" };
        var labels = new Dictionary<string, string> { ["app"] = "test" };
        if (ConstraintsAsLabel) labels[ExpressionFamily.Constraint.LabelName] = JsonSerializer.Serialize(constraints);
        else env.AddRange(constraints.Select(c => "constraint:" + c));
        return new ContainerRequest
        {
            Name = Name,
            Image = "nginx:latest",
            Env = env,
            Labels = labels,
            PortBindings = Ports,
            ExposedPorts = ExposedPorts,
            NetworkMode = HostMode ? "host" : "bridge",
            Cpus = Cpus,
            Memory = Memory,
        };
    }

    public SchedulingRequest ToSchedulingRequest(params string[] extraConstraints) =>
        SchedulingRequest.TryCreate(ToContainerRequest(extraConstraints), out string? error)
        ?? throw new InvalidOperationException($"generated request rejected: {error} ({this})");

    public override string ToString() =>
        string.Join(" ", Constraints.Select(c => ConstraintsAsLabel ? $"label-constraint:{c}" : $"-e constraint:{c}")
            .Concat(Ports.Select(p => "-p " + Describe.Port(p)))
            .Concat(HostMode ? ["--net host", .. ExposedPorts.Select(p => "--expose " + p)] : Array.Empty<string>())
            .Append($"-c {Cpus} -m {Describe.Bytes(Memory)}")
            .Append(Name.Length > 0 ? "--name " + Name : ""));
}

/// <summary>Which scheduler to run: strategy and seed.</summary>
public sealed record SchedulerConfig(PlacementStrategy Strategy, int Seed)
{
    public Scheduler Create() => new(new SchedulerOptions(FilterRegistry.Default, Strategy, Overcommit.Default, Seed));

    public override string ToString() => $"{Strategy.Name()} seed={Seed}";
}

public static class Describe
{
    public static string Bytes(long bytes) => bytes % ClusterGenerators.GiB == 0 ? $"{bytes / ClusterGenerators.GiB}g" : $"{bytes / (1L << 20)}m";

    public static string Port(PortBinding p) => $"{(p.HostIp.Length > 0 ? p.HostIp + ":" : "")}{p.HostPort}:{p.ContainerPort}";

    public static string Container(ContainerInfo c) =>
        $"[{(c.Name.Length > 0 ? c.Name : "-")} key={Short(c.Key)} {c.State} -c {c.Cpus} -m {Bytes(c.Memory)}" +
        string.Concat(c.PortBindings.Select(p => " -p " + Port(p))) +
        string.Concat(c.PublishedPorts.Select(p => " published " + Port(p))) +
        (c.UsesHostNetwork ? " --net host" + string.Concat(c.ExposedPorts.Select(p => " --expose " + p)) : "") + "]";

    private static string Short(string key) => key.Length > 12 ? key[..12] : key;
}

/// <summary>FsCheck generators for clusters, requests and scheduler settings.</summary>
public static class ClusterGenerators
{
    public const long GiB = 1L << 30;

    public static readonly string[] HostPorts = ["8080", "8081", "8082"];

    public static Gen<PortBinding> PortBindingGen { get; } =
        from hostPort in Gen.Frequency((4, Gen.Constant("8080")), (3, Gen.Constant("8081")), (2, Gen.Constant("8082")), (1, Gen.Constant("")))
        from hostIp in Gen.Elements("", "", "0.0.0.0", "::", "10.0.0.1", "10.0.0.2")
        from containerPort in Gen.Elements("80/tcp", "443/tcp")
        select new PortBinding(containerPort, hostIp, hostPort);

    public static Gen<string[]> ExposedPortsGen { get; } =
        Gen.Elements<string[]>(["80/tcp"], ["53/udp"], ["80/tcp", "53/udp"]);

    public static Gen<int> HealthGen { get; } = Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(50)), (4, Gen.Constant(100)));

    public static Gen<long> ContainerCpusGen { get; } = Gen.Elements(0L, 0L, 1L, 2L);

    public static Gen<long> ContainerMemoryGen { get; } = Gen.Elements(0L, 0L, GiB / 2, GiB, 2 * GiB);

    /// <summary>A container without identity; <see cref="WithIdentity"/> gives it unique IDs.</summary>
    public static Gen<ContainerInfo> ContainerGen { get; } =
        from pending in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from state in Gen.Elements(ContainerState.Created, ContainerState.Running, ContainerState.Running, ContainerState.Exited, ContainerState.Paused)
        from name in Gen.Frequency((2, Gen.Constant("")), (3, Gen.Elements("web", "db", "cache", "/api", "web-1")))
        from ports in Gen.Choose(0, 2).SelectMany(n => Gen.ListOf(PortBindingGen, n))
        from published in Gen.Frequency((3, Gen.Constant(new List<PortBinding>())), (1, Gen.ListOf(PortBindingGen, 1)))
        from hostMode in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from exposed in ExposedPortsGen
        from cpus in ContainerCpusGen
        from memory in ContainerMemoryGen
        from label in Gen.Elements("web", "db", "")
        select new ContainerInfo
        {
            // Placeholders: pending containers have no engine ID; WithIdentity fills in unique values.
            Id = pending ? "" : "id",
            SwarmId = "sid",
            Name = name,
            Image = "nginx:latest",
            Labels = label.Length > 0 ? new Dictionary<string, string> { ["app"] = label } : new Dictionary<string, string>(),
            PortBindings = ports,
            PublishedPorts = pending ? [] : published,
            NetworkMode = hostMode ? "host" : "bridge",
            ExposedPorts = exposed,
            Cpus = cpus,
            Memory = memory,
            State = pending ? ContainerState.Pending : state,
        };

    /// <summary>Unique 64-hex engine and swarm IDs for container <paramref name="index"/> of node <paramref name="node"/>; some created containers have no swarm ID.</summary>
    public static ContainerInfo WithIdentity(ContainerInfo container, int node, int index)
    {
        string suffix = $"{node:x4}{index:x4}";
        string id = container.Id.Length > 0 ? suffix.PadRight(64, 'c') : "";
        bool swarmManaged = id.Length == 0 || index % 3 != 2;
        return container with { Id = id, SwarmId = swarmManaged ? suffix.PadRight(64, 'f') : "" };
    }

    public static Gen<Dictionary<string, string>> NodeLabelsGen(bool allowSlots) =>
        from region in Gen.Frequency((1, Gen.Constant("")), (2, Gen.Constant("eu")), (2, Gen.Constant("us-east")), (1, Gen.Constant("us-west")), (1, Gen.Constant("ap")))
        from storage in Gen.Elements("", "ssd", "disk")
        from slots in allowSlots
            ? Gen.Frequency((8, Gen.Constant("")), (1, Gen.Elements("1", "2", "3", "x")))
            : Gen.Constant("")
        select Labels(("storagedriver", "overlay2"), ("region", region), ("storage", storage), ("containerslots", slots));

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.Where(p => p.Value.Length > 0).ToDictionary(p => p.Key, p => p.Value);

    public static Gen<NodeSpec> NodeGen(int index, bool allowSlots, Gen<int> health, Gen<ContainerInfo> containers, int maxContainers) =>
        from duplicateName in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from labels in NodeLabelsGen(allowSlots)
        from cpus in Gen.Elements(1L, 2L, 4L, 8L)
        from memory in Gen.Elements(1L, 2L, 4L, 8L, 16L)
        from healthIndicator in health
        from held in Gen.Choose(0, maxContainers).SelectMany(n => Gen.ListOf(containers, n))
        select new NodeSpec(
            $"id-{index:d2}",
            $"node-{(duplicateName && index > 0 ? index - 1 : index)}",
            labels,
            cpus,
            memory * GiB,
            healthIndicator,
            [.. held.Select((c, j) => WithIdentity(c, index, j))]);

    /// <summary>Random clusters of 1 to <paramref name="maxNodes"/> nodes (growing with FsCheck's size).</summary>
    public static Gen<ClusterSpec> ClusterGen(int maxNodes = 40, bool allowSlots = true, int maxContainers = 4) =>
        Gen.Sized(size => Gen.Choose(1, Math.Clamp(2 + size * maxNodes / 60, 1, maxNodes)))
            .SelectMany(count => Gen.CollectToList(Enumerable.Range(0, count), i => NodeGen(i, allowSlots, HealthGen, ContainerGen, maxContainers)))
            .Select(nodes => new ClusterSpec(nodes));

    /// <summary>Drops one node or one container at a time.</summary>
    public static IEnumerable<ClusterSpec> ShrinkCluster(ClusterSpec spec)
    {
        if (spec.Nodes.Count > 1)
        {
            for (int i = 0; i < spec.Nodes.Count; i++) yield return new ClusterSpec([.. spec.Nodes.Where((_, j) => j != i)]);
        }
        for (int i = 0; i < spec.Nodes.Count; i++)
        {
            var node = spec.Nodes[i];
            for (int c = 0; c < node.Containers.Count; c++)
            {
                var smaller = node with { Containers = [.. node.Containers.Where((_, k) => k != c)] };
                yield return new ClusterSpec([.. spec.Nodes.Select((n, j) => j == i ? smaller : n)]);
            }
        }
    }

    public static Arbitrary<ClusterSpec> Clusters(int maxNodes = 40, bool allowSlots = true) =>
        Arb.From(ClusterGen(maxNodes, allowSlots), ShrinkCluster);

    public static Gen<string> ConstraintGen { get; } =
        from keyValue in Gen.OneOf(
            Gen.Elements("eu", "us-east", "us-*", "us*", "/^us-/", "*", "/^$/", "ap").Select(v => ("region", v)),
            Gen.Elements("ssd", "disk", "*", "/s/").Select(v => ("storage", v)),
            Gen.Elements("1", "2", "x").Select(v => ("containerslots", v)),
            Gen.Choose(0, 12).SelectMany(n => Gen.Elements($"node-{n}", $"id-{n:d2}", "node-1*", "/node-[12]$/", "id-0*", "*-3")).Select(v => ("node", v)))
        from op in Gen.Frequency((3, Gen.Constant("==")), (2, Gen.Constant("!=")))
        from soft in Gen.Frequency((4, Gen.Constant("")), (1, Gen.Constant("~")))
        select keyValue.Item1 + op + soft + keyValue.Item2;

    public static Gen<RequestSpec> RequestGen { get; } =
        from constraints in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
            .SelectMany(n => Gen.ListOf(ConstraintGen, n))
        from asLabel in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from ports in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2))).SelectMany(n => Gen.ListOf(PortBindingGen, n))
        from hostMode in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from exposed in ExposedPortsGen
        from cpus in Gen.Elements(0L, 0L, 1L, 2L, 4L)
        from memory in Gen.Elements(0L, 0L, GiB / 2, GiB, 2 * GiB, 8 * GiB)
        select new RequestSpec(constraints, asLabel, ports, hostMode, hostMode ? exposed : [], cpus, memory);

    public static IEnumerable<RequestSpec> ShrinkRequest(RequestSpec spec)
    {
        for (int i = 0; i < spec.Constraints.Count; i++) yield return spec with { Constraints = [.. spec.Constraints.Where((_, j) => j != i)] };
        for (int i = 0; i < spec.Ports.Count; i++) yield return spec with { Ports = [.. spec.Ports.Where((_, j) => j != i)] };
        if (spec.HostMode) yield return spec with { HostMode = false, ExposedPorts = [] };
        if (spec.ConstraintsAsLabel) yield return spec with { ConstraintsAsLabel = false };
        if (spec.Cpus > 0) yield return spec with { Cpus = 0 };
        if (spec.Memory > 0) yield return spec with { Memory = 0 };
    }

    public static Arbitrary<RequestSpec> Requests { get; } = Arb.From(RequestGen, ShrinkRequest);

    public static Gen<PlacementStrategy> StrategyGen { get; } = Gen.Elements(PlacementStrategy.Spread, PlacementStrategy.Binpack, PlacementStrategy.Random);

    public static Gen<SchedulerConfig> SchedulerConfigGen { get; } =
        from strategy in StrategyGen
        from seed in Gen.Choose(0, 1_000_000)
        select new SchedulerConfig(strategy, seed);

    public static Arbitrary<SchedulerConfig> SchedulerConfigs { get; } = Arb.From(SchedulerConfigGen);
}
