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
    /// <c>GET /containers/json</c>: running containers of healthy nodes, or with <c>all</c> every container, newest
    /// first, those <paramref name="filters"/> keep.
    /// </summary>
    public static IEnumerable<Dictionary<string, object?>> List(IEnumerable<EngineSnapshot> engines, bool all, ContainerFilters? filters = null) =>
        List(Visible(engines), all, filters);

    public static IEnumerable<Dictionary<string, object?>> List(IEnumerable<(EngineSnapshot Engine, EngineContainer Container)> visibleContainers, bool all, ContainerFilters? filters)
    {
        var entries =
            from visible in visibleContainers
            let engine = visible.Engine
            let container = visible.Container
            where engine.Health.Status is EngineStatus.Healthy or EngineStatus.Unhealthy
            let healthy = engine.Health.Status == EngineStatus.Healthy
            where all || (healthy && container.State == ContainerState.Running)
            where filters is null || filters.Matches(engine, container)
            orderby container.Created descending
            select Entry(engine, container, healthy);
        return entries;
    }

    private static Dictionary<string, object?> Entry(EngineSnapshot engine, EngineContainer container, bool healthy) => new()
    {
        ["Id"] = VirtualId(container),
        ["Names"] = new[] { $"/{engine.Name}/{container.Name}" },
        ["Image"] = container.Image,
        ["ImageID"] = container.ImageId,
        ["Command"] = container.Command,
        ["Created"] = new DateTimeOffset(DateTime.SpecifyKind(container.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        ["State"] = container.State.ToString().ToLowerInvariant(),
        ["Status"] = healthy ? StatusText.Of(container) : "Host Down",
        ["Ports"] = container.PublishedPorts.Where(p => p.HostPort.Length > 0).Select(p => new Dictionary<string, object?>
        {
            ["IP"] = p.BindsAllInterfaces ? engine.Address.Split(':')[0] : p.HostIp,
            ["PrivatePort"] = int.Parse(p.ContainerPort.Split('/')[0]),
            ["PublicPort"] = int.TryParse(p.HostPort, out int port) ? port : 0,
            ["Type"] = p.ContainerPort.Contains('/') ? p.ContainerPort.Split('/')[1] : "tcp",
        }).ToArray(),
        ["Labels"] = container.Labels,
        ["SizeRw"] = 0,
        ["SizeRootFs"] = 0,
        ["HostConfig"] = new Dictionary<string, object?> { ["NetworkMode"] = container.NetworkMode },
        ["NetworkSettings"] = new Dictionary<string, object?> { ["Networks"] = new Dictionary<string, object?>() },
        ["Mounts"] = Array.Empty<object>(),
    };
}
