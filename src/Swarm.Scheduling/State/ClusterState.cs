using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.State;

/// <summary>
/// Everything placement knows about the cluster: nodes, their containers (pending ones included) and the
/// indexes the filters query, all updated incrementally on every change so that a placement never scans
/// every container. Not thread-safe: one owner (the scheduler actor) mutates and queries it.
/// </summary>
public sealed class ClusterState
{
    private readonly List<ClusterNode?> nodesBySlot = [];
    private readonly Stack<int> freeSlots = new();
    private readonly Dictionary<string, ClusterNode> nodesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeSet> nodesByName = new(StringComparer.Ordinal);
    private readonly NodeLabelIndex nodeLabels = new();
    private readonly Dictionary<string, ContainerLabelIndex> containerLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Version, NodeSet Nodes)> nodeExpressionCache = new(StringComparer.Ordinal);
    private long nodeVersion;

    internal NodeSet AllNodes { get; } = new(0);
    internal NodeSet HealthyNodes { get; } = new(0);

    /// <summary>Nodes paused or drained by an operator: no new containers go there.</summary>
    internal NodeSet UnavailableNodes { get; } = new(0);

    /// <summary>Nodes that hold as many containers as their <c>containerslots</c> label allows.</summary>
    internal NodeSet FullNodes { get; } = new(0);

    /// <summary>Engine IDs and swarm IDs of every container.</summary>
    internal NodeCountIndex ContainerIds { get; } = new();

    internal NodeCountIndex ContainerNames { get; } = new();

    /// <summary>Image IDs, repo:tag names and repo names of every node's images.</summary>
    internal NodeCountIndex ImageNames { get; } = new();

    internal PortIndex BridgePorts { get; } = new();

    /// <summary>Exposed ports of containers in host network mode.</summary>
    internal NodeCountIndex HostModePorts { get; } = new();

    public int NodeCount => nodesById.Count;
    public int ContainerCount { get; private set; }
    public IEnumerable<ClusterNode> Nodes => nodesById.Values;

    /// <summary>One past the highest slot in use: the size a <see cref="NodeSet"/> over all nodes needs.</summary>
    public int SlotCapacity => nodesBySlot.Count;

    public ClusterNode? FindNode(string id) => nodesById.GetValueOrDefault(id);

    internal ClusterNode NodeAt(int slot) => nodesBySlot[slot]!;

    /// <summary>
    /// Adds an engine (healthy unless told otherwise), or updates its description (labels, name, capacity)
    /// when it is already known, keeping its health unless one is given.
    /// </summary>
    public ClusterNode AddNode(NodeDescription description, int? healthIndicator = null)
    {
        if (nodesById.TryGetValue(description.Id, out var existing))
        {
            UnindexNode(existing);
            existing.Describe(description);
            existing.HealthIndicator = healthIndicator ?? existing.HealthIndicator;
            IndexNode(existing);
            return existing;
        }

        int slot = freeSlots.Count > 0 ? freeSlots.Pop() : nodesBySlot.Count;
        var node = new ClusterNode(slot, description, healthIndicator ?? 100);
        if (slot == nodesBySlot.Count) nodesBySlot.Add(node);
        else nodesBySlot[slot] = node;
        nodesById[description.Id] = node;
        AllNodes.Add(slot);
        IndexNode(node);
        return node;
    }

    /// <summary>Forgets an engine and every container it held.</summary>
    public bool RemoveNode(string id)
    {
        if (!nodesById.Remove(id, out var node)) return false;
        foreach (var container in node.ContainersByKey.Values.ToList()) RemoveContainer(node, container);
        SetImages(node, []);
        UnindexNode(node);
        AllNodes.Remove(node.Slot);
        nodesBySlot[node.Slot] = null;
        freeSlots.Push(node.Slot);
        return true;
    }

    public void SetHealth(string nodeId, int healthIndicator)
    {
        var node = RequireNode(nodeId);
        node.HealthIndicator = healthIndicator;
        if (healthIndicator > 0) HealthyNodes.Add(node.Slot);
        else HealthyNodes.Remove(node.Slot);
    }

    public void SetAvailability(string nodeId, NodeAvailability availability)
    {
        var node = RequireNode(nodeId);
        node.Availability = availability;
        if (availability == NodeAvailability.Active) UnavailableNodes.Remove(node.Slot);
        else UnavailableNodes.Add(node.Slot);
    }

    public void SetImages(string nodeId, IReadOnlyList<NodeImage> images) => SetImages(RequireNode(nodeId), images);

    /// <summary>Adds a container to a node, replacing the one with the same <see cref="ContainerInfo.Key"/>.</summary>
    public void AddContainer(string nodeId, ContainerInfo container)
    {
        var node = RequireNode(nodeId);
        container = container.Name.StartsWith('/') ? container with { Name = container.Name[1..] } : container;
        if (node.ContainersByKey.TryGetValue(container.Key, out var previous)) RemoveContainer(node, previous);
        node.ContainersByKey[container.Key] = container;
        node.Reserve(container, +1);
        ContainerCount++;
        int slot = node.Slot;
        if (container.Id.Length > 0) ContainerIds.Add(container.Id, slot);
        if (container.SwarmId.Length > 0) ContainerIds.Add(container.SwarmId, slot);
        if (container.Name.Length > 0) ContainerNames.Add(container.Name, slot);
        foreach (var binding in container.PortBindings) BridgePorts.Add(slot, binding);
        foreach (var binding in container.PublishedPorts) BridgePorts.Add(slot, binding);
        if (container.UsesHostNetwork)
        {
            foreach (string port in container.ExposedPorts) HostModePorts.Add(port, slot);
        }
        foreach (var index in containerLabels.Values) index.Add(slot, container);
        UpdateFullness(node);
    }

    /// <summary>Removes a container by its key (engine ID, or swarm ID while pending).</summary>
    public bool RemoveContainer(string nodeId, string key)
    {
        var node = RequireNode(nodeId);
        if (!node.ContainersByKey.TryGetValue(key, out var container)) return false;
        RemoveContainer(node, container);
        return true;
    }

    /// <summary>True when a container anywhere in the cluster (pending ones included) has this name.</summary>
    public bool IsNameInUse(string name) => ContainerNames.Contains(name.TrimStart('/'));

    /// <summary>True when a container anywhere uses this string as its engine ID or swarm ID.</summary>
    public bool IsIdInUse(string id) => ContainerIds.Contains(id);

    internal NodeSet NodesNamed(string name) => nodesByName.GetValueOrDefault(name) ?? new NodeSet(0);

    /// <summary>
    /// The nodes a node-level expression (a constraint) accepts. Results are cached until a node joins, leaves
    /// or changes its labels, so a regex over node names costs once, not once per placement.
    /// </summary>
    internal NodeSet NodesAccepting(Expression expression)
    {
        string cacheKey = expression.ToString();
        if (nodeExpressionCache.TryGetValue(cacheKey, out var cached) && cached.Version == nodeVersion) return cached.Nodes;

        NodeSet matching;
        if (expression.Key == "node")
        {
            matching = new NodeSet(SlotCapacity);
            var pattern = expression.Value;
            if (pattern.Literal is not null)
            {
                if (nodesById.TryGetValue(pattern.Literal, out var byId)) matching.Add(byId.Slot);
                if (nodesByName.TryGetValue(pattern.Literal, out var byName)) matching.UnionWith(byName);
            }
            else
            {
                foreach (var node in nodesById.Values)
                {
                    if (pattern.IsMatch(node.Id) || pattern.IsMatch(node.Name)) matching.Add(node.Slot);
                }
            }
        }
        else
        {
            matching = nodeLabels.Matching(expression.Key, expression.Value, AllNodes);
        }

        if (expression.Operator == ExpressionOperator.NotEqual)
        {
            var complement = AllNodes.Clone();
            complement.ExceptWith(matching);
            matching = complement;
        }
        if (nodeExpressionCache.Count > 1024) nodeExpressionCache.Clear();
        nodeExpressionCache[cacheKey] = (nodeVersion, matching);
        return matching;
    }

    /// <summary>The per-key container label index, built on first use.</summary>
    internal ContainerLabelIndex ContainerLabel(string key)
    {
        if (containerLabels.TryGetValue(key, out var index)) return index;
        index = new ContainerLabelIndex(key);
        foreach (var node in nodesById.Values)
        {
            foreach (var container in node.ContainersByKey.Values) index.Add(node.Slot, container);
        }
        containerLabels[key] = index;
        return index;
    }

    private void RemoveContainer(ClusterNode node, ContainerInfo container)
    {
        node.ContainersByKey.Remove(container.Key);
        node.Reserve(container, -1);
        ContainerCount--;
        int slot = node.Slot;
        if (container.Id.Length > 0) ContainerIds.Remove(container.Id, slot);
        if (container.SwarmId.Length > 0) ContainerIds.Remove(container.SwarmId, slot);
        if (container.Name.Length > 0) ContainerNames.Remove(container.Name, slot);
        foreach (var binding in container.PortBindings) BridgePorts.Remove(slot, binding);
        foreach (var binding in container.PublishedPorts) BridgePorts.Remove(slot, binding);
        if (container.UsesHostNetwork)
        {
            foreach (string port in container.ExposedPorts) HostModePorts.Remove(port, slot);
        }
        foreach (var index in containerLabels.Values) index.Remove(slot, container);
        UpdateFullness(node);
    }

    private void UpdateFullness(ClusterNode node)
    {
        if (node.ContainerSlots is long limit && node.ContainerCount >= limit) FullNodes.Add(node.Slot);
        else FullNodes.Remove(node.Slot);
    }

    private void SetImages(ClusterNode node, IReadOnlyList<NodeImage> images)
    {
        foreach (string name in ImageNamesOf(node.ImageList)) ImageNames.Remove(name, node.Slot);
        node.ImageList = images;
        foreach (string name in ImageNamesOf(images)) ImageNames.Add(name, node.Slot);
    }

    /// <summary>What an image affinity can match: the ID, every repo:tag and the repo part of each.</summary>
    private static IEnumerable<string> ImageNamesOf(IReadOnlyList<NodeImage> images)
    {
        foreach (var image in images)
        {
            yield return image.Id;
            foreach (string tag in image.RepoTags)
            {
                yield return tag;
                yield return ImageReference.Repository(tag);
            }
        }
    }

    private void IndexNode(ClusterNode node)
    {
        nodeVersion++;
        if (!nodesByName.TryGetValue(node.Name, out var named)) nodesByName[node.Name] = named = new NodeSet(node.Slot + 1);
        named.Add(node.Slot);
        nodeLabels.Add(node.Slot, node.Description.Labels);
        if (node.HealthIndicator > 0) HealthyNodes.Add(node.Slot);
        else HealthyNodes.Remove(node.Slot);
        if (node.Availability != NodeAvailability.Active) UnavailableNodes.Add(node.Slot);
        UpdateFullness(node);
    }

    private void UnindexNode(ClusterNode node)
    {
        nodeVersion++;
        if (nodesByName.TryGetValue(node.Name, out var named))
        {
            named.Remove(node.Slot);
            if (named.IsEmpty) nodesByName.Remove(node.Name);
        }
        nodeLabels.Remove(node.Slot, node.Description.Labels);
        HealthyNodes.Remove(node.Slot);
        FullNodes.Remove(node.Slot);
        UnavailableNodes.Remove(node.Slot);
    }

    private ClusterNode RequireNode(string nodeId) =>
        nodesById.TryGetValue(nodeId, out var node) ? node : throw new KeyNotFoundException($"No such node: {nodeId}");
}
