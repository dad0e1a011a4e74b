using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling;

namespace Swarm.Api;

/// <summary>A container and the engine it runs on: what a proxied call needs.</summary>
/// <param name="PhysicalId">The engine's ID of the container.</param>
/// <param name="VirtualId">The ID users see: the swarm ID, or the physical ID for a container made directly on the engine.</param>
public sealed record ContainerOwner(EngineSnapshot Engine, string PhysicalId, string VirtualId);

/// <summary>
/// Finds the engine owning what a user typed for a container (virtual ID, physical ID, name, <c>node/name</c>,
/// prefix) with <see cref="ContainerLookup"/>, and answers as classic when it cannot: 404 <c>No such container</c>,
/// 500 <c>Container … running on unhealthy node …</c>.
/// </summary>
public sealed class ContainerOwners(SwarmManager manager)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<EngineSnapshot>> Engines() =>
        (await manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, Timeout)).All;

    public async Task<(ContainerOwner? Owner, IResult? Error)> Resolve(string idOrName)
    {
        // A full virtual ID (what the CLI sends once it has one): the scheduler's record and that one engine's view.
        if (SwarmIds.IsValid(idOrName)
            && await manager.AskScheduler<object>(new SchedulerCommands.GetContainer(idOrName), Timeout) is ContainerRecord { EngineContainerId.Length: > 0 } known
            && await manager.Engines.Ask<object>(new EngineDirectory.ToEngine(known.NodeId, EngineCommands.GetSnapshot.Instance), Timeout) is EngineSnapshot { Id: var id } home
            && id == known.NodeId)
        {
            return home.Health.Status == EngineStatus.Healthy
                ? (new ContainerOwner(home, known.EngineContainerId, idOrName), null)
                : (null, ApiConventions.Error(500, $"Container {idOrName} running on unhealthy node {home.Name}"));
        }
        var engines = await Engines();
        // A global container's name or ID: its first instance that runs on a healthy node answers for it.
        if (!idOrName.Contains('/') && await manager.AskScheduler<object>(new SchedulerCommands.GetGlobal(idOrName), Timeout) is SchedulerCommands.GlobalContainer global)
        {
            var instance = global.Instances
                .Select(i => (Record: i, Engine: engines.FirstOrDefault(e => e.Id == i.NodeId)))
                .FirstOrDefault(i => i.Record.EngineContainerId.Length > 0 && i.Engine is { Health.Status: EngineStatus.Healthy });
            return instance.Engine is null
                ? (null, ApiConventions.Error(404, $"No such container: {idOrName} (global, no instance running on a healthy node)"))
                : (new ContainerOwner(instance.Engine, instance.Record.EngineContainerId, instance.Record.SwarmId), null);
        }
        var found = ContainerLookup.Resolve(idOrName, ContainerListing.LookupEntries(engines));
        ContainerOwner? owner = null;
        if (found.IsFound)
        {
            var entry = found.Found;
            owner = engines.FirstOrDefault(e => e.Id == entry.NodeId) is { } engine
                ? new ContainerOwner(engine, entry.EngineContainerId, entry.SwarmId.Length > 0 ? entry.SwarmId : entry.EngineContainerId)
                : null;
        }
        else if (found.Error == LookupError.NotFound && SwarmIds.IsValid(idOrName))
        {
            // Just created (docker run attaches at once): its engine may not have reported it yet, the scheduler knows it.
            owner = await FromSchedulerRecord(idOrName, engines);
        }
        if (owner is null) return (null, ApiConventions.Error(found.IsFound ? 404 : found.StatusCode, found.IsFound ? $"No such container: {idOrName}" : found.Message));
        if (owner.Engine.Health.Status != EngineStatus.Healthy)
        {
            return (null, ApiConventions.Error(500, $"Container {idOrName} running on unhealthy node {owner.Engine.Name}"));
        }
        return (owner, null);
    }

    /// <summary>Has the engine's actor load the engine again now (classic's forced refresh, e.g. its images after a commit).</summary>
    public void Refresh(EngineSnapshot engine) =>
        manager.Engines.Tell(new EngineDirectory.ToEngine(engine.Id, EngineCommands.RefreshNow.Instance));

    /// <summary>The virtual ID of the container with this physical ID on the engine, if the cluster knows it.</summary>
    public static string? VirtualIdOf(EngineSnapshot engine, string physicalId) =>
        engine.Containers.FirstOrDefault(c => c.Id == physicalId) is { } container ? ContainerListing.VirtualId(container) : null;

    private async Task<ContainerOwner?> FromSchedulerRecord(string swarmId, IReadOnlyList<EngineSnapshot> engines)
    {
        if (await manager.AskScheduler<object>(new SchedulerCommands.GetContainer(swarmId), Timeout) is not ContainerRecord { EngineContainerId.Length: > 0 } record) return null;
        return engines.FirstOrDefault(e => e.Id == record.NodeId) is { } engine ? new ContainerOwner(engine, record.EngineContainerId, swarmId) : null;
    }
}
