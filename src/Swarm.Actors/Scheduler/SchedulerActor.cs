using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// The cluster's scheduler: decides placements over <see cref="SchedulerState"/> and journals each decision.
/// Decisions take effect in memory at once, so the next request sees the reservation; a requester hears back
/// only once its event is written. Events are written in batches: whatever commands wait in the mailbox when a
/// batch starts go into one journal write, so throughput follows the load instead of the journal's round trip.
/// </summary>
public sealed class SchedulerActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>After asking the engine directories for their engines, how long placements wait at most for the answers.</summary>
    public static readonly TimeSpan EngineReportGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long placements wait at most for the nodes that hold recorded containers: their engine actors may have
    /// died with the old primary's manager and be connecting again elsewhere.
    /// </summary>
    public static readonly TimeSpan RecordedNodesGrace = TimeSpan.FromSeconds(15);

    public const string DefaultPersistenceId = "swarm-scheduler";

    /// <summary>How often failed nodes are looked for containers to move, and moves in progress are checked.</summary>
    public static readonly TimeSpan RescheduleInterval = TimeSpan.FromSeconds(1);

    /// <summary>A move not recorded complete after this long is handed to its container actor again.</summary>
    public static readonly TimeSpan MoveRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>A placement whose creation is not recorded after this long is handed to its container actor to make.</summary>
    public static readonly TimeSpan CreationCheckInterval = TimeSpan.FromSeconds(10);

    private readonly SchedulerState state;
    private readonly int snapshotInterval;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly List<SchedulerEvents.IEvent> batch = [];
    private readonly Queue<PendingWrite> awaitingWrite = new();
    private PendingWrite? lastAwaitingWrite;
    private bool flushRequested;
    private bool handingOver;
    private bool awaitingEngines;
    private bool graceOver;
    private HashSet<string> awaitedManagers = [];

    // Engines the directories' discovery names that have neither reported nor been found unreachable since this
    // scheduler started: their actors may be moving with a manager that left, and connect again in a few seconds.
    private readonly HashSet<string> unheardEngines = new(StringComparer.Ordinal);
    private readonly bool announce;
    private long snapshotAt;

    // Moves handed to their container actors, and when; copies left behind by moves whose removal was asked, and when.
    private readonly Dictionary<string, DateTime> movesHandedOut = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> staleRemovalsAsked = new(StringComparer.Ordinal);

    // Placements not known to be created, and when last looked at: the manager creating one may have died after the
    // journal write and before the engine had it (as it was answered, a retried create meets the name: 409).
    private readonly Dictionary<string, DateTime> awaitingCreation = new(StringComparer.Ordinal);

    // Containers no node could take the last time: logged once, tried again every interval.
    private readonly HashSet<string> unplaceable = new(StringComparer.Ordinal);

    public SchedulerActor(SchedulerOptions options, string persistenceId, int snapshotInterval, bool announce)
    {
        state = new SchedulerState(options);
        PersistenceId = persistenceId;
        this.announce = announce;
        this.snapshotInterval = snapshotInterval;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not SchedulerSnapshot snapshot) return;
            state.Restore(snapshot);
            snapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<SchedulerEvents.IEvent>(state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (string swarmId in state.PlacedNotCreated()) awaitingCreation[swarmId] = DateTime.UtcNow;
            if (!announce) return;
            // Engines are not in the journal: ask for them, and hold placements until they had time to answer.
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(SchedulerCommands.ReportEngines.Topic, SchedulerCommands.ReportEngines.Instance));
            awaitingEngines = true;
            // Every manager has a directory: placements resume once each one answered, or when the grace runs out.
            awaitedManagers = Akka.Cluster.Cluster.Get(Context.System).State.Members
                .Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(SchedulerSingleton.ManagerRole))
                .Select(m => m.Address.ToString()).ToHashSet();
            Timers.StartSingleTimer(EnginesHeard.Instance, EnginesHeard.Instance, EngineReportGrace);
            Timers.StartSingleTimer(RecordedNodesHeard.Instance, RecordedNodesHeard.Instance, RecordedNodesGrace);
        });

        Command<SchedulerCommands.PlaceContainer>(command =>
        {
            if (awaitingEngines) Stash.Stash();
            else Place(command);
        });
        Command<SchedulerCommands.PreviewPlacement>(preview =>
        {
            // Like a placement, it waits until the engines have reported after a start.
            if (awaitingEngines) Stash.Stash();
            else Sender.Tell(state.Preview(preview.Request));
        });
        Command<EnginesHeard>(_ =>
        {
            graceOver = true;
            ResumeWhenReady();
        });
        Command<RecordedNodesHeard>(_ => ResumePlacements());
        Command<SchedulerCommands.EnginesReported>(reported =>
        {
            awaitedManagers.Remove(reported.Manager);
            // A manager of an earlier version names none.
            if (awaitingEngines && reported.Watching is { Count: > 0 } watching) unheardEngines.UnionWith(state.NotHeardFrom(watching));
            ResumeWhenReady();
        });
        Command<SchedulerCommands.RecordCreated>(c => Record(c.SwarmId, r => r.EngineContainerId == c.EngineContainerId, new SchedulerEvents.ContainerCreated(c.SwarmId, c.EngineContainerId)));
        Command<SchedulerCommands.SetDesiredState>(c =>
        {
            if (state.FindGlobal(c.SwarmId) is { Global.GlobalId: var globalId } && globalId == c.SwarmId) Enqueue(new SchedulerEvents.DesiredStateChanged(c.SwarmId, c.DesiredState), new SchedulerCommands.Recorded(c.SwarmId));
            else Record(c.SwarmId, r => r.DesiredState == c.DesiredState, new SchedulerEvents.DesiredStateChanged(c.SwarmId, c.DesiredState));
        });
        Command<SchedulerCommands.RemoveContainer>(c =>
        {
            if (state.FindGlobal(c.SwarmId) is { Global.GlobalId: var globalId } && globalId == c.SwarmId) Enqueue(new SchedulerEvents.ContainerRemoved(c.SwarmId), new SchedulerCommands.Recorded(c.SwarmId));
            else Record(c.SwarmId, _ => false, new SchedulerEvents.ContainerRemoved(c.SwarmId));
        });
        Command<SchedulerCommands.GetGlobal>(query =>
            Sender.Tell(state.FindGlobal(query.IdOrName) is { } found ? new SchedulerCommands.GlobalContainer(found.Global, found.Instances) : new SchedulerCommands.UnknownContainer(query.IdOrName)));
        Command<SchedulerCommands.CompleteMove>(c => Record(c.SwarmId, r => r.Move is null, new SchedulerEvents.RescheduleCompleted(c.SwarmId)));
        Command<RescheduleTick>(_ => Reschedule());
        Command<SchedulerCommands.SetNodeAvailability>(set =>
        {
            if (state.Cluster.FindNode(set.NodeId) is null && !state.NodeAvailabilities.ContainsKey(set.NodeId)) Sender.Tell(new SchedulerCommands.UnknownNode(set.NodeId));
            else if ((state.NodeAvailabilities.TryGetValue(set.NodeId, out var current) ? current : NodeAvailability.Active) == set.Availability) ReplyOnceWritten(new SchedulerCommands.NodeAvailabilitySet(set.NodeId, set.Availability));
            else Enqueue(new SchedulerEvents.NodeAvailabilityChanged(set.NodeId, set.Availability), new SchedulerCommands.NodeAvailabilitySet(set.NodeId, set.Availability));
        });
        Command<SchedulerCommands.GetNodeAvailabilities>(_ =>
            Sender.Tell(new SchedulerCommands.NodeAvailabilities(new Dictionary<string, NodeAvailability>(state.NodeAvailabilities))));
        Command<SchedulerCommands.EngineReport>(report =>
        {
            state.ApplyEngine(report.Engine);
            unheardEngines.Remove(report.Engine.Address);
            ReconcileWith(report.Engine);
            ResumeWhenReady();
        });
        Command<Engines.EngineEvents.IClusterEvent>(reported =>
        {
            state.ApplyEngineEvent(reported);
            unheardEngines.Remove(reported.Engine.Address);
            if (reported is Engines.EngineEvents.EngineConnected or Engines.EngineEvents.EngineReconnected) ReconcileWith(reported.Engine);
            ResumeWhenReady();
        });
        Command<Engines.EngineEvents.EngineHealthChanged>(state.ApplyEngineEvent);
        Command<Engines.EngineEvents.EngineUnreachable>(unreachable =>
        {
            state.EngineUnreachable(unreachable.Address);
            unheardEngines.Remove(unreachable.Address);
            ResumeWhenReady();
        });
        Command<Engines.EngineEvents.ContainerUpdated>(updated =>
        {
            state.ApplyEngineEvent(updated);
            if (state.IsStaleCopy(updated.EngineId, updated.Container)) RemoveStaleCopy(updated.EngineId, updated.Container);
            if (state.CreatedOnEngine(updated.EngineId, updated.Container) is { } created) Enqueue(created, null);
            if (state.RenamedOnEngine(updated.EngineId, updated.Container) is { } renamed) Enqueue(renamed, null);
        });
        Command<Engines.EngineEvents.ContainerRemoved>(gone =>
        {
            state.ApplyEngineEvent(gone);
            if (state.RemovedOnEngine(gone.EngineId, gone.ContainerId) is { } removed) Enqueue(removed, null);
        });
        // The digest of what the journal will hold: facts still in the batch are counted, and it is sent once they are written.
        Command<SchedulerCommands.GetDigest>(_ => ReplyOnceWritten(new SchedulerCommands.StateDigest(state.Digest(), state.ContainerCount, LastSequenceNr + batch.Count)));
        Command<SchedulerCommands.GetSummary>(_ => Sender.Tell(new SchedulerCommands.Summary(
            state.ContainerCount,
            state.GlobalCount,
            state.Cluster.Nodes.Count(),
            state.NodeAvailabilities.Values.Count(a => a == NodeAvailability.Pause),
            state.NodeAvailabilities.Values.Count(a => a == NodeAvailability.Drain),
            state.MovingCount,
            LastSequenceNr,
            awaitingEngines)));
        Command<SchedulerCommands.GetContainer>(query =>
            Sender.Tell(state.Find(query.SwarmId) is { } record ? record : new SchedulerCommands.UnknownContainer(query.SwarmId)));
        Command<Flush>(_ => WriteBatch());
        Command<HandOver>(_ =>
        {
            // Its manager is leaving: answer what is being written, then stop, so the next scheduler starts from it.
            handingOver = true;
            StopWhenWritten();
        });
        Command<SaveSnapshotSuccess>(success =>
        {
            log.Debug("Scheduler snapshot at {0}", success.Metadata.SequenceNr);
            // Only the newest snapshot is ever read: the older ones would pile up (each holds the whole state).
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => log.Warning("Deleting old scheduler snapshots failed: {0}", failure.Cause.Message));
        Command<SaveSnapshotFailure>(failure => log.Warning("Scheduler snapshot failed: {0}", failure.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer(RescheduleTick.Instance, RescheduleTick.Instance, RescheduleInterval);
    }

    /// <param name="announce">Ask the engine directories for their engines once recovered (needs a cluster: distributed pub-sub).</param>
    public static Props Props(SchedulerOptions options, string persistenceId = DefaultPersistenceId, int snapshotInterval = 1000, bool announce = false) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(options, persistenceId, snapshotInterval, announce));

    // Every manager answered (or the short grace is over), every node holding recorded containers is known again, and
    // some node is healthy unless every engine their discovery names was heard from (engine actors that moved with a
    // manager that left connect again a few seconds later; an engine that is down must not delay every failover).
    // The longer grace for recorded nodes bounds the wait.
    private void ResumeWhenReady()
    {
        if (awaitingEngines && (graceOver || awaitedManagers.Count == 0) && (unheardEngines.Count == 0 || state.AnyHealthyNode) && state.AllRecordedNodesKnown) ResumePlacements();
    }

    private void ResumePlacements()
    {
        if (!awaitingEngines) return;
        awaitingEngines = false;
        Timers.Cancel(EnginesHeard.Instance);
        Timers.Cancel(RecordedNodesHeard.Instance);
        unheardEngines.Clear();
        Stash.UnstashAll();
    }

    private void Place(SchedulerCommands.PlaceContainer command)
    {
        var outcome = state.Decide(command);
        if (outcome.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
        }
        else if (outcome.GlobalToRecord is { } global)
        {
            Enqueue(global, new SchedulerCommands.GlobalPlaced(global.SwarmId));
            PlaceGlobalInstances();
        }
        else if (outcome.ExistingGlobal is { } existingGlobal)
        {
            ReplyOnceWritten(new SchedulerCommands.GlobalPlaced(existingGlobal.GlobalId));
        }
        else if (outcome.Existing is { } existing)
        {
            // A retry of a placement already recorded (for example after a failover): same answer, nothing new.
            ReplyOnceWritten(new SchedulerCommands.Placed(existing.SwarmId, existing.NodeId, existing.Request, NodeCpus(existing.NodeId), existing.EngineContainerId, Again: true));
        }
        else
        {
            var placed = outcome.ToRecord!;
            awaitingCreation[placed.SwarmId] = DateTime.UtcNow;
            Enqueue(placed, new SchedulerCommands.Placed(placed.SwarmId, placed.NodeId, placed.Request, NodeCpus(placed.NodeId)));
        }
    }

    // Facts an engine's view implies are journaled like decisions; doubtful containers are checked by their own actors.
    private void ReconcileWith(Swarm.Engines.View.EngineSnapshot engine)
    {
        var reconciliation = state.Reconcile(engine);
        foreach (var fact in reconciliation.Facts) Enqueue(fact, null);
        foreach (var stale in state.StaleCopies(engine)) RemoveStaleCopy(engine.Id, stale);
        if (reconciliation.ToVerify.Count == 0 || ContainerRegion() is not { } containers) return;
        foreach (string swarmId in reconciliation.ToVerify) containers.Tell(new Containers.ContainerCommands.Verify(swarmId));
    }

    /// <summary>
    /// Moves the containers of failed nodes (once the nodes had their chance to report after a recovery), and
    /// hands moves not yet complete to their container actors again.
    /// </summary>
    private void Reschedule()
    {
        if (awaitingEngines) return;
        PlaceGlobalInstances();
        foreach (string swarmId in state.ToReschedule(unknownNodesFailed: announce))
        {
            var moved = state.DecideReschedule(swarmId, out string? error);
            if (moved is null)
            {
                if (unplaceable.Add(swarmId)) log.Warning("Failed to reschedule container {0}: {1}", swarmId, error);
                continue;
            }
            unplaceable.Remove(swarmId);
            log.Info("Rescheduling container {0} from {1} to {2}", swarmId, moved.FromNodeId, moved.ToNodeId);
            movesHandedOut.Remove(swarmId);
            Enqueue(moved, null);
        }
        var now = DateTime.UtcNow;
        foreach (var record in state.Moving)
        {
            // A move not written yet is handed out once written (see WriteBatch).
            if (batch.OfType<SchedulerEvents.IContainerEvent>().Any(e => e.SwarmId == record.SwarmId) || (movesHandedOut.TryGetValue(record.SwarmId, out var at) && now - at < MoveRetryInterval)) continue;
            HandOutMove(record.SwarmId);
        }
        foreach (string swarmId in movesHandedOut.Keys.Where(id => state.Find(id)?.Move is null).ToList()) movesHandedOut.Remove(swarmId);
        foreach (string key in staleRemovalsAsked.Where(e => now - e.Value >= MoveRetryInterval).Select(e => e.Key).ToList()) staleRemovalsAsked.Remove(key);
        CheckCreations(now);
    }

    // A placement still not created after a while is handed to its container actor, which makes it (or, if its own
    // create is still under way, finds it made); again every interval while it is not.
    private void CheckCreations(DateTime now)
    {
        foreach (string swarmId in awaitingCreation.Where(e => now - e.Value >= CreationCheckInterval).Select(e => e.Key).ToList())
        {
            if (state.Find(swarmId) is not { EngineContainerId.Length: 0, Move: null } || ContainerRegion() is not { } containers)
            {
                awaitingCreation.Remove(swarmId);
                continue;
            }
            awaitingCreation[swarmId] = now;
            log.Info("Container {0} placed on {1} is not created yet: handed to its container actor", swarmId, state.Find(swarmId)!.NodeId);
            containers.Tell(new Containers.ContainerCommands.Verify(swarmId));
        }
    }

    // Nobody waits for these: container actors create (and start) each instance, as they carry out moves.
    private void PlaceGlobalInstances()
    {
        foreach (var instance in state.GlobalInstancesToPlace())
        {
            log.Info("Placing an instance {0} of global container {1} on {2}", instance.SwarmId, instance.GlobalId, instance.NodeId);
            Enqueue(instance, null);
        }
    }

    private void HandOutMove(string swarmId)
    {
        if (ContainerRegion() is not { } containers) return;
        movesHandedOut[swarmId] = DateTime.UtcNow;
        containers.Tell(new Containers.ContainerCommands.Move(swarmId));
    }

    private void RemoveStaleCopy(string nodeId, Swarm.Engines.View.EngineContainer stale)
    {
        if (!staleRemovalsAsked.TryAdd(stale.Id, DateTime.UtcNow) || ContainerRegion() is not { } containers) return;
        log.Info("Removing the stale copy {0} of container {1} from {2}", stale.Id, stale.SwarmId, nodeId);
        containers.Tell(new Containers.ContainerCommands.RemoveStaleCopy(stale.SwarmId, nodeId, stale.Id));
    }

    // The container shards of this manager; none in a scheduler tested alone, or before this manager started them.
    private IActorRef? ContainerRegion()
    {
        if (!announce) return null;
        try
        {
            return Akka.Cluster.Sharding.ClusterSharding.Get(Context.System).ShardRegion(Containers.ContainerShards.TypeName);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private long NodeCpus(string nodeId) => state.Cluster.FindNode(nodeId)?.Description.Cpus ?? 0;

    private void Record(string swarmId, Func<ContainerRecord, bool> alreadyTrue, SchedulerEvents.IEvent fact)
    {
        var record = state.Find(swarmId);
        if (record is null) Sender.Tell(new SchedulerCommands.UnknownContainer(swarmId));
        else if (alreadyTrue(record)) ReplyOnceWritten(new SchedulerCommands.Recorded(swarmId));
        else Enqueue(fact, new SchedulerCommands.Recorded(swarmId));
    }

    /// <param name="reply">What the sender hears once the fact is written; null for facts nobody asked for.</param>
    private void Enqueue(SchedulerEvents.IEvent fact, object? reply)
    {
        state.Apply(fact);
        batch.Add(fact);
        lastAwaitingWrite = new PendingWrite(Sender, reply);
        awaitingWrite.Enqueue(lastAwaitingWrite);
        if (flushRequested) return;
        // Arrives after every command already in the mailbox: they all join this batch.
        flushRequested = true;
        Self.Tell(Flush.Instance);
    }

    /// <summary>
    /// Answers a command whose fact is already true in memory. Facts take effect before they are written (an
    /// engine's event may have brought this one), so while any write is pending the answer waits behind the last:
    /// nobody hears "recorded" about what a crash could still lose.
    /// </summary>
    private void ReplyOnceWritten(object reply)
    {
        if (awaitingWrite.Count == 0) Sender.Tell(reply);
        else lastAwaitingWrite!.Then(Sender, reply);
    }

    private void WriteBatch()
    {
        flushRequested = false;
        if (batch.Count == 0) return;
        var events = batch.ToArray();
        batch.Clear();
        PersistAllAsync(events, written =>
        {
            if (written is SchedulerEvents.ContainerRescheduled or SchedulerEvents.GlobalInstancePlaced) HandOutMove(((SchedulerEvents.IContainerEvent)written).SwarmId);
            awaitingWrite.Dequeue().Answer();
            SnapshotWhenDue();
            StopWhenWritten();
        });
    }

    private void StopWhenWritten()
    {
        if (!handingOver) return;
        if (batch.Count > 0 && !flushRequested) WriteBatch();
        if (awaitingWrite.Count == 0) Context.Stop(Self);
    }

    // Only when nothing is in flight: a snapshot must not contain decisions the journal may still lose.
    private void SnapshotWhenDue()
    {
        // At least as many events as containers between snapshots, so writing them stays linear in the state's growth.
        if (awaitingWrite.Count > 0 || batch.Count > 0 || LastSequenceNr - snapshotAt < Math.Max(snapshotInterval, state.ContainerCount)) return;
        snapshotAt = LastSequenceNr;
        SaveSnapshot(state.ToSnapshot());
    }

    // A fact waiting for its write, who asked for it, and answers held until it is written.
    private sealed class PendingWrite(IActorRef replyTo, object? reply)
    {
        private List<(IActorRef ReplyTo, object Reply)>? after;

        public void Then(IActorRef replyTo, object reply) => (after ??= []).Add((replyTo, reply));

        public void Answer()
        {
            if (reply is not null) replyTo.Tell(reply);
            if (after is null) return;
            foreach (var (to, message) in after) to.Tell(message);
        }
    }

    /// <summary>The singleton's termination message: stop once every decision made is written and answered.</summary>
    public sealed record HandOver
    {
        public static HandOver Instance { get; } = new();
    }

    private sealed record RecordedNodesHeard
    {
        public static RecordedNodesHeard Instance { get; } = new();
    }

    private sealed record EnginesHeard
    {
        public static EnginesHeard Instance { get; } = new();
    }

    private sealed record RescheduleTick
    {
        public static RescheduleTick Instance { get; } = new();
    }

    private sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }
}
