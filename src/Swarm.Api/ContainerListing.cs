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
    private static readonly ConditionalWeakTable<ReadOnlyCollection<EngineSnapshot>, (EngineSnapshot, EngineContainer)[]> VisibleByAnswer = new();
    private static readonly ConditionalWeakTable<ReadOnlyCollection<EngineSnapshot>, LookupEntry[]> LookupByAnswer = new();

    public static IEnumerable<LookupEntry> LookupEntries(IEnumerable<EngineSnapshot> engines) =>
        engines is ReadOnlyCollection<EngineSnapshot> answer
            ? LookupByAnswer.GetValue(answer, a => [.. ToLookupEntries(Visible(a))])
            : ToLookupEntries(Visible(engines));

    private static IEnumerable<LookupEntry> ToLookupEntries(IEnumerable<(EngineSnapshot Engine, EngineContainer Container)> visible) =>
        visible.Select(v => new LookupEntry(v.Container.SwarmId, v.Container.Id, v.Container.Name, v.Engine.Id, v.Engine.Name));

    /// <summary>
    /// Every container once per virtual ID: when a rescheduled container's old copy is still on its failed node (or
    /// on that node just back, until removed), the copy on a healthy node is the container, the newer one if both are.
    /// </summary>
    public static IEnumerable<(EngineSnapshot Engine, EngineContainer Container)> Visible(IEnumerable<EngineSnapshot> engines) =>
        engines is ReadOnlyCollection<EngineSnapshot> answer ? VisibleByAnswer.GetValue(answer, a => [.. ComputeVisible(a)]) : ComputeVisible(engines);

    private static List<(EngineSnapshot Engine, EngineContainer Container)> ComputeVisible(IEnumerable<EngineSnapshot> engines)
    {
        var all = new List<(EngineSnapshot Engine, EngineContainer Container)>();
        var swarmIds = new List<string>();
        foreach (var engine in engines)
        {
            foreach (var container in engine.Containers)
            {
                all.Add((engine, container));
                swarmIds.Add(container.SwarmId); // read from the labels once
            }
        }
        // Nearly every swarm ID is on one engine: find the few on more than one, and choose only between their copies.
        var seen = new HashSet<string>(all.Count, StringComparer.Ordinal);
        HashSet<string>? repeated = null;
        foreach (string swarmId in swarmIds)
        {
            if (swarmId.Length > 0 && !seen.Add(swarmId)) (repeated ??= new HashSet<string>(StringComparer.Ordinal)).Add(swarmId);
        }
        if (repeated is null) return all;
        var chosen = new Dictionary<string, (EngineSnapshot Engine, EngineContainer Container)>(StringComparer.Ordinal);
        for (int i = 0; i < all.Count; i++)
        {
            if (!repeated.Contains(swarmIds[i])) continue;
            if (!chosen.TryGetValue(swarmIds[i], out var held) || Preferred(all[i], held)) chosen[swarmIds[i]] = all[i];
        }
        var visible = new List<(EngineSnapshot Engine, EngineContainer Container)>(all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            if (!repeated.Contains(swarmIds[i]) || ReferenceEquals(chosen[swarmIds[i]].Container, all[i].Container)) visible.Add(all[i]);
        }
        return visible;
    }

    private static bool Preferred((EngineSnapshot Engine, EngineContainer Container) candidate, (EngineSnapshot Engine, EngineContainer Container) held)
    {
        bool candidateHealthy = candidate.Engine.Health.Status == EngineStatus.Healthy, heldHealthy = held.Engine.Health.Status == EngineStatus.Healthy;
        return candidateHealthy != heldHealthy ? candidateHealthy : candidate.Container.Created > held.Container.Created;
    }

    /// <summary>
    /// The containers <c>GET /containers/json</c> lists, in its order, with whether each one's node is healthy:
    /// running containers of healthy nodes, or with <c>all</c> every container, newest first, those
    /// <paramref name="filters"/> keep.
    /// </summary>
    public static IEnumerable<(EngineSnapshot Engine, EngineContainer Container, bool Healthy)> Listed(
        IEnumerable<(EngineSnapshot Engine, EngineContainer Container)> visibleContainers, bool all, ContainerFilters? filters) =>
        from visible in visibleContainers
        let engine = visible.Engine
        let container = visible.Container
        where engine.Health.Status is EngineStatus.Healthy or EngineStatus.Unhealthy
        let healthy = engine.Health.Status == EngineStatus.Healthy
        where all || (healthy && container.State == ContainerState.Running)
        where filters is null || filters.MatchesEverything || filters.Matches(engine, container)
        orderby container.Created descending
        select (engine, container, healthy);
}
