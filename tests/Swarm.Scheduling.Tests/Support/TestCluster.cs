using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Support;

/// <summary>Builds a cluster state in a few lines and places requests on it the way the scheduler actor will.</summary>
internal sealed class TestCluster
{
    public const long GiB = 1L << 30;

    public TestCluster(PlacementStrategy strategy = PlacementStrategy.Spread, SchedulerOptions? options = null)
    {
        Scheduler = new Scheduler(options ?? SchedulerOptions.Default with { Strategy = strategy });
    }

    public ClusterState State { get; } = new();
    public Scheduler Scheduler { get; }

    public TestCluster Node(string name, long cpus = 2, long memory = 2 * GiB, int health = 100, params string[] labels)
    {
        var labelMap = labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        State.AddNode(new NodeDescription(IdOf(name), name, "127.0.0.1:" + (2375 + State.NodeCount), labelMap, cpus, memory), health);
        return this;
    }

    public TestCluster Container(string node, ContainerInfo container)
    {
        State.AddContainer(IdOf(node), container);
        return this;
    }

    public TestCluster Images(string node, params NodeImage[] images)
    {
        State.SetImages(IdOf(node), images);
        return this;
    }

    /// <summary>The node chosen for the request, or the scheduler's error text.</summary>
    public string Place(ContainerRequest request)
    {
        var parsed = SchedulingRequest.TryCreate(request, out string? error) ?? throw new InvalidOperationException(error);
        var result = Scheduler.Place(State, parsed);
        return result.Succeeded ? result.Node!.Name : result.Error!;
    }

    /// <summary>Decides and records the decision (the pending container), as a create does; returns the node's name or the error.</summary>
    public string Run(ContainerRequest request)
    {
        var parsed = SchedulingRequest.TryCreate(request, out string? error) ?? throw new InvalidOperationException(error);
        var decision = Scheduler.Decide(State, parsed);
        if (!decision.Succeeded) return decision.Error!;
        State.AddContainer(decision.NodeId!, decision.PendingContainer!);
        return State.FindNode(decision.NodeId!)!.Name;
    }

    public ClusterNode NodeNamed(string name) => State.FindNode(IdOf(name))!;

    /// <summary>Engine IDs in classic's <c>dockerdID|address</c> form.</summary>
    public static string IdOf(string name) => $"ID-{name.ToUpperInvariant()}|{name}:2375";

    public static ContainerInfo Running(string name, params PortBinding[] ports) => new()
    {
        Id = IdFor(name),
        Name = name,
        State = ContainerState.Running,
        PortBindings = ports,
    };

    public static string IdFor(string name) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    public static ContainerRequest Request(params string[] env) => new() { Image = "busybox", Env = env };

    public static PortBinding Port(string hostPort, string hostIp = "", string containerPort = "80/tcp") => new(containerPort, hostIp, hostPort);

    public static string Unsatisfied(params string[] lines) =>
        SchedulingErrors.UnsatisfiedConditionsPrefix + string.Concat(lines.Select(l => "\n" + l));
}
