using System.Runtime.InteropServices;
using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.State;

/// <summary>
/// The values one container label takes on each node, built the first time an affinity asks for that key
/// and kept up to date from then on, so unused label keys cost nothing.
/// </summary>
internal sealed class ContainerLabelIndex(string key)
{
    private readonly NodeCountIndex values = new();
    private readonly Dictionary<int, int> holdersBySlot = [];

    public void Add(int slot, ContainerInfo container)
    {
        if (!container.Labels.TryGetValue(key, out string? value)) return;
        values.Add(value, slot);
        CollectionsMarshal.GetValueRefOrAddDefault(holdersBySlot, slot, out _)++;
    }

    public void Remove(int slot, ContainerInfo container)
    {
        if (!container.Labels.TryGetValue(key, out string? value)) return;
        values.Remove(value, slot);
        if (--CollectionsMarshal.GetValueRefOrNullRef(holdersBySlot, slot) == 0) holdersBySlot.Remove(slot);
    }

    /// <summary>Adds the nodes with a container whose value matches; a container without the label offers the empty string.</summary>
    public void AddMatchingNodes(ValuePattern pattern, IEnumerable<ClusterNode> nodes, NodeSet set)
    {
        values.AddHolders(pattern, set);
        if (!pattern.IsMatch("")) return;
        foreach (var node in nodes)
        {
            holdersBySlot.TryGetValue(node.Slot, out int holders);
            if (node.ContainerCount > holders) set.Add(node.Slot);
        }
    }
}
