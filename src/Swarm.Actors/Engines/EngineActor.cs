using Akka.Actor;
using Akka.Event;
using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Actors.Engines;

/// <summary>
/// Keeps an up-to-date view of one engine and tells the cluster about it: validates it (specs and a full load),
/// follows its event stream (reconnecting with back-off), refreshes it on a jittered timer, and keeps classic's
/// health accounting (Pending → Healthy ↔ Unhealthy, Disconnected when removed). Every engine call runs as a
/// task piped back here, so a slow or hung engine never blocks this actor or anyone else.
/// </summary>
public sealed class EngineActor : ReceiveActor, IWithTimers
{
    private const string RefreshTimer = "refresh";
    private const string MonitorTimer = "monitor";
    private const string HeartbeatTimer = "heartbeat";

    private readonly IEngineClient client;
    private readonly IActorRef listener;
    private readonly EngineSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Random random = new();
    private readonly CancellationTokenSource lifetime = new();
    private readonly Dictionary<string, EngineContainer> containers = new(StringComparer.Ordinal);

    // Event sequence numbers: a refresh that started before an event must not undo what the event brought.
    private readonly Dictionary<string, long> changedAt = new(StringComparer.Ordinal);

    // Inspects in flight by container ID, and the newest event that came meanwhile: a burst of events (create, start,
    // die…) costs one inspect in flight and at most one more, not one each.
    private readonly HashSet<string> inspecting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> inspectAgain = new(StringComparer.Ordinal);

    // Creates in flight by swarm ID, with whoever asked again meanwhile.
    private readonly Dictionary<string, List<IActorRef>> creating = new(StringComparer.Ordinal);
    private long sequence;

    private EngineHealth health;
    private EngineSpecs? specs;
    private string engineId = "";
    private IReadOnlyDictionary<string, string> labels = new Dictionary<string, string>();
    private IReadOnlyList<ImagesListResponse> images = [];
    private IReadOnlyList<NetworkResponse> networks = [];
    private IReadOnlyList<VolumeResponse> volumes = [];
    private DateTime updatedAt;
    private DateTime specsReadAt;
    private bool loading;
    private int validationAttempts;
    private int monitorGeneration;
    private int monitorFailures;
    private bool beating;
    private CancellationTokenSource? monitor;

    // The containers as an array, made again only when one changes, so an unchanged engine keeps giving out the same
    // snapshot (and the API's listing derived from it stays cached).
    private EngineContainer[]? containerArray;
    private EngineSnapshot? latest;

    // Who gets every new snapshot (the manager's directory), and the last one it got.
    private IActorRef? snapshotSubscriber;
    private EngineSnapshot? published;

    // Where a reopened event stream resumes: the engine's clock at validation, then the last event seen.
    private string? eventsSince;

    /// <param name="publishSnapshots">Push every new snapshot to <paramref name="listener"/> from the start (<see cref="EngineCommands.PublishSnapshots"/>).</param>
    public EngineActor(IEngineClient client, IActorRef listener, EngineSettings settings, bool publishSnapshots = false)
    {
        this.client = new TimeLimitedEngineClient(client, settings.CallTimeout);
        this.listener = listener;
        this.settings = settings;
        health = EngineHealth.Pending(settings.FailureRetry);
        if (publishSnapshots) snapshotSubscriber = listener;

        Receive<EngineCommands.GetSnapshot>(_ => Sender.Tell(Snapshot()));
        Receive<EngineCommands.PublishSnapshots>(_ =>
        {
            snapshotSubscriber = Sender;
            published = null;
        });
        Receive<EngineCommands.RefreshNow>(_ => StartLoad());
        Receive<EngineCommands.Watch>(_ => { });
        Receive<EngineCommands.Disconnect>(_ => Disconnect());
        Receive<EngineCommands.CreateContainer>(create =>
        {
            // A repeated create of a swarm ID whose first one is still running waits for it: never two containers.
            string swarmId = create.Parameters.Labels?.TryGetValue(Swarm.Scheduling.Requests.SchedulingRequest.SwarmIdLabel, out string? id) == true ? id : "";
            if (swarmId.Length > 0 && creating.TryGetValue(swarmId, out var waiting))
            {
                waiting.Add(Sender);
                return;
            }
            if (swarmId.Length > 0) creating[swarmId] = [];
            Operate("", async token =>
            {
                if (create.AdoptSwarmId.Length > 0 && await FindBySwarmId(create.AdoptSwarmId, token) is { } made) return made;
                return (await client.CreateContainerAsync(create.Parameters, token)).ID;
            }, swarmId);
        });
        Receive<EngineCommands.OperateContainer>(operate => Operate(operate.ContainerId, async token =>
        {
            await Perform(operate, token);
            return operate.ContainerId;
        }));
        Receive<EngineCommands.CheckContainer>(check => Operate(check.ContainerId, async token => (await client.InspectContainerAsync(check.ContainerId, token)).ID));
        Receive<OperationCompleted>(OnOperationCompleted);
        Receive<EngineCommands.WaitContainer>(wait =>
        {
            // As long as the container runs: answered straight to the requester, not counted for health.
            var requester = Sender;
            client.WaitContainerAsync(wait.ContainerId, lifetime.Token).PipeTo(requester,
                success: code => new EngineCommands.Waited(wait.ContainerId, code),
                failure: error => Failure(wait.ContainerId, Unwrap(error)));
        });
        Receive<Tick>(_ => StartLoad());
        Receive<Heartbeat>(_ => Beat());
        Receive<HeartbeatAnswered>(answered =>
        {
            beating = false;
            if (answered.Error is null) Succeeded();
            else Failed(answered.Error);
        });
        Receive<Loaded>(OnLoaded);
        Receive<LoadFailed>(OnLoadFailed);
        Receive<StartMonitor>(_ => StartMonitoring());
        Receive<EngineEvent>(OnEngineEvent);
        Receive<MonitorEnded>(OnMonitorEnded);
        Receive<Inspected>(OnInspected);
        Receive<ContainerGone>(gone =>
        {
            RemoveContainer(gone.Id, gone.Sequence);
            InspectFinished(gone.Id);
        });
        Receive<InspectFailed>(failed =>
        {
            Failed(failed.Error);
            InspectFinished(failed.Id);
        });
        Receive<ListsRead>(OnListsRead);
        Receive<CallFailed>(failed => Failed(failed.Error));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IEngineClient client, IActorRef listener, EngineSettings settings, bool publishSnapshots = false) =>
        Akka.Actor.Props.Create(() => new EngineActor(client, listener, settings, publishSnapshots));

    // After each message: a subscriber hears of a changed snapshot once, whatever the message changed.
    protected override bool AroundReceive(Receive receive, object message)
    {
        bool handled = base.AroundReceive(receive, message);
        if (snapshotSubscriber is not null)
        {
            var now = Snapshot();
            if (!ReferenceEquals(now, published))
            {
                published = now;
                snapshotSubscriber.Tell(new EngineEvents.SnapshotChanged(now));
            }
        }
        return handled;
    }

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer(HeartbeatTimer, Heartbeat.Instance, settings.HeartbeatInterval);
    }

    protected override void PostStop()
    {
        lifetime.Cancel();
        monitor?.Cancel();
        client.Dispose();
    }

    private bool Validated => health.Status is EngineStatus.Healthy or EngineStatus.Unhealthy;

    private void StartLoad()
    {
        if (loading) return;
        loading = true;
        Timers.Cancel(RefreshTimer);
        bool readSpecs = !Validated || health.Status == EngineStatus.Unhealthy || DateTime.UtcNow - specsReadAt >= settings.SpecsRefreshInterval;
        var known = new Dictionary<string, EngineContainer>(containers);
        long started = sequence;
        EngineLoad.ReadAsync(client, readSpecs, known, started, lifetime.Token)
            .PipeTo(Self, success: load => new Loaded(load), failure: error => new LoadFailed(Unwrap(error)));
    }

    private void OnLoaded(Loaded loaded)
    {
        loading = false;
        var load = loaded.Load;
        if (load.Specs is { } newSpecs && !AcceptSpecs(newSpecs)) return;

        ApplyContainers(load);
        images = load.Images;
        networks = load.Networks;
        volumes = load.Volumes;
        updatedAt = DateTime.UtcNow;

        if (!Validated)
        {
            validationAttempts = 0;
            eventsSince = EventTime.Format(specs!.EngineTime ?? DateTimeOffset.UtcNow);
            var (validated, _) = health.Validated();
            health = validated;
            log.Info("Registered Engine {0} at {1}", specs!.Name, client.Address);
            // The event stream is open before anyone hears of the engine.
            StartMonitoring();
            listener.Tell(new EngineEvents.EngineConnected(Snapshot()));
        }
        else
        {
            Succeeded();
        }
        ScheduleRefresh();
    }

    /// <summary>Takes newly read specs; false (and back to pending) when the engine is not what it was or not usable.</summary>
    private bool AcceptSpecs(EngineSpecs newSpecs)
    {
        string newId = EngineSpecs.EngineId(newSpecs.DockerId, client.Address);
        if (Validated && newId != engineId)
        {
            BackToPending($"Engine (ID: {engineId}, Addr: {client.Address}) shows up with another ID:{newId}. Please remove it from cluster, it can be added back.");
            return false;
        }
        var warnings = new List<string>();
        var newLabels = NodeLabels.TryBuild(newSpecs, newId, client.Address, warnings, out string? error);
        foreach (string warning in warnings) log.Warning(warning);
        if (newLabels is null)
        {
            BackToPending(error!);
            return false;
        }
        specs = newSpecs;
        engineId = newId;
        labels = newLabels;
        specsReadAt = DateTime.UtcNow;
        return true;
    }

    private void OnLoadFailed(LoadFailed failed)
    {
        loading = false;
        if (!Validated)
        {
            // Never reached, or refused: stay pending and try again later, as classic re-validated pending engines.
            health = health.Invalidated(failed.Error.Message);
            validationAttempts++;
            if (EngineErrors.IsConnectionError(failed.Error)) listener.Tell(new EngineEvents.EngineUnreachable(client.Address, failed.Error.Message));
            log.Warning("Engine at {0} not validated: {1}", client.Address, failed.Error.Message);
            Timers.StartSingleTimer(RefreshTimer, Tick.Instance, settings.RetryDelay(validationAttempts));
            return;
        }
        Failed(failed.Error);
        ScheduleRefresh();
    }

    private void ApplyContainers(EngineLoad load)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in load.Containers)
        {
            listed.Add(container.Id);
            if (ChangedSince(container.Id, load.Sequence)) continue;
            if (!containers.TryGetValue(container.Id, out var previous) || !ReferenceEquals(previous, container)) Store(container);
        }
        foreach (string id in containers.Keys.Where(id => !listed.Contains(id)).ToList())
        {
            if (!ChangedSince(id, load.Sequence)) RemoveContainer(id, load.Sequence);
        }
        // Changes this load already saw need no more protection from it.
        foreach (string id in changedAt.Where(entry => entry.Value <= load.Sequence).Select(entry => entry.Key).ToList()) changedAt.Remove(id);
    }

    private bool ChangedSince(string id, long loadSequence) => changedAt.TryGetValue(id, out long at) && at > loadSequence;

    private void Store(EngineContainer container)
    {
        containers[container.Id] = container;
        containerArray = null;
        if (Validated) listener.Tell(new EngineEvents.ContainerUpdated(engineId, container));
    }

    private void RemoveContainer(string id, long eventSequence)
    {
        if (eventSequence > 0) changedAt[id] = eventSequence;
        if (!containers.Remove(id)) return;
        containerArray = null;
        if (Validated) listener.Tell(new EngineEvents.ContainerRemoved(engineId, id));
    }

    private void OnEngineEvent(EngineEvent received)
    {
        monitorFailures = 0;
        var message = received.Message;
        if (message.TimeNano > 0) eventsSince = EventTime.Format(message.TimeNano);
        long at = ++sequence;
        switch (message.Type)
        {
            case "container":
                string id = message.Actor?.ID ?? message.ID ?? "";
                if (id.Length == 0 || IsNoise(message.Action)) return;
                changedAt[id] = at;
                if (message.Action == "destroy")
                {
                    inspectAgain.Remove(id);
                    RemoveContainer(id, at);
                    return;
                }
                if (inspecting.Contains(id)) inspectAgain[id] = at;
                else Inspect(id, at);
                break;
            case "image" or "network" or "volume" when !KeepsTheList(message.Action):
                Call(async token => new ListsRead(message.Type, await ReadList(message.Type, token)), _ => null);
                break;
        }
    }

    // dockerd says a container joined or left a network, or mounted a volume, at every start and stop: the lists of
    // networks and volumes (which since API 1.28 do not name containers) stay as they were.
    private static bool KeepsTheList(string? action) => action is "connect" or "disconnect" or "mount" or "unmount";

    // Exec and attach traffic says nothing about the container's own state.
    private static bool IsNoise(string? action) =>
        action is null || action.StartsWith("exec_", StringComparison.Ordinal) || action is "attach" or "resize" or "top" or "archive-path" or "extract-to-dir" or "export" or "commit";

    private async Task<object> ReadList(string type, CancellationToken token) => type switch
    {
        "image" => await client.ListImagesAsync(token),
        "network" => await client.ListNetworksAsync(token),
        _ => await client.ListVolumesAsync(token),
    };

    private void Inspect(string id, long at)
    {
        inspecting.Add(id);
        Call(async token => (object)new Inspected(await client.InspectViewAsync(id, token), at),
             error => error is DockerContainerNotFoundException ? new ContainerGone(id, at) : new InspectFailed(id, error));
    }

    private void OnInspected(Inspected inspected)
    {
        Succeeded();
        string id = inspected.Container.Id;
        // A destroy seen after this inspect began wins: the container is gone, not back.
        bool destroyedSince = !containers.ContainsKey(id) && changedAt.TryGetValue(id, out long changed) && changed > inspected.Sequence && !inspectAgain.ContainsKey(id);
        if (!destroyedSince) Store(inspected.Container);
        InspectFinished(id);
    }

    private void InspectFinished(string id)
    {
        inspecting.Remove(id);
        if (inspectAgain.Remove(id, out long at)) Inspect(id, at);
    }

    private void OnListsRead(ListsRead read)
    {
        Succeeded();
        switch (read.Type)
        {
            case "image": images = [.. (IList<ImagesListResponse>)read.List]; break;
            case "network": networks = [.. (IList<NetworkResponse>)read.List]; break;
            default: volumes = [.. (IList<VolumeResponse>)read.List]; break;
        }
    }

    /// <summary>Runs an engine call off the actor; its result comes back as a message, a failure counts against health unless mapped.</summary>
    private void Call(Func<CancellationToken, Task<object>> call, Func<Exception, object?> mapFailure)
    {
        call(lifetime.Token).PipeTo(Self, failure: error =>
        {
            var cause = Unwrap(error);
            return mapFailure(cause) ?? new CallFailed(cause);
        });
    }

    /// <summary>Runs a container call for someone else; the answer goes to them, and its outcome counts for this engine's health.</summary>
    private void Operate(string containerId, Func<CancellationToken, Task<string>> call, string creatingSwarmId = "")
    {
        var requester = Sender;
        call(lifetime.Token).ContinueWith(task => task.IsCompletedSuccessfully
                ? new OperationCompleted(requester, new EngineCommands.OperationDone(task.Result), null, creatingSwarmId)
                : new OperationCompleted(requester, Failure(containerId, Unwrap(task.Exception!)), Unwrap(task.Exception!), creatingSwarmId),
            TaskScheduler.Default)
            .PipeTo(Self);
    }

    // Asks the engine itself, not this actor's view: the event of a create a moment ago may not have arrived.
    private async Task<string?> FindBySwarmId(string swarmId, CancellationToken token) =>
        (await client.ListContainersAsync(token))
            .FirstOrDefault(c => c.Labels?.TryGetValue(Swarm.Scheduling.Requests.SchedulingRequest.SwarmIdLabel, out string? id) == true && id == swarmId)?.ID;

    private Task Perform(EngineCommands.OperateContainer operate, CancellationToken token) => operate.Operation switch
    {
        ContainerOperation.Start => client.StartContainerAsync(operate.ContainerId, token),
        ContainerOperation.Stop => client.StopContainerAsync(operate.ContainerId, operate.WaitSeconds, token),
        ContainerOperation.Kill => client.KillContainerAsync(operate.ContainerId, operate.Signal, token),
        ContainerOperation.Restart => client.RestartContainerAsync(operate.ContainerId, operate.WaitSeconds, token),
        ContainerOperation.Pause => client.PauseContainerAsync(operate.ContainerId, token),
        ContainerOperation.Unpause => client.UnpauseContainerAsync(operate.ContainerId, token),
        _ => client.RemoveContainerAsync(operate.ContainerId, operate.Force, operate.RemoveVolumes, token),
    };

    private void OnOperationCompleted(OperationCompleted completed)
    {
        if (completed.Error is null) Succeeded();
        else Failed(completed.Error);
        completed.Requester.Tell(completed.Reply);
        if (completed.CreatingSwarmId.Length > 0 && creating.Remove(completed.CreatingSwarmId, out var waiting))
        {
            foreach (var requester in waiting) requester.Tell(completed.Reply);
        }
    }

    private static EngineCommands.OperationFailed Failure(string containerId, Exception error) => error switch
    {
        DockerApiException api => new(containerId, (int)api.StatusCode, DockerErrorMessage.Of(api), Unreachable: false),
        _ => new(containerId, 500, error.Message, EngineErrors.IsConnectionError(error)),
    };

    private void StartMonitoring()
    {
        monitor?.Cancel();
        monitor = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
        int generation = ++monitorGeneration;
        var self = Self;
        client.MonitorEventsAsync(eventsSince, new ForwardToActor(self), monitor.Token)
            .ContinueWith(task => new MonitorEnded(generation, task.Exception is null ? null : Unwrap(task.Exception)), TaskScheduler.Default)
            .PipeTo(self);
    }

    private void OnMonitorEnded(MonitorEnded ended)
    {
        if (ended.Generation != monitorGeneration || lifetime.IsCancellationRequested || health.Status == EngineStatus.Disconnected) return;
        monitorFailures++;
        // A dropped stream is often the first sign of a dead engine: ask it now rather than at the next beat.
        Beat();
        var delay = settings.EventStreamRetryDelay(monitorFailures);
        log.Debug("Event stream of {0} ended ({1}); reconnecting in {2}", client.Address, ended.Error?.Message ?? "EOF", delay);
        Timers.StartSingleTimer(MonitorTimer, StartMonitor.Instance, delay);
    }

    private void Succeeded()
    {
        var before = health;
        var (next, clusterEvent) = health.Succeeded();
        health = next;
        if (clusterEvent is not null)
        {
            log.Info("Engine {0} at {1} came back to life after {2} retries. Hooray!", specs?.Name, client.Address, before.FailureCount);
            monitorFailures = 0;
            StartMonitoring();
            listener.Tell(new EngineEvents.EngineReconnected(Snapshot()));
            // What it holds now (a heartbeat brought it back, the view is from before it failed).
            StartLoad();
        }
        if (before.HealthIndicator != health.HealthIndicator) listener.Tell(new EngineEvents.EngineHealthChanged(engineId, health));
    }

    private void Failed(Exception error)
    {
        if (!EngineErrors.IsConnectionError(error))
        {
            log.Warning("Engine {0} answered an error: {1}", client.Address, error.Message);
            return;
        }
        var before = health;
        var (next, clusterEvent) = health.Failed(error.Message);
        health = next;
        if (clusterEvent is not null)
        {
            log.Error("Flagging engine {0} at {1} as unhealthy. Connect failed {2} times", specs?.Name, client.Address, health.FailureCount);
            listener.Tell(new EngineEvents.EngineDisconnected(Snapshot()));
        }
        if (before.HealthIndicator != health.HealthIndicator) listener.Tell(new EngineEvents.EngineHealthChanged(engineId, health));
    }

    private void BackToPending(string error)
    {
        log.Error(error);
        bool wasReachable = health.Status == EngineStatus.Healthy;
        health = health.Invalidated(error);
        monitor?.Cancel();
        if (wasReachable) listener.Tell(new EngineEvents.EngineDisconnected(Snapshot()));
        Timers.StartSingleTimer(RefreshTimer, Tick.Instance, settings.RetryDelay(++validationAttempts));
    }

    private void Disconnect()
    {
        var (next, clusterEvent) = health.Removed();
        health = next;
        monitor?.Cancel();
        if (clusterEvent is not null) listener.Tell(new EngineEvents.EngineDisconnected(Snapshot()));
        Context.Stop(Self);
    }

    /// <summary>Pings a validated engine (one ping at a time); the answer counts for its health like any call.</summary>
    private void Beat()
    {
        if (beating || !Validated) return;
        beating = true;
        var timeout = settings.HeartbeatTimeout;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
        deadline.CancelAfter(timeout);
        client.PingAsync(deadline.Token).ContinueWith(task =>
            {
                deadline.Dispose();
                if (task.IsCompletedSuccessfully) return new HeartbeatAnswered(null);
                if (task.IsCanceled && !lifetime.IsCancellationRequested) return new HeartbeatAnswered(new TimeoutException($"no answer to a ping in {timeout.TotalSeconds}s"));
                return new HeartbeatAnswered(task.Exception is null ? new TimeoutException("ping cancelled") : Unwrap(task.Exception));
            }, TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void ScheduleRefresh() =>
        Timers.StartSingleTimer(RefreshTimer, Tick.Instance, settings.RefreshDelay(health.FailureCount, random));

    /// <summary>The engine now: the same object as last time while nothing changed.</summary>
    private EngineSnapshot Snapshot()
    {
        containerArray ??= [.. containers.Values];
        if (latest is { } last && last.Id == engineId && ReferenceEquals(last.Specs, specs) && last.Health.Equals(health) && ReferenceEquals(last.Labels, labels)
            && ReferenceEquals(last.Containers, containerArray) && ReferenceEquals(last.Images, images) && ReferenceEquals(last.Networks, networks)
            && ReferenceEquals(last.Volumes, volumes) && last.UpdatedAt == updatedAt)
        {
            return last;
        }
        return latest = new EngineSnapshot
        {
            Id = engineId,
            Name = specs?.Name ?? "",
            Address = client.Address,
            Health = health,
            Specs = specs,
            Labels = labels,
            Containers = containerArray,
            Images = images,
            Networks = networks,
            Volumes = volumes,
            UpdatedAt = updatedAt,
        };
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Heartbeat
    {
        public static Heartbeat Instance { get; } = new();
    }

    private sealed record HeartbeatAnswered(Exception? Error);

    private sealed record StartMonitor
    {
        public static StartMonitor Instance { get; } = new();
    }

    private sealed record Loaded(EngineLoad Load);

    private sealed record LoadFailed(Exception Error);

    private sealed record EngineEvent(Message Message);

    private sealed record MonitorEnded(int Generation, Exception? Error);

    private sealed record Inspected(EngineContainer Container, long Sequence);

    private sealed record InspectFailed(string Id, Exception Error);

    private sealed record ContainerGone(string Id, long Sequence);

    private sealed record ListsRead(string Type, object List);

    private sealed record CallFailed(Exception Error);

    private sealed record OperationCompleted(IActorRef Requester, object Reply, Exception? Error, string CreatingSwarmId);

    /// <summary>Hands each engine event to the actor as a message; Tell is safe from any thread.</summary>
    private sealed class ForwardToActor(IActorRef actor) : IProgress<Message>
    {
        public void Report(Message value) => actor.Tell(new EngineEvent(value));
    }
}
