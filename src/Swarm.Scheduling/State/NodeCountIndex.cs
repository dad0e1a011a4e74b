using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.State;

/// <summary>
/// Maps a string (a container name, an image tag, a label value…) to how many times each node holds it,
/// so filters find the nodes holding a value without visiting containers. Most strings sit on one node,
/// so that case is stored inline and a per-key dictionary is made only when a second node appears.
/// </summary>
internal sealed class NodeCountIndex
{
    private const int MaxCachedPatterns = 256;

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Version, NodeSet Holders)> patternCache = new(StringComparer.Ordinal);

    // Changes whenever some key gains or loses a node, which invalidates cached pattern results.
    private long holdersVersion;

    public void Add(string key, int slot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(entries, key, out _);
        if (entry.Count > 0 && entry.Slot == slot)
        {
            entry.Count++;
            return;
        }
        if (entry.Others is not null && entry.Others.ContainsKey(slot))
        {
            entry.Others[slot]++;
            return;
        }
        if (entry.Count == 0)
        {
            entry.Slot = slot;
            entry.Count = 1;
        }
        else
        {
            (entry.Others ??= new()).Add(slot, 1);
        }
        holdersVersion++;
    }

    public void Remove(string key, int slot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(entries, key);
        if (Unsafe.IsNullRef(ref entry)) return;
        if (entry.Count > 0 && entry.Slot == slot)
        {
            if (--entry.Count == 0) holdersVersion++;
        }
        else if (entry.Others is not null && entry.Others.TryGetValue(slot, out int count))
        {
            if (count > 1)
            {
                entry.Others[slot] = count - 1;
            }
            else
            {
                entry.Others.Remove(slot);
                holdersVersion++;
            }
        }
        if (entry.Count == 0 && (entry.Others is null || entry.Others.Count == 0)) entries.Remove(key);
    }

    public bool Contains(string key) => entries.ContainsKey(key);

    /// <summary>Adds every node that holds <paramref name="key"/> to <paramref name="set"/>.</summary>
    public void AddHolders(string key, NodeSet set)
    {
        if (entries.TryGetValue(key, out var entry)) AddHolders(entry, set);
    }

    /// <summary>
    /// Adds every node holding a key that <paramref name="pattern"/> matches: a dictionary lookup for a plain
    /// value; otherwise a scan of the keys, whose result is kept until some key gains or loses a node.
    /// </summary>
    public void AddHolders(ValuePattern pattern, NodeSet set)
    {
        if (pattern.Literal is not null)
        {
            AddHolders(pattern.Literal, set);
            return;
        }
        if (patternCache.TryGetValue(pattern.Text, out var cached) && cached.Version == holdersVersion)
        {
            set.UnionWith(cached.Holders);
            return;
        }
        var holders = new NodeSet(0);
        foreach (var (key, entry) in entries)
        {
            if (pattern.IsMatch(key)) AddHolders(entry, holders);
        }
        if (patternCache.Count >= MaxCachedPatterns) patternCache.Clear();
        patternCache[pattern.Text] = (holdersVersion, holders);
        set.UnionWith(holders);
    }

    public int CountOn(string key, int slot)
    {
        if (!entries.TryGetValue(key, out var entry)) return 0;
        if (entry.Count > 0 && entry.Slot == slot) return entry.Count;
        return entry.Others is not null && entry.Others.TryGetValue(slot, out int count) ? count : 0;
    }

    private static void AddHolders(in Entry entry, NodeSet set)
    {
        if (entry.Count > 0) set.Add(entry.Slot);
        if (entry.Others is null) return;
        foreach (int slot in entry.Others.Keys) set.Add(slot);
    }

    private struct Entry
    {
        public int Slot;
        public int Count;
        public Dictionary<int, int>? Others;
    }
}
