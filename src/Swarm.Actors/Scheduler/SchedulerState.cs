using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;
using PlacementScheduler = Swarm.Scheduling.Scheduler;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// The scheduler's state as pure functions: <see cref="Decide"/> turns a command into the event to record (or a
/// rejection) without changing anything; <see cref="Apply"/> changes the state by one recorded event, the same
/// way live and on recovery. Engines' reports (<see cref="ApplyEngine"/>) are live facts, never journaled.
/// </summary>
public sealed class SchedulerState(SchedulerOptions options)
{
    private readonly PlacementScheduler scheduler = new(options);
    private readonly Random swarmIds = new();
    private readonly Dictionary<string, ContainerRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> swarmIdByName = new(StringComparer.Ordinal);

    public ClusterState Cluster { get; } = new();

    public int ContainerCount => records.Count;

    public ContainerRecord? Find(string swarmId) => records.GetValueOrDefault(swarmId);

    /// <summary>
    /// The event a placement request leads to, the answer for a retry of a placement already made, or a rejection.
    /// </summary>
    public PlacementOutcome Decide(SchedulerCommands.PlaceContainer command)
    {
        var request = SchedulingRequest.TryCreate(command.Request, out string? error);
        if (request is null) return PlacementOutcome.Reject(PlacementFailure.InvalidRequest, error!);

        string swarmId = request.SwarmId;
        if (swarmId.Length > 0 && records.TryGetValue(swarmId, out var existing)) return PlacementOutcome.Again(existing);

        string name = request.Container.Name.TrimStart('/');
        if (name.Length > 0 && swarmIdByName.ContainsKey(name))
        {
            return PlacementOutcome.Reject(PlacementFailure.NameConflict, SchedulingErrors.NameConflict(name));
        }
        if (swarmId.Length == 0)
        {
            // Chosen here rather than by the placement engine, so that it is unique among records of containers whose node has not reported yet.
            swarmId = SwarmIds.New(swarmIds, id => records.ContainsKey(id) || Cluster.IsIdInUse(id));
            request = request.WithLabel(SchedulingRequest.SwarmIdLabel, swarmId);
        }

        var decision = scheduler.Decide(Cluster, request);
        if (!decision.Succeeded) return PlacementOutcome.Reject(decision.Failure!.Value, decision.Error!);
        return PlacementOutcome.Record(new SchedulerEvents.ContainerPlaced(
            swarmId, decision.NodeId!, decision.Request!.Container, command.CreateConfig, request.ReschedulePolicy));
    }

    public void Apply(SchedulerEvents.IEvent recorded)
    {
        switch (recorded)
        {
            case SchedulerEvents.ContainerPlaced placed:
                var placedRecord = new ContainerRecord(placed.SwarmId, placed.Request.Name.TrimStart('/'), placed.NodeId, "",
                    placed.Request, placed.CreateConfig, placed.ReschedulePolicy, DesiredState.Created);
                Store(placedRecord);
                Reserve(placedRecord);
                break;
            case SchedulerEvents.ContainerCreated created when records.TryGetValue(created.SwarmId, out var createdRecord):
                records[created.SwarmId] = createdRecord with { EngineContainerId = created.EngineContainerId };
                break;
            case SchedulerEvents.DesiredStateChanged changed when records.TryGetValue(changed.SwarmId, out var changedRecord):
                records[changed.SwarmId] = changedRecord with { DesiredState = changed.DesiredState };
                break;
            case SchedulerEvents.ContainerRemoved removed when records.Remove(removed.SwarmId, out var removedRecord):
                if (removedRecord.Name.Length > 0) swarmIdByName.Remove(removedRecord.Name);
                if (Cluster.FindNode(removedRecord.NodeId) is not null)
                {
                    Cluster.RemoveContainer(removedRecord.NodeId, removedRecord.SwarmId);
                    if (removedRecord.EngineContainerId.Length > 0) Cluster.RemoveContainer(removedRecord.NodeId, removedRecord.EngineContainerId);
                }
                break;
        }
    }

    /// <summary>
    /// An engine's current view. Its containers take the place of their pending reservations; records placed on it
    /// that it does not report yet are reserved again, so capacity promised before a failover stays promised.
    /// </summary>
    public void ApplyEngine(EngineSnapshot engine)
    {
        if (engine.Specs is null) return;
        ClusterStateFeed.ApplyEngine(Cluster, engine);
        foreach (var record in records.Values.Where(r => r.NodeId == engine.Id)) Reserve(record);
    }

    /// <summary>Applies what an engine actor reported (see <see cref="Engines.EngineEvents"/>); nothing of it is journaled.</summary>
    public void ApplyEngineEvent(object reported)
    {
        switch (reported)
        {
            case Engines.EngineEvents.EngineDisconnected { Engine.Health.Status: Swarm.Engines.Health.EngineStatus.Disconnected } removed:
                Cluster.RemoveNode(removed.Engine.Id);
                break;
            case Engines.EngineEvents.IClusterEvent clusterEvent:
                ApplyEngine(clusterEvent.Engine);
                break;
            case Engines.EngineEvents.EngineHealthChanged changed when Cluster.FindNode(changed.EngineId) is not null:
                Cluster.SetHealth(changed.EngineId, changed.Health.HealthIndicator);
                break;
            case Engines.EngineEvents.ContainerUpdated updated when Cluster.FindNode(updated.EngineId) is { } node:
                ClusterStateFeed.ApplyContainer(Cluster, updated.EngineId, node.Description.Cpus, updated.Container);
                break;
            case Engines.EngineEvents.ContainerRemoved gone when Cluster.FindNode(gone.EngineId) is not null:
                Cluster.RemoveContainer(gone.EngineId, gone.ContainerId);
                break;
        }
    }

    public SchedulerSnapshot ToSnapshot() => new([.. records.Values.OrderBy(r => r.SwarmId, StringComparer.Ordinal)]);

    public void Restore(SchedulerSnapshot snapshot)
    {
        foreach (var record in snapshot.Containers)
        {
            Store(record);
            Reserve(record);
        }
    }

    /// <summary>A hash of every record, equal on any two managers that recorded the same events.</summary>
    public string Digest()
    {
        var text = JsonSerializer.Serialize(ToSnapshot(), SchedulerSerializer.JsonOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private void Store(ContainerRecord record)
    {
        records[record.SwarmId] = record;
        if (record.Name.Length > 0) swarmIdByName[record.Name] = record.SwarmId;
    }

    // Holds the record's resources, name and ports on its node until the engine reports the container itself.
    private void Reserve(ContainerRecord record)
    {
        var node = Cluster.FindNode(record.NodeId);
        if (node is null) return;
        if (node.Containers.Any(c => c.SwarmId == record.SwarmId)) return;
        var pending = SchedulingRequest.TryCreate(record.Request, out _)?.ToPendingContainer(record.SwarmId);
        if (pending is not null) Cluster.AddContainer(record.NodeId, pending);
    }
}

/// <summary>What <see cref="SchedulerState.Decide"/> concluded.</summary>
public sealed record PlacementOutcome(SchedulerEvents.ContainerPlaced? ToRecord, ContainerRecord? Existing, SchedulerCommands.Rejected? Rejection)
{
    public static PlacementOutcome Record(SchedulerEvents.ContainerPlaced placed) => new(placed, null, null);

    public static PlacementOutcome Again(ContainerRecord existing) => new(null, existing, null);

    public static PlacementOutcome Reject(PlacementFailure failure, string error) => new(null, null, new SchedulerCommands.Rejected(failure, error));
}
