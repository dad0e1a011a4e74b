namespace Swarm.Actors.Scheduler;

/// <summary>
/// The containers of one moment, indexed for <see cref="ContainerLookup.Resolve(string, ContainerLookupIndex)"/>:
/// dictionaries by virtual ID, physical ID and name, and every ID in one ordinal-sorted array for prefix search by
/// binary search. Built once from the entries (entries equal by value kept once); immutable, so safe to share
/// between threads. A lookup costs a few dictionary reads, one read per <c>/</c> in the text, and one binary search.
/// </summary>
public sealed class ContainerLookupIndex
{
    private readonly Dictionary<string, List<LookupEntry>> bySwarmId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LookupEntry>> byEngineId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LookupEntry>> byName = new(StringComparer.Ordinal);

    // Every non-empty virtual and physical ID, sorted ordinally; owners[i] is the container ids[i] belongs to.
    private readonly string[] ids;
    private readonly LookupEntry[] owners;

    public ContainerLookupIndex(IEnumerable<LookupEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var distinct = new HashSet<LookupEntry>();
        var idList = new List<string>();
        var ownerList = new List<LookupEntry>();
        foreach (var entry in entries)
        {
            if (!distinct.Add(entry)) continue;
            if (entry.SwarmId.Length > 0)
            {
                Add(bySwarmId, entry.SwarmId, entry);
                idList.Add(entry.SwarmId);
                ownerList.Add(entry);
            }
            if (entry.EngineContainerId.Length > 0)
            {
                Add(byEngineId, entry.EngineContainerId, entry);
                idList.Add(entry.EngineContainerId);
                ownerList.Add(entry);
            }
            if (entry.Name.Length > 0) Add(byName, entry.Name, entry);
        }
        Count = distinct.Count;
        ids = [.. idList];
        owners = [.. ownerList];
        Array.Sort(ids, owners, StringComparer.Ordinal);
    }

    /// <summary>How many distinct containers the index holds.</summary>
    public int Count { get; }

    internal IReadOnlyCollection<LookupEntry> WithExactId(string text)
    {
        var found = new HashSet<LookupEntry>();
        if (bySwarmId.TryGetValue(text, out var bySwarm)) found.UnionWith(bySwarm);
        if (byEngineId.TryGetValue(text, out var byEngine)) found.UnionWith(byEngine);
        return found;
    }

    /// <summary>Same rule as <see cref="ContainerLookup.IsNamed"/>: the text as a name, after a leading '/', or after any node qualifier.</summary>
    internal IReadOnlyCollection<LookupEntry> Named(string text)
    {
        var found = new HashSet<LookupEntry>();
        if (byName.TryGetValue(text, out var plain)) found.UnionWith(plain);
        for (int slash = text.IndexOf('/'); slash >= 0; slash = text.IndexOf('/', slash + 1))
        {
            if (!byName.TryGetValue(text[(slash + 1)..], out var candidates)) continue;
            string qualifier = text[..slash];
            foreach (var entry in candidates)
            {
                // An empty qualifier is the "/name" form; entry.NodeName/NodeId are compared only when non-empty.
                if (qualifier.Length == 0 || entry.NodeName == qualifier || entry.NodeId == qualifier) found.Add(entry);
            }
        }
        return found;
    }

    /// <summary>Containers having an ID that starts with <paramref name="text"/>, at most <paramref name="limit"/> of them.</summary>
    internal IReadOnlyCollection<LookupEntry> WithIdPrefix(string text, int limit)
    {
        var found = new HashSet<LookupEntry>();
        // IDs starting with text are contiguous in ordinal order, from the first ID not less than text.
        for (int i = LowerBound(text); i < ids.Length && found.Count < limit && ids[i].StartsWith(text, StringComparison.Ordinal); i++)
        {
            found.Add(owners[i]);
        }
        return found;
    }

    private int LowerBound(string text)
    {
        int low = 0, high = ids.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(ids[middle], text) < 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static void Add(Dictionary<string, List<LookupEntry>> map, string key, LookupEntry entry)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(entry);
    }
}
