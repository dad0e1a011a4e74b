using Akka.Actor;
using Akka.Event;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Containers;

/// <summary>
/// One container, named by its swarm ID (the virtual ID users see), as a sharded entity. It drives the container's
/// life cycle: placement by the scheduler, creation and every later call on the owning engine, and records what
/// happened with the scheduler, which holds the state of record. It handles one request at a time (so calls on a
/// container never overlap), awaiting other actors without blocking a thread, and passivates when idle.
/// </summary>
public sealed class ContainerActor : UntypedActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    // A message to the scheduler is lost if its manager dies before answering; every scheduler command is safe to repeat.
    private static readonly TimeSpan SchedulerAttempt = TimeSpan.FromSeconds(2);

    // Likewise for the manager running the engine's actor; engine calls are repeated so that a retry does nothing twice.
    private static readonly TimeSpan EngineAttempt = TimeSpan.FromSeconds(10);

    // A create is repeated sooner: the engine actor joins a repeat to the create still running for that swarm ID.
    private static readonly TimeSpan CreateAttempt = TimeSpan.FromSeconds(1.5);

    private readonly string swarmId;
    private readonly IActorRef scheduler;
    private readonly IActorRef engines;
    private readonly ILoggingAdapter log = Context.GetLogger();

    // The answers to the last few requests, by request ID: a request asked again gets the answer it already had.
    private readonly Dictionary<string, object> answered = new(StringComparer.Ordinal);
    private readonly Queue<string> answeredOrder = new();
    private const int AnswersKept = 8;

    public ContainerActor(string swarmId, IActorRef scheduler, IActorRef engines, TimeSpan idleTimeout)
    {
        this.swarmId = swarmId;
        this.scheduler = scheduler;
        this.engines = engines;
        Context.SetReceiveTimeout(idleTimeout);
    }

    // One switch, not a ReceiveActor's handlers: those were built anew for each of the tens of thousands of
    // container actors (~3 KB each). RunTask holds the mailbox until the task is done, as ReceiveAsync did.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ContainerCommands.Create create:
                RunTask(async () => Sender.Tell(await Create(create)));
                break;
            case ContainerCommands.Operate operate:
                RunTask(() => Answer(operate));
                break;
            case ContainerCommands.Verify:
                RunTask(Verify);
                break;
            case ContainerCommands.Move:
                RunTask(Move);
                break;
            case ContainerCommands.RemoveStaleCopy stale:
                RunTask(() => RemoveStaleCopy(stale));
                break;
            case SchedulerCommands.Recorded or SchedulerCommands.UnknownContainer:
                break;
            case ReceiveTimeout:
                Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Made directly: expression props evaluate their arguments and find the constructor by reflection for every container.</summary>
    public static Props Props(string swarmId, IActorRef scheduler, IActorRef engines, TimeSpan idleTimeout) =>
        Akka.Actor.Props.CreateBy(new Producer(() => new ContainerActor(swarmId, scheduler, engines, idleTimeout)));

    private sealed class Producer(Func<ContainerActor> make) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ContainerActor);

        public ActorBase Produce() => make();

        public void Release(ActorBase actor)
        {
        }
    }

    private async Task Answer(ContainerCommands.Operate operate)
    {
        if (operate.RequestId.Length > 0 && answered.TryGetValue(operate.RequestId, out object? earlier))
        {
            Sender.Tell(earlier);
            return;
        }
        object answer = await Operate(operate);
        Remember(operate.RequestId, answer);
        Sender.Tell(answer);
    }

    private async Task<object> Create(ContainerCommands.Create create)
    {
        var labels = new Dictionary<string, string>(create.Request.Labels) { [Swarm.Scheduling.Requests.SchedulingRequest.SwarmIdLabel] = swarmId };
        var placement = await AskScheduler(new SchedulerCommands.PlaceContainer(create.Request with { Labels = labels }, CreateBody.Store(create.Parameters)));
        if (placement is SchedulerCommands.Rejected rejected) return new ContainerCommands.Failed(swarmId, StatusOf(rejected.Failure), rejected.Error);
        if (placement is SchedulerCommands.GlobalPlaced) return await InstancesCreated();
        var placed = (SchedulerCommands.Placed)placement;
        if (placed.EngineContainerId.Length > 0) return new ContainerCommands.Created(swarmId, placed.NodeId, placed.EngineContainerId);

        var parameters = CreateBody.ForEngine(create.Parameters, placed.Request, placed.NodeCpus);
        // A retry first looks for the container an earlier attempt may have made.
        var (answer, _) = await AskEngine(placed.NodeId, retry => new EngineCommands.CreateContainer(parameters, placed.Again || retry ? swarmId : ""), CreateAttempt, RecordedCreation);
        if (answer is EngineCommands.OperationFailed failed)
        {
            // Nothing was made: free the name and the reservation.
            await AskScheduler(new SchedulerCommands.RemoveContainer(swarmId));
            return new ContainerCommands.Failed(swarmId, failed.StatusCode, failed.Message);
        }
        string engineContainerId = ((EngineCommands.OperationDone)answer).ContainerId;
        RecordWithoutWaiting(new SchedulerCommands.RecordCreated(swarmId, engineContainerId));
        log.Info("Created container {0} on {1} as {2}", swarmId, placed.NodeId, engineContainerId);
        return new ContainerCommands.Created(swarmId, placed.NodeId, engineContainerId);
    }

    private async Task<object> Operate(ContainerCommands.Operate operate)
    {
        if (await AskScheduler(new SchedulerCommands.GetContainer(swarmId)) is not ContainerRecord record || (record.EngineContainerId.Length == 0 && record.Move is not null))
        {
            return new ContainerCommands.Failed(swarmId, 404, $"No such container: {swarmId}");
        }
        if (record.EngineContainerId.Length == 0)
        {
            // Placed, but the manager making it died before the engine had it: made now, then the call.
            var made = await MakeOnItsNode(record);
            if (made is not EngineCommands.OperationDone && operate.Operation == ContainerOperation.Remove)
            {
                // Not to be made, and not to keep its name taken either.
                await AskScheduler(new SchedulerCommands.RemoveContainer(swarmId));
                return new ContainerCommands.Done(swarmId);
            }
            if (made is EngineCommands.OperationFailed refused) return new ContainerCommands.Failed(swarmId, refused.StatusCode, refused.Message);
            if (made is not EngineCommands.OperationDone done) return new ContainerCommands.Failed(swarmId, 404, $"No such container: {swarmId}");
            record = record with { EngineContainerId = done.ContainerId };
        }
        var call = new EngineCommands.OperateContainer(record.EngineContainerId, operate.Operation, operate.WaitSeconds, operate.Signal, operate.Force, operate.RemoveVolumes);
        var (answer, retried) = await AskEngine(record.NodeId, _ => call, EngineAttempt + TimeSpan.FromSeconds(operate.WaitSeconds ?? 10));
        if (answer is EngineCommands.OperationFailed failed && !(retried && DoneByEarlierAttempt(operate.Operation, failed.StatusCode)))
        {
            return new ContainerCommands.Failed(swarmId, failed.StatusCode, failed.Message);
        }

        switch (operate.Operation)
        {
            case ContainerOperation.Remove:
                await AskScheduler(new SchedulerCommands.RemoveContainer(swarmId));
                break;
            // Journaled before the answer: a start acknowledged just before its manager died is still one after.
            case ContainerOperation.Start or ContainerOperation.Restart or ContainerOperation.Unpause:
                await AskScheduler(new SchedulerCommands.SetDesiredState(swarmId, DesiredState.Running));
                break;
            case ContainerOperation.Stop or ContainerOperation.Kill:
                await AskScheduler(new SchedulerCommands.SetDesiredState(swarmId, DesiredState.Stopped));
                break;
        }
        return new ContainerCommands.Done(swarmId);
    }

    private async Task Verify()
    {
        if (await AskScheduler(new SchedulerCommands.GetContainer(swarmId)) is not ContainerRecord record) return;
        if (record.EngineContainerId.Length == 0)
        {
            // Placed, and its engine does not have it: the creation died with a manager (one still running came first).
            if (record.Move is null && await MakeOnItsNode(record) is EngineCommands.OperationFailed failed) log.Warning("Failed to create the placed container {0} on {1}: {2}", swarmId, record.NodeId, failed.Message);
            return;
        }
        var (answer, _) = await AskEngine(record.NodeId, _ => new EngineCommands.CheckContainer(record.EngineContainerId), EngineAttempt);
        if (answer is not EngineCommands.OperationFailed { StatusCode: 404 }) return;
        log.Info("Container {0} is gone from {1}; forgetting it", swarmId, record.NodeId);
        await AskScheduler(new SchedulerCommands.RemoveContainer(swarmId));
    }

    /// <summary>
    /// A global container is created once each of its first instances exists on its node (created, not started:
    /// <c>docker run</c> starts it next), or after the ask timeout, the missing ones still on their way.
    /// </summary>
    private async Task<object> InstancesCreated()
    {
        var deadline = DateTime.UtcNow + AskTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await AskScheduler(new SchedulerCommands.GetGlobal(swarmId)) is not SchedulerCommands.GlobalContainer global) break;
            if (global.Instances.All(i => i.Move is null)) break;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        return new ContainerCommands.Created(swarmId, "", "");
    }

    // Each step looks at what the record says is done, so a repeat (after a failover, or a lost answer) finishes the move.
    private async Task Move()
    {
        if (await AskScheduler(new SchedulerCommands.GetContainer(swarmId)) is not ContainerRecord { Move: { } move } record) return;
        string engineContainerId = record.EngineContainerId;
        if (engineContainerId.Length == 0)
        {
            var made = await MakeOnItsNode(record);
            if (made is EngineCommands.OperationFailed failed) log.Warning("Failed to reschedule container {0} on {1}: {2}", swarmId, record.NodeId, failed.Message);
            if (made is not EngineCommands.OperationDone done) return;
            engineContainerId = done.ContainerId;
            if (move.FromNodeId.Length > 0) log.Info("Rescheduled container {0} from {1} to {2} as {3}", swarmId, move.FromNodeId, record.NodeId, engineContainerId);
            else log.Info("Created instance {0} on {1} as {2}", swarmId, record.NodeId, engineContainerId);
            // Whether to start it may have changed meanwhile (its global container was started).
            if (await AskScheduler(new SchedulerCommands.GetContainer(swarmId)) is ContainerRecord { Move: { } latest }) move = latest;
        }
        if (move.Start)
        {
            var (answer, _) = await AskEngine(record.NodeId, _ => new EngineCommands.OperateContainer(engineContainerId, ContainerOperation.Start), EngineAttempt);
            if (answer is EngineCommands.OperationFailed failed)
            {
                log.Warning("Failed to start rescheduled container {0}: {1}", swarmId, failed.Message);
                return;
            }
            await AskScheduler(new SchedulerCommands.SetDesiredState(swarmId, DesiredState.Running));
        }
        if (move.RemoveLeft && move.LeftContainerId.Length > 0)
        {
            // Drained: the node it left is up, and holds the old container until now.
            var remove = new EngineCommands.OperateContainer(move.LeftContainerId, ContainerOperation.Remove, Force: true, RemoveVolumes: true);
            var (answer, _) = await AskEngine(move.FromNodeId, _ => remove, EngineAttempt);
            if (answer is EngineCommands.OperationFailed { StatusCode: not 404 } failed)
            {
                log.Warning("Could not remove container {0} from the drained node {1}: {2}", swarmId, move.FromNodeId, failed.Message);
                return;
            }
        }
        await AskScheduler(new SchedulerCommands.CompleteMove(swarmId));
    }

    /// <summary>
    /// Creates a recorded placement's container on its node (found by its swarm ID if an earlier attempt made it) and
    /// records it: the engine's answer, or null when the scheduler no longer places it there.
    /// </summary>
    private async Task<object?> MakeOnItsNode(ContainerRecord record)
    {
        // The recorded placement answered again: the node's CPUs for the engine's shares.
        var placement = await AskScheduler(new SchedulerCommands.PlaceContainer(record.Request, record.CreateConfig));
        if (placement is SchedulerCommands.Placed { Again: false } anew)
        {
            // The record went meanwhile (removed by another call), and this placed it again: undone.
            await AskScheduler(new SchedulerCommands.RemoveContainer(anew.SwarmId));
            return null;
        }
        if (placement is not SchedulerCommands.Placed placed || placed.NodeId != record.NodeId) return null;
        if (placed.EngineContainerId.Length > 0) return new EngineCommands.OperationDone(placed.EngineContainerId);
        var parameters = CreateBody.ForEngine(CreateBody.Read(record.CreateConfig), placed.Request, placed.NodeCpus);
        var (answer, _) = await AskEngine(record.NodeId, _ => new EngineCommands.CreateContainer(parameters, swarmId), CreateAttempt, RecordedCreation);
        if (answer is not EngineCommands.OperationDone done) return answer;
        await AskScheduler(new SchedulerCommands.RecordCreated(swarmId, done.ContainerId));
        return done;
    }

    private async Task RemoveStaleCopy(ContainerCommands.RemoveStaleCopy stale)
    {
        var remove = new EngineCommands.OperateContainer(stale.EngineContainerId, ContainerOperation.Remove, Force: true, RemoveVolumes: true);
        var (answer, retried) = await AskEngine(stale.NodeId, _ => remove, EngineAttempt);
        if (answer is EngineCommands.OperationFailed failed && !(failed.StatusCode == 404 && retried))
        {
            log.Warning("Could not remove the stale copy {0} of container {1} from {2}: {3}", stale.EngineContainerId, swarmId, stale.NodeId, failed.Message);
            return;
        }
        log.Info("Removed the stale copy {0} of container {1} from {2}", stale.EngineContainerId, swarmId, stale.NodeId);
    }

    // The scheduler records a creation when the engine reports the container, even if the engine actor's answer was lost.
    private async Task<object?> RecordedCreation() =>
        await AskScheduler(new SchedulerCommands.GetContainer(swarmId)) is ContainerRecord { EngineContainerId.Length: > 0 } record
            ? new EngineCommands.OperationDone(record.EngineContainerId)
            : null;

    /// <summary>
    /// Asks the engine actor of a node, again when no answer comes; says whether the answer is a retry's. Before
    /// each retry, <paramref name="answeredElsewhere"/> may find that the call took effect though its answer was lost.
    /// </summary>
    private async Task<(object Answer, bool Retried)> AskEngine(string nodeId, Func<bool, object> command, TimeSpan attempt, Func<Task<object?>>? answeredElsewhere = null)
    {
        var deadline = DateTime.UtcNow + AskTimeout;
        for (bool retry = false; ; retry = true)
        {
            if (retry && answeredElsewhere is not null && await answeredElsewhere() is { } known) return (known, true);
            try
            {
                return (await engines.Ask<object>(new EngineDirectory.ToEngine(nodeId, command(retry)), attempt), retry);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow + attempt < deadline)
            {
                log.Warning("No answer from the engine {0} in {1}s; asking again", nodeId, attempt.TotalSeconds);
            }
        }
    }

    // What the engine answers to a repeated call that an unanswered earlier attempt had already carried out.
    private static bool DoneByEarlierAttempt(ContainerOperation operation, int statusCode) => (operation, statusCode) switch
    {
        (ContainerOperation.Remove, 404) => true,
        (ContainerOperation.Kill or ContainerOperation.Pause or ContainerOperation.Unpause, 409) => true,
        _ => false,
    };

    /// <summary>
    /// Tells the scheduler a fact without waiting for its journal write: the scheduler applies it at once (so the
    /// next ask from here sees it: messages between two actors keep their order). For a creation only: were it lost
    /// with a manager, the next scheduler learns it from the engine's events (the container carries its swarm ID).
    /// </summary>
    private void RecordWithoutWaiting(object fact) => scheduler.Tell(fact, Self);

    private void Remember(string requestId, object answer)
    {
        if (requestId.Length == 0 || !answered.TryAdd(requestId, answer)) return;
        answeredOrder.Enqueue(requestId);
        if (answeredOrder.Count > AnswersKept) answered.Remove(answeredOrder.Dequeue());
    }

    /// <summary>
    /// Asks the scheduler, again every few seconds until it answers: while the scheduler moves to another manager,
    /// a message sent to the old one is lost, and the proxy holds new ones until the new one is up.
    /// </summary>
    private async Task<object> AskScheduler(object command)
    {
        var deadline = DateTime.UtcNow + AskTimeout;
        while (true)
        {
            try
            {
                return await scheduler.Ask<object>(command, SchedulerAttempt);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                log.Debug("No answer from the scheduler to {0} yet; asking again", command.GetType().Name);
            }
        }
    }

    private static int StatusOf(PlacementFailure failure) => failure switch
    {
        PlacementFailure.InvalidRequest => 400,
        PlacementFailure.NameConflict => 409,
        _ => 500,
    };
}
