using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Swarm.Scheduling;

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

    private readonly SchedulerState state;
    private readonly int snapshotInterval;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly List<SchedulerEvents.IEvent> batch = [];
    private readonly Queue<(IActorRef ReplyTo, object? Reply)> awaitingWrite = new();
    private bool flushRequested;
    private bool handingOver;
    private bool awaitingEngines;
    private bool graceOver;
    private HashSet<string> awaitedManagers = [];
    private readonly bool announce;
    private long snapshotAt;

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
            ResumeWhenReady();
        });
        Command<SchedulerCommands.RecordCreated>(c => Record(c.SwarmId, r => r.EngineContainerId == c.EngineContainerId, new SchedulerEvents.ContainerCreated(c.SwarmId, c.EngineContainerId)));
        Command<SchedulerCommands.SetDesiredState>(c => Record(c.SwarmId, r => r.DesiredState == c.DesiredState, new SchedulerEvents.DesiredStateChanged(c.SwarmId, c.DesiredState)));
        Command<SchedulerCommands.RemoveContainer>(c => Record(c.SwarmId, _ => false, new SchedulerEvents.ContainerRemoved(c.SwarmId)));
        Command<SchedulerCommands.EngineReport>(report =>
        {
            state.ApplyEngine(report.Engine);
            ReconcileWith(report.Engine);
            ResumeWhenReady();
        });
        Command<Engines.EngineEvents.IClusterEvent>(reported =>
        {
            state.ApplyEngineEvent(reported);
            if (reported is Engines.EngineEvents.EngineConnected or Engines.EngineEvents.EngineReconnected) ReconcileWith(reported.Engine);
            ResumeWhenReady();
        });
        Command<Engines.EngineEvents.EngineHealthChanged>(state.ApplyEngineEvent);
        Command<Engines.EngineEvents.ContainerUpdated>(updated =>
        {
            state.ApplyEngineEvent(updated);
            if (state.CreatedOnEngine(updated.EngineId, updated.Container) is { } created) Enqueue(created, null);
            if (state.RenamedOnEngine(updated.EngineId, updated.Container) is { } renamed) Enqueue(renamed, null);
        });
        Command<Engines.EngineEvents.ContainerRemoved>(gone =>
        {
            state.ApplyEngineEvent(gone);
            if (state.RemovedOnEngine(gone.EngineId, gone.ContainerId) is { } removed) Enqueue(removed, null);
        });
        Command<SchedulerCommands.GetDigest>(_ => Sender.Tell(new SchedulerCommands.StateDigest(state.Digest(), state.ContainerCount, LastSequenceNr)));
        Command<SchedulerCommands.GetContainer>(query =>
            Sender.Tell(state.Find(query.SwarmId) is { } record ? record : new SchedulerCommands.UnknownContainer(query.SwarmId)));
        Command<Flush>(_ => WriteBatch());
        Command<HandOver>(_ =>
        {
            // Its manager is leaving: answer what is being written, then stop, so the next scheduler starts from it.
            handingOver = true;
            StopWhenWritten();
        });
        Command<SaveSnapshotSuccess>(success => log.Debug("Scheduler snapshot at {0}", success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failure => log.Warning("Scheduler snapshot failed: {0}", failure.Cause.Message));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="announce">Ask the engine directories for their engines once recovered (needs a cluster: distributed pub-sub).</param>
    public static Props Props(SchedulerOptions options, string persistenceId = DefaultPersistenceId, int snapshotInterval = 1000, bool announce = false) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(options, persistenceId, snapshotInterval, announce));

    // Every manager answered (or the short grace is over), and every node holding recorded containers is known again.
    private void ResumeWhenReady()
    {
        if (awaitingEngines && (graceOver || awaitedManagers.Count == 0) && state.AllRecordedNodesKnown) ResumePlacements();
    }

    private void ResumePlacements()
    {
        if (!awaitingEngines) return;
        awaitingEngines = false;
        Timers.Cancel(EnginesHeard.Instance);
        Timers.Cancel(RecordedNodesHeard.Instance);
        Stash.UnstashAll();
    }

    private void Place(SchedulerCommands.PlaceContainer command)
    {
        var outcome = state.Decide(command);
        if (outcome.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
        }
        else if (outcome.Existing is { } existing)
        {
            // A retry of a placement already recorded (for example after a failover): same answer, nothing new.
            Sender.Tell(new SchedulerCommands.Placed(existing.SwarmId, existing.NodeId, existing.Request, NodeCpus(existing.NodeId), existing.EngineContainerId, Again: true));
        }
        else
        {
            var placed = outcome.ToRecord!;
            Enqueue(placed, new SchedulerCommands.Placed(placed.SwarmId, placed.NodeId, placed.Request, NodeCpus(placed.NodeId)));
        }
    }

    // Facts an engine's view implies are journaled like decisions; doubtful containers are checked by their own actors.
    private void ReconcileWith(Swarm.Engines.View.EngineSnapshot engine)
    {
        var reconciliation = state.Reconcile(engine);
        foreach (var fact in reconciliation.Facts) Enqueue(fact, null);
        if (reconciliation.ToVerify.Count == 0 || !announce) return;
        IActorRef containers;
        try
        {
            containers = Akka.Cluster.Sharding.ClusterSharding.Get(Context.System).ShardRegion(Containers.ContainerShards.TypeName);
        }
        catch (ArgumentException)
        {
            return; // No container shards on this manager yet: the engine's next full report asks again.
        }
        foreach (string swarmId in reconciliation.ToVerify) containers.Tell(new Containers.ContainerCommands.Verify(swarmId));
    }

    private long NodeCpus(string nodeId) => state.Cluster.FindNode(nodeId)?.Description.Cpus ?? 0;

    private void Record(string swarmId, Func<ContainerRecord, bool> alreadyTrue, SchedulerEvents.IEvent fact)
    {
        var record = state.Find(swarmId);
        if (record is null) Sender.Tell(new SchedulerCommands.UnknownContainer(swarmId));
        else if (alreadyTrue(record)) Sender.Tell(new SchedulerCommands.Recorded(swarmId));
        else Enqueue(fact, new SchedulerCommands.Recorded(swarmId));
    }

    /// <param name="reply">What the sender hears once the fact is written; null for facts nobody asked for.</param>
    private void Enqueue(SchedulerEvents.IEvent fact, object? reply)
    {
        state.Apply(fact);
        batch.Add(fact);
        awaitingWrite.Enqueue((Sender, reply));
        if (flushRequested) return;
        // Arrives after every command already in the mailbox: they all join this batch.
        flushRequested = true;
        Self.Tell(Flush.Instance);
    }

    private void WriteBatch()
    {
        flushRequested = false;
        if (batch.Count == 0) return;
        var events = batch.ToArray();
        batch.Clear();
        PersistAllAsync(events, _ =>
        {
            var (replyTo, reply) = awaitingWrite.Dequeue();
            if (reply is not null) replyTo.Tell(reply);
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
        if (awaitingWrite.Count > 0 || batch.Count > 0 || LastSequenceNr - snapshotAt < snapshotInterval) return;
        snapshotAt = LastSequenceNr;
        SaveSnapshot(state.ToSnapshot());
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

    private sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }
}
