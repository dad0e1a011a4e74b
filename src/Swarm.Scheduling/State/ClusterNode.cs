using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.State;

/// <summary>
/// One engine as placement sees it: its description, health, the containers it holds (pending ones
/// included) and the resources they reserve, kept as running totals.
/// </summary>
public sealed class ClusterNode
{
    internal ClusterNode(int slot, NodeDescription description, int healthIndicator)
    {
        Slot = slot;
        Description = description;
        HealthIndicator = healthIndicator;
        ContainerSlots = ParseContainerSlots(description);
    }

    /// <summary>Dense index of the node inside its <see cref="ClusterState"/>; reused after the node leaves.</summary>
    public int Slot { get; }

    public NodeDescription Description { get; internal set; }
    public string Id => Description.Id;
    public string Name => Description.Name;

    /// <summary>0 (failing) to 100 (healthy), as classic computes it from recent connection failures.</summary>
    public int HealthIndicator { get; internal set; }

    /// <summary>Whether the node takes new containers (an operator may pause or drain it).</summary>
    public NodeAvailability Availability { get; internal set; }

    public long UsedCpus { get; private set; }
    public long UsedMemory { get; private set; }

    /// <summary>The <c>containerslots</c> engine label when it is an integer: the most containers this node takes.</summary>
    public long? ContainerSlots { get; private set; }

    internal Dictionary<string, ContainerInfo> ContainersByKey { get; } = new(StringComparer.Ordinal);
    internal IReadOnlyList<NodeImage> ImageList { get; set; } = [];

    public int ContainerCount => ContainersByKey.Count;
    public IEnumerable<ContainerInfo> Containers => ContainersByKey.Values;
    public IReadOnlyList<NodeImage> Images => ImageList;

    /// <summary>CPUs available to placement: the engine's plus the overcommit share, in whole CPUs as classic counts them.</summary>
    public long TotalCpus(Overcommit overcommit) => overcommit.Apply(Description.Cpus);

    public long TotalMemory(Overcommit overcommit) => overcommit.Apply(Description.Memory);

    internal void Describe(NodeDescription description)
    {
        Description = description;
        ContainerSlots = ParseContainerSlots(description);
    }

    internal void Reserve(ContainerInfo container, int sign)
    {
        UsedCpus += sign * container.Cpus;
        UsedMemory += sign * container.Memory;
    }

    private static long? ParseContainerSlots(NodeDescription description) =>
        description.Labels.TryGetValue("containerslots", out string? text) && long.TryParse(text, out long slots) ? slots : null;
}
