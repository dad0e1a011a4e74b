using System.Runtime.InteropServices;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// How many times the engines' container lists hold each swarm ID, brought from one engine directory answer to the
/// next by the lists that changed (an engine's list is replaced whenever one of its containers changes). Whether any
/// swarm ID is on two engines (a rescheduled container's old copy) is then known without reading and hashing the
/// 30,000 IDs again after every change: that took most of a listing's time once anything had changed.
/// </summary>
public sealed class SwarmIdCounts
{
    private readonly Dictionary<string, Held> byEngine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private int repeated;
    private int generation;

    /// <summary>Brings the counts to <paramref name="engines"/>; says whether no swarm ID is held twice there.</summary>
    public bool NoneRepeatedIn(IReadOnlyList<EngineSnapshot> engines)
    {
        generation++;
        foreach (var engine in engines)
        {
            if (byEngine.TryGetValue(engine.Id, out var held))
            {
                if (held.Generation == generation)
                {
                    // Two engines under one ID: not a state worth tracking; counted from scratch next time.
                    Clear();
                    return false;
                }
                held.Generation = generation;
                if (ReferenceEquals(held.Containers, engine.Containers)) continue;
                Replace(held.Containers, engine.Containers);
                held.Containers = engine.Containers;
            }
            else
            {
                byEngine[engine.Id] = new Held { Containers = engine.Containers, Generation = generation };
                Count(engine.Containers, +1);
            }
        }
        if (byEngine.Count > engines.Count)
        {
            foreach (var (id, gone) in byEngine.Where(e => e.Value.Generation != generation).ToList())
            {
                Count(gone.Containers, -1);
                byEngine.Remove(id);
            }
        }
        return repeated == 0;
    }

    // An engine's list keeps its containers' places when one changes or is added (at the end): only the places whose
    // swarm ID differs are counted again. Hashing every ID of each changed list was 13 ms when all 1,000 had changed.
    private void Replace(IReadOnlyList<EngineContainer> before, IReadOnlyList<EngineContainer> after)
    {
        int common = Math.Min(before.Count, after.Count);
        for (int i = 0; i < common; i++)
        {
            if (ReferenceEquals(before[i], after[i])) continue;
            string was = before[i].SwarmId, now = after[i].SwarmId;
            if (string.Equals(was, now, StringComparison.Ordinal)) continue;
            Count(was, -1);
            Count(now, +1);
        }
        for (int i = common; i < before.Count; i++) Count(before[i].SwarmId, -1);
        for (int i = common; i < after.Count; i++) Count(after[i].SwarmId, +1);
    }

    private void Count(IReadOnlyList<EngineContainer> containers, int by)
    {
        foreach (var container in containers) Count(container.SwarmId, by);
    }

    private void Count(string swarmId, int by)
    {
        if (swarmId.Length == 0) return;
        ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, swarmId, out _);
        int before = count, after = count += by;
        if (after == 0) counts.Remove(swarmId);
        if (before <= 1 && after > 1) repeated++;
        else if (before > 1 && after <= 1) repeated--;
    }

    private void Clear()
    {
        byEngine.Clear();
        counts.Clear();
        repeated = 0;
    }

    private sealed class Held
    {
        public required IReadOnlyList<EngineContainer> Containers { get; set; }

        public int Generation { get; set; }
    }
}
