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
    private readonly Dictionary<string, HashSet<string>> swarmIdsByNode = new(StringComparer.Ordinal);

    public ClusterState Cluster { get; } = new();

    public int ContainerCount => records.Count;

    public ContainerRecord? Find(string swarmId) => records.GetValueOrDefault(swarmId);

    /// <summary>Whether every node holding recorded containers has reported since this state was recovered.</summary>
    public bool AllRecordedNodesKnown => swarmIdsByNode.All(node => node.Value.Count == 0 || Cluster.FindNode(node.Key) is not null);

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

    /// <summary>
    /// Where a one-off request (a build, as classic scheduled <c>docker build</c>) would go now: the same filters and
    /// strategy over the same nodes and reservations as a create, but nothing is recorded or reserved, and no name or
    /// swarm ID is taken. Answers <see cref="SchedulerCommands.PlacementPreview"/> or <see cref="SchedulerCommands.Rejected"/>.
    /// </summary>
    public object Preview(ContainerRequest request)
    {
        var parsed = SchedulingRequest.TryCreate(request with { Name = "" }, out string? error);
        if (parsed is null) return new SchedulerCommands.Rejected(PlacementFailure.InvalidRequest, error!);
        var placement = scheduler.Place(Cluster, parsed);
        return placement.Succeeded
            ? new SchedulerCommands.PlacementPreview(placement.Node!.Id, parsed.Container)
            : new SchedulerCommands.Rejected(PlacementFailure.Unschedulable, placement.Error!);
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
            case SchedulerEvents.ContainerRenamed renamed when records.TryGetValue(renamed.SwarmId, out var renamedRecord):
                if (renamedRecord.Name.Length > 0 && swarmIdByName.GetValueOrDefault(renamedRecord.Name) == renamed.SwarmId) swarmIdByName.Remove(renamedRecord.Name);
                records[renamed.SwarmId] = renamedRecord with { Name = renamed.Name, Request = renamedRecord.Request with { Name = renamed.Name } };
                if (renamed.Name.Length > 0) swarmIdByName[renamed.Name] = renamed.SwarmId;
                break;
            case SchedulerEvents.DesiredStateChanged changed when records.TryGetValue(changed.SwarmId, out var changedRecord):
                records[changed.SwarmId] = changedRecord with { DesiredState = changed.DesiredState };
                break;
            case SchedulerEvents.ContainerRemoved removed when records.Remove(removed.SwarmId, out var removedRecord):
                if (removedRecord.Name.Length > 0) swarmIdByName.Remove(removedRecord.Name);
                if (swarmIdsByNode.TryGetValue(removedRecord.NodeId, out var onNode)) onNode.Remove(removedRecord.SwarmId);
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
        foreach (var record in RecordsOn(engine.Id)) Reserve(record);
    }

    /// <summary>
    /// What a healthy engine's full view says about the records of its node: a placed container the engine made
    /// though its creation was never recorded (the answer was lost with a manager) is created; a container with a
    /// swarm ID the journal does not know is adopted (the state can be rebuilt from the engines, as classic's
    /// label allowed); a recorded container the view lacks is to be verified with the engine, since the view may
    /// be older than the container.
    /// </summary>
    public Reconciliation Reconcile(EngineSnapshot engine)
    {
        if (engine.Id.Length == 0 || engine.Health.Status != Swarm.Engines.Health.EngineStatus.Healthy) return Reconciliation.None;
        var facts = new List<SchedulerEvents.IEvent>();
        var toVerify = new List<string>();
        var bySwarmId = engine.Containers.Where(c => c.SwarmId.Length > 0).GroupBy(c => c.SwarmId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var engineIds = engine.Containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var record in RecordsOn(engine.Id))
        {
            if (record.EngineContainerId.Length == 0)
            {
                if (bySwarmId.TryGetValue(record.SwarmId, out var made)) facts.Add(new SchedulerEvents.ContainerCreated(record.SwarmId, made.Id));
            }
            else if (!engineIds.Contains(record.EngineContainerId))
            {
                toVerify.Add(record.SwarmId);
            }
            else if (RenamedOnEngine(engine.Id, engine.Containers.First(c => c.Id == record.EngineContainerId)) is { } renamed)
            {
                facts.Add(renamed);
            }
        }
        var adoptedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (swarmId, container) in bySwarmId)
        {
            string name = container.Name.TrimStart('/');
            // A name another container holds stays with it; this one is then left to its engine, as any foreign container.
            if (records.ContainsKey(swarmId) || (name.Length > 0 && (swarmIdByName.ContainsKey(name) || !adoptedNames.Add(name)))) continue;
            var request = AdoptedRequest(container, engine.Specs?.Cpus ?? 0);
            var policy = SchedulingRequest.TryCreate(request, out _)?.ReschedulePolicy ?? ReschedulePolicy.Off;
            facts.Add(new SchedulerEvents.ContainerPlaced(swarmId, engine.Id, request, "", policy));
            facts.Add(new SchedulerEvents.ContainerCreated(swarmId, container.Id));
        }
        return new Reconciliation(facts, toVerify);
    }

    /// <summary>An engine saw one of its containers appear or change: the creation of a placed container, if it was not recorded yet.</summary>
    public SchedulerEvents.IEvent? CreatedOnEngine(string engineId, EngineContainer container) =>
        container.SwarmId.Length > 0 && records.TryGetValue(container.SwarmId, out var record) && record.NodeId == engineId && record.EngineContainerId.Length == 0
            ? new SchedulerEvents.ContainerCreated(record.SwarmId, container.Id)
            : null;

    /// <summary>An engine shows a recorded container under another name than the record's: the record follows the engine.</summary>
    public SchedulerEvents.IEvent? RenamedOnEngine(string engineId, EngineContainer container)
    {
        string name = container.Name.TrimStart('/');
        return container.SwarmId.Length > 0 && records.TryGetValue(container.SwarmId, out var record)
               && record.NodeId == engineId && record.EngineContainerId == container.Id && record.Name != name
            ? new SchedulerEvents.ContainerRenamed(record.SwarmId, name)
            : null;
    }

    /// <summary>An engine saw one of its containers destroyed (by anyone, on the engine itself too): the record goes with it.</summary>
    public SchedulerEvents.IEvent? RemovedOnEngine(string engineId, string engineContainerId) =>
        RecordsOn(engineId).FirstOrDefault(r => r.EngineContainerId == engineContainerId) is { } record
            ? new SchedulerEvents.ContainerRemoved(record.SwarmId)
            : null;

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
        if (!swarmIdsByNode.TryGetValue(record.NodeId, out var onNode)) swarmIdsByNode[record.NodeId] = onNode = new HashSet<string>(StringComparer.Ordinal);
        onNode.Add(record.SwarmId);
    }

    private IEnumerable<ContainerRecord> RecordsOn(string nodeId) =>
        swarmIdsByNode.TryGetValue(nodeId, out var onNode) ? onNode.Select(id => records[id]).ToList() : [];

    // What placement would have read, rebuilt from the container as its engine shows it.
    private static ContainerRequest AdoptedRequest(EngineContainer container, long engineCpus) => new()
    {
        Name = container.Name.TrimStart('/'),
        Image = container.Image,
        Labels = container.Labels,
        ExposedPorts = container.ExposedPorts,
        PortBindings = container.PortBindings,
        NetworkMode = container.NetworkMode,
        Links = container.Links,
        VolumesFrom = container.VolumesFrom,
        Cpus = CpuShares.FromEngineShares(container.CpuShares, engineCpus),
        Memory = container.Memory,
    };

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

/// <summary>What <see cref="SchedulerState.Reconcile"/> concluded: facts to journal, and swarm IDs whose containers to verify with their engines.</summary>
public sealed record Reconciliation(IReadOnlyList<SchedulerEvents.IEvent> Facts, IReadOnlyList<string> ToVerify)
{
    public static Reconciliation None { get; } = new([], []);
}

/// <summary>What <see cref="SchedulerState.Decide"/> concluded.</summary>
public sealed record PlacementOutcome(SchedulerEvents.ContainerPlaced? ToRecord, ContainerRecord? Existing, SchedulerCommands.Rejected? Rejection)
{
    public static PlacementOutcome Record(SchedulerEvents.ContainerPlaced placed) => new(placed, null, null);

    public static PlacementOutcome Again(ContainerRecord existing) => new(null, existing, null);

    public static PlacementOutcome Reject(PlacementFailure failure, string error) => new(null, null, new SchedulerCommands.Rejected(failure, error));
}
