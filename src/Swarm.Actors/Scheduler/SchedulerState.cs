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
    private readonly HashSet<string> moving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GlobalRecord> globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> instancesByGlobal = new(StringComparer.Ordinal);

    // Nodes an operator paused or drained, by engine ID; journaled, so it outlives the node's absence.
    private readonly Dictionary<string, NodeAvailability> availability = new(StringComparer.Ordinal);

    // Addresses of engines found unreachable by an actor that never saw them healthy (their last watcher died).
    private readonly HashSet<string> unreachable = new(StringComparer.Ordinal);

    public ClusterState Cluster { get; } = new();

    public int ContainerCount => records.Count;

    public int GlobalCount => globals.Count;

    public int MovingCount => moving.Count;

    public ContainerRecord? Find(string swarmId) => records.GetValueOrDefault(swarmId);

    /// <summary>The nodes an operator paused or drained (others are active).</summary>
    public IReadOnlyDictionary<string, NodeAvailability> NodeAvailabilities => availability;

    /// <summary>The containers being recreated on another node after theirs failed.</summary>
    public IEnumerable<ContainerRecord> Moving => moving.Select(id => records[id]);

    /// <summary>Whether every node holding recorded containers has reported since this state was recovered.</summary>
    public bool AllRecordedNodesKnown => swarmIdsByNode.All(node => node.Value.Count == 0 || Cluster.FindNode(node.Key) is not null || unreachable.Contains(AddressOf(node.Key)));

    /// <summary>Of these engine addresses, those no engine has reported (validated) from, nor was found unreachable at, since this state began.</summary>
    public IEnumerable<string> NotHeardFrom(IEnumerable<string> addresses)
    {
        var heard = Cluster.Nodes.Select(node => AddressOf(node.Id)).ToHashSet(StringComparer.Ordinal);
        return addresses.Where(address => !heard.Contains(address) && !unreachable.Contains(address)).ToList();
    }

    /// <summary>Some node can take containers now.</summary>
    public bool AnyHealthyNode => Cluster.Nodes.Any(node => node.HealthIndicator > 0);

    /// <summary>Placements whose creation is not recorded (moves aside: they are handed out as moves).</summary>
    public IEnumerable<string> PlacedNotCreated() =>
        records.Values.Where(record => record.EngineContainerId.Length == 0 && record.Move is null).Select(record => record.SwarmId).ToList();

    /// <summary>An engine no actor could reach since this state began: a node at that address that reported is marked unhealthy.</summary>
    public void EngineUnreachable(string address)
    {
        unreachable.Add(address);
        foreach (var node in Cluster.Nodes.Where(n => AddressOf(n.Id) == address && n.HealthIndicator > 0).ToList()) Cluster.SetHealth(node.Id, 0);
    }

    /// <summary>
    /// The event a placement request leads to, the answer for a retry of a placement already made, or a rejection.
    /// </summary>
    public PlacementOutcome Decide(SchedulerCommands.PlaceContainer command)
    {
        var moded = ContainerMode.TryRead(command.Request, out bool global, out string? error);
        if (moded is null) return PlacementOutcome.Reject(PlacementFailure.InvalidRequest, error!);
        var request = SchedulingRequest.TryCreate(moded, out error);
        if (request is null) return PlacementOutcome.Reject(PlacementFailure.InvalidRequest, error!);
        if (!request.NamesReschedulePolicy && options.DefaultReschedulePolicy != ReschedulePolicy.Off)
        {
            request = request.WithReschedulePolicy(options.DefaultReschedulePolicy);
        }

        string swarmId = request.SwarmId;
        if (swarmId.Length > 0 && records.TryGetValue(swarmId, out var existing)) return PlacementOutcome.Again(existing);
        if (swarmId.Length > 0 && globals.TryGetValue(swarmId, out var existingGlobal)) return PlacementOutcome.GlobalAgain(existingGlobal);

        string name = request.Container.Name.TrimStart('/');
        if (name.Length > 0 && swarmIdByName.ContainsKey(name))
        {
            return PlacementOutcome.Reject(PlacementFailure.NameConflict, SchedulingErrors.NameConflict(name));
        }
        if (swarmId.Length == 0)
        {
            // Chosen here rather than by the placement engine, so that it is unique among records of containers whose node has not reported yet.
            swarmId = SwarmIds.New(swarmIds, id => records.ContainsKey(id) || globals.ContainsKey(id) || Cluster.IsIdInUse(id));
            request = request.WithLabel(SchedulingRequest.SwarmIdLabel, swarmId);
        }
        if (global) return DecideGlobal(swarmId, request, command.CreateConfig);

        var decision = scheduler.Decide(Cluster, request);
        if (!decision.Succeeded) return PlacementOutcome.Reject(decision.Failure!.Value, decision.Error!);
        return PlacementOutcome.Record(new SchedulerEvents.ContainerPlaced(
            swarmId, decision.NodeId!, decision.Request!.Container, command.CreateConfig, request.ReschedulePolicy));
    }

    // A global container needs a free name and at least one node to run on now; its instances are placed after it.
    private PlacementOutcome DecideGlobal(string globalId, SchedulingRequest request, string createConfig)
    {
        string name = request.Container.Name.TrimStart('/');
        if (name.Length > 0 && Cluster.IsNameInUse(name)) return PlacementOutcome.Reject(PlacementFailure.NameConflict, SchedulingErrors.NameConflict(name));
        if (scheduler.EligibleNodes(Cluster, request).Count == 0)
        {
            return PlacementOutcome.Reject(PlacementFailure.Unschedulable, scheduler.Place(Cluster, request).Error ?? SchedulingErrors.NoHealthyNode);
        }
        return PlacementOutcome.Global(new SchedulerEvents.GlobalContainerCreated(globalId, request.Container, createConfig));
    }

    /// <summary>The global container with this swarm ID, name or unique ID prefix, and its instances.</summary>
    public (GlobalRecord Global, IReadOnlyList<ContainerRecord> Instances)? FindGlobal(string idOrName)
    {
        var global = globals.GetValueOrDefault(idOrName)
                     ?? (swarmIdByName.TryGetValue(idOrName, out string? named) ? globals.GetValueOrDefault(named) : null);
        if (global is null && idOrName.Length >= 3)
        {
            var prefixed = globals.Keys.Where(id => id.StartsWith(idOrName, StringComparison.Ordinal)).Take(2).ToList();
            if (prefixed.Count == 1) global = globals[prefixed[0]];
        }
        if (global is null) return null;
        return (global, InstancesOf(global.GlobalId));
    }

    /// <summary>
    /// An instance for every eligible node (healthy, active, meeting the hard constraints) that has none of a
    /// global container yet: now, and whenever a node joins or comes back.
    /// </summary>
    public IReadOnlyList<SchedulerEvents.GlobalInstancePlaced> GlobalInstancesToPlace()
    {
        var placed = new List<SchedulerEvents.GlobalInstancePlaced>();
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var global in globals.Values.OrderBy(g => g.GlobalId, StringComparer.Ordinal))
        {
            var request = SchedulingRequest.TryCreate(global.Request, out _);
            if (request is null) continue;
            var holding = InstancesOf(global.GlobalId).Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
            foreach (var node in scheduler.EligibleNodes(Cluster, request))
            {
                if (holding.Contains(node.Id)) continue;
                string instanceId = SwarmIds.New(swarmIds, id => newIds.Contains(id) || records.ContainsKey(id) || globals.ContainsKey(id) || Cluster.IsIdInUse(id));
                newIds.Add(instanceId);
                var labels = new Dictionary<string, string>(global.Request.Labels)
                {
                    [SchedulingRequest.SwarmIdLabel] = instanceId,
                    [ContainerMode.GlobalIdLabel] = global.GlobalId,
                };
                placed.Add(new SchedulerEvents.GlobalInstancePlaced(instanceId, global.GlobalId, node.Id, global.Request with { Labels = labels }, global.DesiredState == DesiredState.Running));
            }
        }
        return placed;
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
            case SchedulerEvents.GlobalContainerCreated createdGlobal:
                var newGlobal = SharedRecordTexts.Of(new GlobalRecord(createdGlobal.SwarmId, createdGlobal.Request.Name.TrimStart('/'), createdGlobal.Request, createdGlobal.CreateConfig, DesiredState.Created));
                globals[newGlobal.GlobalId] = newGlobal;
                if (newGlobal.Name.Length > 0) swarmIdByName[newGlobal.Name] = newGlobal.GlobalId;
                break;
            case SchedulerEvents.GlobalInstancePlaced instance:
                var instanceRecord = SharedRecordTexts.Of(new ContainerRecord(instance.SwarmId, instance.Request.Name.TrimStart('/'), instance.NodeId, "", instance.Request,
                    globals.GetValueOrDefault(instance.GlobalId)?.CreateConfig ?? "", ReschedulePolicy.Off,
                    instance.Start ? DesiredState.Running : DesiredState.Created, new ContainerMove("", instance.Start)));
                Store(instanceRecord);
                Reserve(instanceRecord);
                break;
            case SchedulerEvents.DesiredStateChanged changedGlobal when globals.TryGetValue(changedGlobal.SwarmId, out var globalRecord):
                globals[globalRecord.GlobalId] = globalRecord with { DesiredState = changedGlobal.DesiredState };
                // Instances not created yet start or not as the global container now is.
                foreach (var pending in InstancesOf(globalRecord.GlobalId).Where(r => r.Move is not null))
                {
                    Store(pending with { Move = pending.Move! with { Start = changedGlobal.DesiredState == DesiredState.Running } });
                }
                break;
            case SchedulerEvents.ContainerRemoved removedGlobal when globals.Remove(removedGlobal.SwarmId, out var goneGlobal):
                if (goneGlobal.Name.Length > 0 && swarmIdByName.GetValueOrDefault(goneGlobal.Name) == goneGlobal.GlobalId) swarmIdByName.Remove(goneGlobal.Name);
                SharedIds.Forget(goneGlobal.GlobalId);
                break;
            case SchedulerEvents.ContainerPlaced placed:
                var placedRecord = SharedRecordTexts.Of(new ContainerRecord(placed.SwarmId, placed.Request.Name.TrimStart('/'), placed.NodeId, "",
                    placed.Request, placed.CreateConfig, placed.ReschedulePolicy, DesiredState.Created));
                Store(placedRecord);
                Reserve(placedRecord);
                break;
            case SchedulerEvents.ContainerCreated created when records.TryGetValue(created.SwarmId, out var createdRecord):
                records[created.SwarmId] = createdRecord with { EngineContainerId = SharedIds.Of(created.EngineContainerId) };
                break;
            case SchedulerEvents.ContainerRenamed renamed when records.TryGetValue(renamed.SwarmId, out var renamedRecord):
                if (renamedRecord.Name.Length > 0 && swarmIdByName.GetValueOrDefault(renamedRecord.Name) == renamed.SwarmId) swarmIdByName.Remove(renamedRecord.Name);
                records[renamed.SwarmId] = renamedRecord with { Name = renamed.Name, Request = renamedRecord.Request with { Name = renamed.Name } };
                if (renamed.Name.Length > 0) swarmIdByName[renamed.Name] = renamed.SwarmId;
                break;
            case SchedulerEvents.DesiredStateChanged changed when records.TryGetValue(changed.SwarmId, out var changedRecord):
                records[changed.SwarmId] = changedRecord with { DesiredState = changed.DesiredState };
                break;
            case SchedulerEvents.ContainerRescheduled moved when records.TryGetValue(moved.SwarmId, out var movedRecord):
                LeaveNode(movedRecord);
                var landed = movedRecord with
                {
                    NodeId = moved.ToNodeId, EngineContainerId = "", Request = SharedRecordTexts.Of(moved.Request),
                    Move = new ContainerMove(moved.FromNodeId, moved.Start, movedRecord.EngineContainerId, moved.RemoveLeft),
                };
                Store(landed);
                Reserve(landed);
                break;
            case SchedulerEvents.RescheduleCompleted completed when records.TryGetValue(completed.SwarmId, out var completedRecord):
                Store(completedRecord with { Move = null });
                break;
            case SchedulerEvents.NodeAvailabilityChanged changedNode:
                if (changedNode.Availability == NodeAvailability.Active) availability.Remove(changedNode.NodeId);
                else availability[changedNode.NodeId] = changedNode.Availability;
                if (Cluster.FindNode(changedNode.NodeId) is not null) Cluster.SetAvailability(changedNode.NodeId, changedNode.Availability);
                break;
            case SchedulerEvents.ContainerRemoved removed when records.Remove(removed.SwarmId, out var removedRecord):
                if (removedRecord.Name.Length > 0 && swarmIdByName.GetValueOrDefault(removedRecord.Name) == removedRecord.SwarmId) swarmIdByName.Remove(removedRecord.Name);
                if (ContainerMode.GlobalIdOf(removedRecord.Request) is { Length: > 0 } ofGlobal && instancesByGlobal.TryGetValue(ofGlobal, out var instanceIds)) instanceIds.Remove(removedRecord.SwarmId);
                moving.Remove(removedRecord.SwarmId);
                LeaveNode(removedRecord);
                SharedIds.Forget(removedRecord.SwarmId);
                SharedIds.Forget(removedRecord.EngineContainerId);
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
        unreachable.Remove(engine.Address);
        ClusterStateFeed.ApplyEngine(Cluster, engine);
        if (availability.TryGetValue(engine.Id, out var set)) Cluster.SetAvailability(engine.Id, set);
        foreach (var record in RecordsOn(engine.Id)) Reserve(record);
    }

    /// <summary>
    /// What a healthy engine's full view says about the records of its node: a placed container the engine made
    /// though its creation was never recorded (the answer was lost with a manager) is created; a container with a
    /// swarm ID the journal does not know is adopted (the state can be rebuilt from the engines, as classic's
    /// label allowed); a recorded container the view lacks is to be verified with the engine, since the view may
    /// be older than the container, and a placed one it lacks is to be made by its container actor.
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
                // Placed but not made: its container actor finishes the creation (or finds it still under way).
                else if (record.Move is null) toVerify.Add(record.SwarmId);
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
               && ContainerMode.GlobalIdOf(record.Request).Length == 0
            ? new SchedulerEvents.ContainerRenamed(record.SwarmId, name)
            : null;
    }

    /// <summary>An engine saw one of its containers destroyed (by anyone, on the engine itself too): the record goes with it.</summary>
    public SchedulerEvents.IEvent? RemovedOnEngine(string engineId, string engineContainerId) =>
        RecordsOn(engineId).FirstOrDefault(r => r.EngineContainerId == engineContainerId) is { } record
            ? new SchedulerEvents.ContainerRemoved(record.SwarmId)
            : null;

    /// <summary>
    /// Swarm IDs of the containers to move: created (a create still in flight is its requester's to fail), with
    /// policy <c>on-node-failure</c>, on a node that is unhealthy, or unknown when <paramref name="unknownNodesFailed"/>
    /// (its engine had its chance to report after a recovery, or left discovery); and on a drained node, those
    /// with the policy, or all when drain moves all.
    /// </summary>
    public IReadOnlyList<string> ToReschedule(bool unknownNodesFailed)
    {
        var due = new List<string>();
        foreach (var (nodeId, onNode) in swarmIdsByNode)
        {
            if (onNode.Count == 0) continue;
            var node = Cluster.FindNode(nodeId);
            bool failed = node is null ? unknownNodesFailed || unreachable.Contains(AddressOf(nodeId)) : node.HealthIndicator == 0;
            bool drained = node is { HealthIndicator: > 0, Availability: NodeAvailability.Drain };
            if (!failed && !drained) continue;
            foreach (string swarmId in onNode)
            {
                var record = records[swarmId];
                // An instance of a global container belongs to its node: it comes back with it.
                bool movable = ContainerMode.GlobalIdOf(record.Request).Length == 0
                               && (record.ReschedulePolicy == ReschedulePolicy.OnNodeFailure || (drained && options.DrainMovesAll));
                if (movable && (record.EngineContainerId.Length > 0 || record.Move is not null)) due.Add(swarmId);
            }
        }
        return due;
    }

    /// <summary>
    /// Where a container of a failed node goes: placed as at its creation (same request, so a hard
    /// <c>node==</c> on the failed node cannot be met and it stays; soft expressions may be dropped), started there
    /// if it was running. Null and the reason when no node can take it now.
    /// </summary>
    public SchedulerEvents.ContainerRescheduled? DecideReschedule(string swarmId, out string? error)
    {
        error = null;
        if (!records.TryGetValue(swarmId, out var record)) return null;
        var request = SchedulingRequest.TryCreate(record.Request, out error);
        if (request is null) return null;
        var placement = scheduler.Place(Cluster, request);
        if (!placement.Succeeded)
        {
            error = placement.Error;
            return null;
        }
        // The last state its node showed, else what the user asked for; a move not finished keeps its intent.
        var lastSeen = Cluster.FindNode(record.NodeId)?.Containers.FirstOrDefault(c => c.SwarmId == swarmId);
        bool start = record.Move?.Start ?? (lastSeen is not null && lastSeen.State != ContainerState.Pending
            ? lastSeen.State == ContainerState.Running
            : record.DesiredState == DesiredState.Running);
        // A drained node is up: the container there goes once the new one runs. A failed one's copy goes when it is back.
        bool leftNodeUp = Cluster.FindNode(record.NodeId) is { HealthIndicator: > 0 };
        return new SchedulerEvents.ContainerRescheduled(swarmId, record.NodeId, placement.Node!.Id, record.Request, start, leftNodeUp);
    }

    /// <summary>A container an engine holds under a swarm ID recorded on another node: a copy left behind by a move, to be removed.</summary>
    public bool IsStaleCopy(string engineId, EngineContainer container) =>
        container.SwarmId.Length > 0 && records.TryGetValue(container.SwarmId, out var record) && record.NodeId != engineId
        // Leaving a drained node: its move removes it once the new one runs.
        && !(record.Move is { RemoveLeft: true } move && move.FromNodeId == engineId && move.LeftContainerId == container.Id);

    /// <summary>The stale copies in an engine's view (see <see cref="IsStaleCopy"/>).</summary>
    public IReadOnlyList<EngineContainer> StaleCopies(EngineSnapshot engine) =>
        engine.Health.Status == Swarm.Engines.Health.EngineStatus.Healthy ? [.. engine.Containers.Where(c => IsStaleCopy(engine.Id, c))] : [];

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

    public SchedulerSnapshot ToSnapshot() => new(
        [.. records.Values.OrderBy(r => r.SwarmId, StringComparer.Ordinal)],
        availability.Count == 0 ? null : new SortedDictionary<string, NodeAvailability>(availability, StringComparer.Ordinal),
        globals.Count == 0 ? null : [.. globals.Values.OrderBy(g => g.GlobalId, StringComparer.Ordinal)]);

    public void Restore(SchedulerSnapshot snapshot)
    {
        foreach (var global in (snapshot.Globals ?? []).Select(SharedRecordTexts.Of))
        {
            globals[global.GlobalId] = global;
            if (global.Name.Length > 0) swarmIdByName[global.Name] = global.GlobalId;
        }
        foreach (var (nodeId, set) in snapshot.Nodes ?? new Dictionary<string, NodeAvailability>()) Apply(new SchedulerEvents.NodeAvailabilityChanged(nodeId, set));
        foreach (var record in snapshot.Containers.Select(SharedRecordTexts.Of))
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
        if (record.Move is null) moving.Remove(record.SwarmId);
        else moving.Add(record.SwarmId);
        string globalId = ContainerMode.GlobalIdOf(record.Request);
        if (globalId.Length > 0)
        {
            // Instances share their global container's name, which the global container holds.
            if (!instancesByGlobal.TryGetValue(globalId, out var instances)) instancesByGlobal[globalId] = instances = new HashSet<string>(StringComparer.Ordinal);
            instances.Add(record.SwarmId);
        }
        else if (record.Name.Length > 0)
        {
            swarmIdByName[record.Name] = record.SwarmId;
        }
        if (!swarmIdsByNode.TryGetValue(record.NodeId, out var onNode)) swarmIdsByNode[record.NodeId] = onNode = new HashSet<string>(StringComparer.Ordinal);
        onNode.Add(record.SwarmId);
    }

    // The record no longer holds anything on its node: index entry and reservation (or the container as last seen) go.
    private void LeaveNode(ContainerRecord record)
    {
        if (swarmIdsByNode.TryGetValue(record.NodeId, out var onNode)) onNode.Remove(record.SwarmId);
        if (Cluster.FindNode(record.NodeId) is null) return;
        Cluster.RemoveContainer(record.NodeId, record.SwarmId);
        if (record.EngineContainerId.Length > 0) Cluster.RemoveContainer(record.NodeId, record.EngineContainerId);
    }

    // Engine IDs are the daemon's ID and the engine's address (see EngineSpecs.EngineId).
    private static string AddressOf(string nodeId) => nodeId[(nodeId.LastIndexOf('|') + 1)..];

    private List<ContainerRecord> InstancesOf(string globalId) =>
        instancesByGlobal.TryGetValue(globalId, out var ids) ? [.. ids.Select(id => records[id]).OrderBy(r => r.NodeId, StringComparer.Ordinal)] : [];

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
public sealed record PlacementOutcome(
    SchedulerEvents.ContainerPlaced? ToRecord,
    ContainerRecord? Existing,
    SchedulerCommands.Rejected? Rejection,
    SchedulerEvents.GlobalContainerCreated? GlobalToRecord = null,
    GlobalRecord? ExistingGlobal = null)
{
    public static PlacementOutcome Global(SchedulerEvents.GlobalContainerCreated created) => new(null, null, null, created);

    public static PlacementOutcome GlobalAgain(GlobalRecord existing) => new(null, null, null, null, existing);

    public static PlacementOutcome Record(SchedulerEvents.ContainerPlaced placed) => new(placed, null, null);

    public static PlacementOutcome Again(ContainerRecord existing) => new(null, existing, null);

    public static PlacementOutcome Reject(PlacementFailure failure, string error) => new(null, null, new SchedulerCommands.Rejected(failure, error));
}
