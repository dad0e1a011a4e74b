using System.Buffers;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using Swarm.Actors.Scheduler;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// The cluster's containers as the API shows them: each under its virtual ID (the swarm ID; the engine's ID for
/// containers made directly on an engine), named <c>/node/name</c> as classic did, <c>Host Down</c> when its node
/// is unhealthy.
/// </summary>
public static class ContainerListing
{
    public static string VirtualId(EngineContainer container) => container.SwarmId.Length > 0 ? container.SwarmId : container.Id;

    // Derived once per answer of the engine directory: every caller that shares an answer (a burst of docker start
    // resolving their containers) shares these too. Only for the directory's read-only lists, which never change.
    private static readonly ConditionalWeakTable<ReadOnlyCollection<EngineSnapshot>, Derived> ByAnswer = new();

    // The newest answer's positions: the next answer reuses them when no engine's containers, identity or health
    // changed (a refresh that found nothing new, a heartbeat), instead of finding and sorting 30,000 again.
    private static (ReadOnlyCollection<EngineSnapshot> Answer, Positions Positions)? newest;
    private static readonly Lock NewestLock = new();
    private static readonly SwarmIdCounts Counts = new();

    public static IEnumerable<LookupEntry> LookupEntries(IEnumerable<EngineSnapshot> engines) =>
        engines is ReadOnlyCollection<EngineSnapshot> answer ? Of(answer).Lookup : ToLookupEntries(Visible(engines));

    private static IEnumerable<LookupEntry> ToLookupEntries(IEnumerable<(EngineSnapshot Engine, EngineContainer Container)> visible) =>
        visible.Select(v => new LookupEntry(v.Container.SwarmId, v.Container.Id, v.Container.Name, v.Engine.Id, v.Engine.Name));

    /// <summary>
    /// Every container once per virtual ID: when a rescheduled container's old copy is still on its failed node (or
    /// on that node just back, until removed), the copy on a healthy node is the container, the newer one if both are.
    /// </summary>
    public static IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> Visible(IEnumerable<EngineSnapshot> engines)
    {
        if (engines is ReadOnlyCollection<EngineSnapshot> answer) return Of(answer).Visible;
        var list = engines.ToList();
        return Materialize(list, VisiblePositions(list));
    }

    /// <summary><see cref="Visible"/> newest first (docker ps's order), the order of the engines' lists among equals.</summary>
    public static IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> NewestFirst(IEnumerable<EngineSnapshot> engines)
    {
        if (engines is ReadOnlyCollection<EngineSnapshot> answer) return Of(answer).Newest;
        var list = engines.ToList();
        return Materialize(list, NewestFirst(list, VisiblePositions(list)));
    }

    private static Derived Of(ReadOnlyCollection<EngineSnapshot> answer) => ByAnswer.GetValue(answer, a => new Derived(a, PositionsFor(a)));

    private static Positions PositionsFor(ReadOnlyCollection<EngineSnapshot> answer)
    {
        bool noneRepeated;
        lock (NewestLock)
        {
            if (newest is { } held && SameContainers(held.Answer, answer)) return held.Positions;
            noneRepeated = Counts.NoneRepeatedIn(answer);
        }
        // Only a swarm ID on two engines needs choosing between its copies.
        var visible = noneRepeated ? AllPositions(answer) : VisiblePositions(answer);
        var positions = new Positions(visible, NewestFirst(answer, visible));
        lock (NewestLock) newest = (answer, positions);
        return positions;
    }

    // Everything positions depend on: each engine's containers (its list is replaced when one changes), which engine
    // it is, and its health (which copy of a rescheduled container shows).
    private static bool SameContainers(IReadOnlyList<EngineSnapshot> before, IReadOnlyList<EngineSnapshot> now)
    {
        if (before.Count != now.Count) return false;
        for (int i = 0; i < now.Count; i++)
        {
            EngineSnapshot x = before[i], y = now[i];
            if (!ReferenceEquals(x.Containers, y.Containers) || x.Health.Status != y.Health.Status || x.Id != y.Id || x.Name != y.Name || x.Address != y.Address) return false;
        }
        return true;
    }

    private static (EngineSnapshot Engine, EngineContainer Container)[] Materialize(IReadOnlyList<EngineSnapshot> engines, Position[] positions)
    {
        var listed = new (EngineSnapshot Engine, EngineContainer Container)[positions.Length];
        for (int i = 0; i < positions.Length; i++)
        {
            var engine = engines[positions[i].Engine];
            listed[i] = (engine, engine.Containers[positions[i].Container]);
        }
        return listed;
    }

    // One per thread, cleared between uses: a set of 30,000 swarm IDs is large enough to go on the large object heap,
    // where a new one each listing would wait for a full collection.
    [ThreadStatic] private static HashSet<string>? seenOnThisThread;

    private static Position[] AllPositions(IReadOnlyList<EngineSnapshot> engines)
    {
        int total = 0;
        foreach (var engine in engines) total += engine.Containers.Count;
        var all = new Position[total];
        int n = 0;
        for (int e = 0; e < engines.Count; e++)
        {
            for (int c = 0; c < engines[e].Containers.Count; c++) all[n++] = new Position(e, c);
        }
        return all;
    }

    private static Position[] VisiblePositions(IReadOnlyList<EngineSnapshot> engines)
    {
        int total = 0;
        foreach (var engine in engines) total += engine.Containers.Count;
        var all = new Position[total];
        var swarmIds = ArrayPool<string>.Shared.Rent(total);
        var seen = seenOnThisThread ??= new HashSet<string>(StringComparer.Ordinal);
        try
        {
            int n = 0;
            for (int e = 0; e < engines.Count; e++)
            {
                var containers = engines[e].Containers;
                for (int c = 0; c < containers.Count; c++)
                {
                    all[n] = new Position(e, c);
                    swarmIds[n++] = containers[c].SwarmId; // read from the labels once
                }
            }
            // Nearly every swarm ID is on one engine: find the few on more than one, and choose only between their copies.
            HashSet<string>? repeated = null;
            for (int i = 0; i < total; i++)
            {
                if (swarmIds[i].Length > 0 && !seen.Add(swarmIds[i])) (repeated ??= new HashSet<string>(StringComparer.Ordinal)).Add(swarmIds[i]);
            }
            if (repeated is null) return all;
            var chosen = new Dictionary<string, Position>(StringComparer.Ordinal);
            for (int i = 0; i < total; i++)
            {
                if (!repeated.Contains(swarmIds[i])) continue;
                if (!chosen.TryGetValue(swarmIds[i], out var held) || Preferred(At(engines, all[i]), At(engines, held))) chosen[swarmIds[i]] = all[i];
            }
            var visible = new List<Position>(total);
            for (int i = 0; i < total; i++)
            {
                if (!repeated.Contains(swarmIds[i]) || chosen[swarmIds[i]] == all[i]) visible.Add(all[i]);
            }
            return [.. visible];
        }
        finally
        {
            seen.Clear();
            ArrayPool<string>.Shared.Return(swarmIds, clearArray: true);
        }
    }

    private static Position[] NewestFirst(IReadOnlyList<EngineSnapshot> engines, Position[] visible)
    {
        int count = visible.Length;
        var order = ArrayPool<CreatedAt>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++) order[i] = new CreatedAt(engines[visible[i].Engine].Containers[visible[i].Container].Created.Ticks, i);
            // Newest first; among equals the engines' order, as a stable sort keeps it.
            order.AsSpan(0, count).Sort();
            var sorted = new Position[count];
            for (int i = 0; i < count; i++) sorted[i] = visible[order[i].Index];
            return sorted;
        }
        finally
        {
            ArrayPool<CreatedAt>.Shared.Return(order);
        }
    }

    // Compared as IComparable (inlined by the sort), not through a delegate: ordering 30,000 after a change took ~1 ms less
    // (3.2 against 4.3 ms for the positions, in-process at full optimisation).
    private readonly record struct CreatedAt(long Ticks, int Index) : IComparable<CreatedAt>
    {
        public int CompareTo(CreatedAt other) => Ticks != other.Ticks ? other.Ticks.CompareTo(Ticks) : Index.CompareTo(other.Index);
    }

    private static (EngineSnapshot Engine, EngineContainer Container) At(IReadOnlyList<EngineSnapshot> engines, Position at) =>
        (engines[at.Engine], engines[at.Engine].Containers[at.Container]);

    private readonly record struct Position(int Engine, int Container);

    private sealed record Positions(Position[] Visible, Position[] Newest);

    private sealed class Derived(ReadOnlyCollection<EngineSnapshot> answer, Positions positions)
    {
        private IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)>? visible, newestFirst;
        private LookupEntry[]? lookup;

        public IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> Visible => visible ??= Array.AsReadOnly(Materialize(answer, positions.Visible));

        public IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> Newest => newestFirst ??= Array.AsReadOnly(Materialize(answer, positions.Newest));

        public LookupEntry[] Lookup => lookup ??= [.. ToLookupEntries(Visible)];
    }

    private static bool Preferred((EngineSnapshot Engine, EngineContainer Container) candidate, (EngineSnapshot Engine, EngineContainer Container) held)
    {
        bool candidateHealthy = candidate.Engine.Health.Status == EngineStatus.Healthy, heldHealthy = held.Engine.Health.Status == EngineStatus.Healthy;
        return candidateHealthy != heldHealthy ? candidateHealthy : candidate.Container.Created > held.Container.Created;
    }

    /// <summary>
    /// The containers <c>GET /containers/json</c> lists, in its order, with whether each one's node is healthy:
    /// running containers of healthy nodes, or with <c>all</c> every container, those <paramref name="filters"/> keep.
    /// </summary>
    /// <param name="newestFirst">The visible containers, newest first (<see cref="NewestFirst"/>): the listing keeps their order, and says each one's position there.</param>
    public static IEnumerable<(EngineSnapshot Engine, EngineContainer Container, bool Healthy, int Position)> Listed(
        IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst, bool all, ContainerFilters? filters)
    {
        // A loop, not a query: this runs once per listed container (30,000 per docker ps -a at scale).
        bool everything = filters is null || filters.MatchesEverything;
        for (int position = 0; position < newestFirst.Count; position++)
        {
            var (engine, container) = newestFirst[position];
            if (engine.Health.Status is not (EngineStatus.Healthy or EngineStatus.Unhealthy)) continue;
            bool healthy = engine.Health.Status == EngineStatus.Healthy;
            if (!all && !(healthy && container.State == ContainerState.Running)) continue;
            if (!everything && !filters!.Matches(engine, container)) continue;
            yield return (engine, container, healthy, position);
        }
    }
}
