using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Api;

/// <summary>
/// <c>POST /containers/prune</c> across the cluster (classic never routed it). Each healthy engine's own list says
/// which containers are stopped now; those <see cref="ContainerPruneFilter"/> keeps are removed one by one, never
/// forced, so one that started meanwhile stays. A container the scheduler holds goes through the normal removal
/// (its container actor, then the scheduler forgets it, as <c>docker rm</c>); one made directly on an engine, or
/// carrying a swarm ID the scheduler holds for another container, is removed on its engine. The answer lists virtual
/// IDs and the space the removed containers' writable layers took.
/// </summary>
public static class ContainerPruneRoutes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Removals at once across the cluster: enough to be quick, few enough not to flood engines or the scheduler.
    private const int Parallel = 8;

    public static void MapContainerPruneRoutes(this WebApplication app, SwarmManager manager, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapPost("/containers/prune", async (HttpContext context) =>
        {
            var filter = ContainerPruneFilter.TryParse(context.Request.Query["filters"].ToString(), DateTimeOffset.UtcNow, out string? error);
            if (filter is null) return ApiConventions.Error(400, error!);

            var cancellationToken = context.RequestAborted;
            var engines = await EngineFanOut.Healthy(owners);
            var lists = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Get, "/containers/json?all=1", cancellationToken);
            var candidates = new List<(EngineSnapshot Engine, string Id, string SwarmId)>();
            foreach (var (engine, status, body) in lists)
            {
                if (status != HttpStatusCode.OK)
                {
                    manager.System.Log.Warning("Prune: listing the containers of {0} failed ({1}): {2}", engine!.Name, (int)status, EngineFanOut.Message(body));
                    continue;
                }
                foreach (var container in (JsonNode.Parse(body) as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (!ContainerPruneFilter.IsPrunable(container["State"]?.GetValue<string>() ?? "")) continue;
                    var labels = (container["Labels"] as JsonObject ?? []).ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
                    var created = DateTimeOffset.FromUnixTimeSeconds(container["Created"]?.GetValue<long>() ?? 0);
                    if (!filter.Matches(created, labels)) continue;
                    candidates.Add((engine!, container["Id"]!.GetValue<string>(), labels.GetValueOrDefault(SchedulingRequest.SwarmIdLabel) ?? ""));
                }
            }

            var deleted = new ConcurrentBag<(string VirtualId, long Size)>();
            using var slots = new SemaphoreSlim(Parallel);
            await Task.WhenAll(candidates.Select(async candidate =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    long size = await WritableLayerSize(proxy, candidate.Engine, candidate.Id, cancellationToken);
                    string? removed = await Remove(manager, proxy, candidate.Engine, candidate.Id, candidate.SwarmId, cancellationToken);
                    if (removed is not null) deleted.Add((removed, size));
                }
                finally
                {
                    slots.Release();
                }
            }));

            return ApiConventions.Ok(new Dictionary<string, object?>
            {
                ["ContainersDeleted"] = deleted.IsEmpty ? null : deleted.Select(d => d.VirtualId).Order(StringComparer.Ordinal).ToList(),
                ["SpaceReclaimed"] = deleted.Sum(d => d.Size),
            });
        });
    }

    /// <summary>Removes the container; its virtual ID if it went, null if it stays (it started meanwhile, or its engine refused).</summary>
    private static async Task<string?> Remove(SwarmManager manager, EngineProxy proxy, EngineSnapshot engine, string physicalId, string swarmId, CancellationToken cancellationToken)
    {
        if (swarmId.Length > 0 && await HeldByScheduler(manager, engine, physicalId, swarmId))
        {
            var answer = await manager.Containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Remove), Timeout, cancellationToken);
            if (answer is ContainerCommands.Done) return swarmId;
            if (answer is ContainerCommands.Failed failed)
            {
                manager.System.Log.Info("Prune: {0} on {1} stays: {2}", swarmId, engine.Name, failed.Message);
            }
            return null;
        }
        var (status, body) = await EngineFanOut.Send(proxy, engine, HttpMethod.Delete, $"/containers/{Uri.EscapeDataString(physicalId)}", cancellationToken);
        if (status == HttpStatusCode.NoContent) return swarmId.Length > 0 ? swarmId : physicalId;
        manager.System.Log.Info("Prune: {0} on {1} stays: {2}", physicalId, engine.Name, EngineFanOut.Message(body));
        return null;
    }

    // The scheduler's record for the swarm ID is this very container (not another one carrying the same label).
    private static async Task<bool> HeldByScheduler(SwarmManager manager, EngineSnapshot engine, string physicalId, string swarmId) =>
        await manager.AskScheduler<object>(new SchedulerCommands.GetContainer(swarmId), Timeout) is ContainerRecord record
        && record.EngineContainerId == physicalId && record.NodeId == engine.Id;

    // What dockerd counts as reclaimed: the size of the container's writable layer (0 when the engine does not say).
    private static async Task<long> WritableLayerSize(EngineProxy proxy, EngineSnapshot engine, string physicalId, CancellationToken cancellationToken)
    {
        var (status, body) = await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/containers/{Uri.EscapeDataString(physicalId)}/json?size=1", cancellationToken);
        if (status != HttpStatusCode.OK) return 0;
        try
        {
            return JsonNode.Parse(body)?["SizeRw"]?.GetValue<long>() ?? 0;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return 0;
        }
    }
}
