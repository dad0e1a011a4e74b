using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.State;

/// <summary>
/// Finds which nodes hold a container named the way users name them, in classic Swarm's order
/// (<c>Containers.Get</c>): exact engine or swarm ID, then <c>name</c>, <c>/name</c>, <c>node/name</c>,
/// then a prefix of an engine or swarm ID that is unique on that node.
/// </summary>
public static class ContainerLookup
{
    public static NodeSet NodesHolding(ClusterState state, string idOrName)
    {
        var found = new NodeSet(state.SlotCapacity);
        if (idOrName.Length == 0) return found;

        state.ContainerIds.AddHolders(idOrName, found);
        state.ContainerNames.AddHolders(idOrName.StartsWith('/') ? idOrName[1..] : idOrName, found);
        AddNodeQualifiedName(state, idOrName, found);
        if (IsHex(idOrName)) AddUniquePrefixHolders(state, idOrName, found);
        return found;
    }

    /// <summary><c>node-1/web</c> or <c>&lt;engine id&gt;/web</c>: the container <c>web</c> on that node only.</summary>
    private static void AddNodeQualifiedName(ClusterState state, string idOrName, NodeSet found)
    {
        int slash = idOrName.LastIndexOf('/');
        if (slash <= 0) return;
        string nodePart = idOrName[..slash], name = idOrName[(slash + 1)..];
        var nodes = state.NodesNamed(nodePart).Clone();
        if (state.FindNode(nodePart) is { } byId) nodes.Add(byId.Slot);
        foreach (int slot in nodes)
        {
            if (state.ContainerNames.CountOn(name, slot) > 0) found.Add(slot);
        }
    }

    private static void AddUniquePrefixHolders(ClusterState state, string prefix, NodeSet found)
    {
        foreach (var node in state.Nodes)
        {
            if (found.Contains(node.Slot)) continue;
            int matches = 0;
            foreach (var container in node.Containers)
            {
                if (StartsWith(container.Id, prefix)) matches++;
                if (StartsWith(container.SwarmId, prefix)) matches++;
            }
            if (matches == 1) found.Add(node.Slot);
        }
    }

    private static bool StartsWith(string id, string prefix) => id.Length > 0 && id.StartsWith(prefix, StringComparison.Ordinal);

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }
        return true;
    }
}
