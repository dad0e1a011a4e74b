using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.State;

/// <summary>Node labels by key and value, so a constraint is evaluated once per distinct value instead of once per node.</summary>
internal sealed class NodeLabelIndex
{
    private readonly Dictionary<string, Dictionary<string, NodeSet>> byKey = new(StringComparer.Ordinal);

    public void Add(int slot, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            if (!byKey.TryGetValue(key, out var values)) byKey[key] = values = new(StringComparer.Ordinal);
            if (!values.TryGetValue(value, out var set)) values[value] = set = new NodeSet(slot + 1);
            set.Add(slot);
        }
    }

    public void Remove(int slot, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            if (!byKey.TryGetValue(key, out var values) || !values.TryGetValue(value, out var set)) continue;
            set.Remove(slot);
            if (set.IsEmpty) values.Remove(value);
            if (values.Count == 0) byKey.Remove(key);
        }
    }

    /// <summary>The nodes whose value for <paramref name="key"/> matches; a node without the label offers the empty string.</summary>
    public NodeSet Matching(string key, ValuePattern pattern, NodeSet allNodes)
    {
        var result = new NodeSet(0);
        byKey.TryGetValue(key, out var values);
        if (pattern.IsMatch(""))
        {
            result.UnionWith(allNodes);
            if (values is not null)
            {
                foreach (var set in values.Values) result.ExceptWith(set);
            }
        }
        if (values is null) return result;
        if (pattern.Literal is not null)
        {
            if (values.TryGetValue(pattern.Literal, out var exact)) result.UnionWith(exact);
            return result;
        }
        foreach (var (value, set) in values)
        {
            if (pattern.IsMatch(value)) result.UnionWith(set);
        }
        return result;
    }
}
