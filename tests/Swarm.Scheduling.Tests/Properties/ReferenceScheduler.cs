using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>A node as the naive reference sees it: plain data, no index.</summary>
public sealed record RefNode(
    string Id,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    long Cpus,
    long Memory,
    int Health,
    IReadOnlyList<ContainerInfo> Containers)
{
    public static RefNode From(NodeSpec spec) => new(spec.Id, spec.Name, spec.Labels, spec.Cpus, spec.Memory, spec.Health, spec.Containers);

    public long UsedCpus => Containers.Sum(c => c.Cpus);
    public long UsedMemory => Containers.Sum(c => c.Memory);
}

/// <summary>
/// A deliberately naive re-statement of classic Swarm's health, port, containerslots and constraint filters and
/// of its weighing (reference section 1.4 to 1.6): every check scans every container of the node. Only the
/// expression matching itself (<see cref="Expression.Matches(IEnumerable{string})"/>) is the library's.
/// </summary>
public static class ReferenceScheduler
{
    private const long OvercommitPercent = 5;

    public static IReadOnlyList<Expression> ParseConstraints(IEnumerable<string> texts) =>
        [.. texts.Select(t => Expression.TryParse(t, out string? error) ?? throw new InvalidOperationException($"{t}: {error}"))];

    public static IReadOnlyList<Expression> ConstraintsOf(RequestSpec request, params string[] extra) =>
        ParseConstraints(request.Constraints.Concat(extra));

    /// <summary><c>node</c> matches the ID or the name; any other key the node label, a missing label offering "".</summary>
    public static bool ConstraintHolds(Expression constraint, RefNode node) =>
        constraint.Key == "node"
            ? constraint.Matches([node.Id, node.Name])
            : constraint.Matches([node.Labels.TryGetValue(constraint.Key, out string? value) ? value : ""]);

    public static bool BindsAllInterfaces(string ip) => ip is "" or "0.0.0.0" or "::";

    public static bool Overlap(PortBinding a, PortBinding b) =>
        a.HostPort.Length > 0 && a.HostPort == b.HostPort &&
        (BindsAllInterfaces(a.HostIp) || BindsAllInterfaces(b.HostIp) || a.HostIp == b.HostIp);

    /// <summary>The first container of <paramref name="containers"/> that takes a port the request wants, if any.</summary>
    public static ContainerInfo? PortConflict(IEnumerable<ContainerInfo> containers, RequestSpec request)
    {
        foreach (var container in containers)
        {
            if (request.HostMode)
            {
                if (container.NetworkMode == "host" && container.ExposedPorts.Intersect(request.ExposedPorts).Any()) return container;
            }
            else if (request.Ports.Any(wanted => container.PortBindings.Concat(container.PublishedPorts).Any(held => Overlap(wanted, held))))
            {
                return container;
            }
        }
        return null;
    }

    public static bool HasFreeSlot(RefNode node) =>
        !node.Labels.TryGetValue("containerslots", out string? text) || !long.TryParse(text, out long slots) || node.Containers.Count < slots;

    public static long Total(long capacity) => capacity + capacity * OvercommitPercent / 100;

    /// <summary>Classic's weight, or null when the request does not fit.</summary>
    public static long? Weight(RefNode node, long cpus, long memory, PlacementStrategy strategy)
    {
        long totalCpus = Total(node.Cpus), totalMemory = Total(node.Memory);
        if (totalCpus < cpus || totalMemory < memory) return null;
        long cpuScore = cpus > 0 ? (node.UsedCpus + cpus) * 100 / totalCpus : 100;
        long memoryScore = memory > 0 ? (node.UsedMemory + memory) * 100 / totalMemory : 100;
        if (cpuScore > 100 || memoryScore > 100) return null;
        long healthFactor = strategy == PlacementStrategy.Binpack ? 10 : -10;
        return cpuScore + memoryScore + healthFactor * node.Health;
    }

    public static bool PassesFilters(RefNode node, RequestSpec request, IReadOnlyList<Expression> constraints, bool soft) =>
        node.Health > 0 &&
        PortConflict(node.Containers, request) is null &&
        HasFreeSlot(node) &&
        constraints.All(c => (!soft && c.IsSoft) || ConstraintHolds(c, node));

    /// <summary>The nodes one pass of the scheduler may choose from (filters, then "fits" unless random).</summary>
    public static List<RefNode> PassCandidates(IEnumerable<RefNode> nodes, RequestSpec request, IReadOnlyList<Expression> constraints, PlacementStrategy strategy, bool soft) =>
        [.. nodes.Where(n => PassesFilters(n, request, constraints, soft) &&
                             (strategy == PlacementStrategy.Random || Weight(n, request.Cpus, request.Memory, strategy) is not null))];

    /// <summary>What a whole placement may choose from: the soft pass, or else the hard pass when there are soft constraints.</summary>
    public static List<RefNode> Candidates(IEnumerable<RefNode> nodes, RequestSpec request, IReadOnlyList<Expression> constraints, PlacementStrategy strategy)
    {
        var all = nodes.ToList();
        var first = PassCandidates(all, request, constraints, strategy, soft: true);
        if (first.Count > 0 || !constraints.Any(c => c.IsSoft)) return first;
        return PassCandidates(all, request, constraints, strategy, soft: false);
    }
}
