using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Swarm.Actors.Scheduler;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Actors.Engines;

/// <summary>
/// A manager's door to the engines. It tells the engine actors which engines to watch (discovery's entries),
/// passes every report of the engine actors on this manager to the scheduler, delivers commands to "the engine
/// of node X" wherever its actor runs, and answers for all engines of the cluster.
/// Engine actors are either sharded over the managers (<see cref="EngineShards"/>, as <c>swarm manage</c> runs
/// them) or, without shards, started here as children (one manager in one process, as tests do).
/// </summary>
public sealed class EngineDirectory : ReceiveActor, IWithTimers
{
    /// <summary>Its name under /user on every manager, where other managers' directories find it.</summary>
    public const string Name = "engines";

    /// <summary>
    /// How often the watched engines are named to their shards again: an engine actor stops when its shard moves
    /// to another manager (or its manager dies) and starts again, there, on the next message.
    /// </summary>
    public static readonly TimeSpan KeepWatching = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(5);

    // Engine actors on this manager that have connected, by engine ID.
    private readonly Dictionary<string, IActorRef> engines = new(StringComparer.Ordinal);

    // Without shards: engine actors this directory started, by the address discovery gave.
    private readonly Dictionary<string, IActorRef> children = new(StringComparer.Ordinal);

    // With shards: discovery's current addresses.
    private HashSet<string> addresses = new(StringComparer.Ordinal);

    private readonly bool subscribe;
    private readonly IActorRef? shards;

    // Every local engine actor's newest snapshot, pushed by the actor whenever it changes (PublishSnapshots), so
    // docker ps and docker info read what is here instead of asking 1,000 engine actors each time.
    private readonly Dictionary<IActorRef, EngineSnapshot> published = [];

    // The answer made from them, kept while none changed: what the API derives from an answer is kept with it.
    private Engines? localAnswer;

    // Engines watched elsewhere: at most one gathering of their snapshots at a time. Who asks meanwhile waits for the next
    // one, which starts after it asked, so an answer never predates the question, and a burst of askers shares one.
    private List<IActorRef> waitingForEngines = [];
    private bool gathering;

    // This directory's own engines as other managers' directories copy them: each snapshot change gets the next
    // version, and a copy asks only for what changed since the version it holds (this epoch's: a directory that
    // started again counts from zero).
    private readonly string epoch = Guid.NewGuid().ToString("N");
    private readonly Dictionary<IActorRef, long> changedAt = [];
    private long version;

    // Other managers' engines, copied from their directories by manager address; an answer keeps being given out
    // while no copy and no local snapshot changed, so what the API derives from it stays cached on a replica too.
    private readonly Dictionary<string, PeerEngines> peers = new(StringComparer.Ordinal);
    private Engines? clusterAnswer;

    // The local answer the kept cluster answer was made with.
    private Engines? answeredLocal;

    public EngineDirectory(IActorRef scheduler, bool subscribe, Func<string, EngineWatch>? watchFor, IActorRef? shards)
    {
        this.subscribe = subscribe;
        this.shards = shards;
        Receive<WatchOnly>(wanted =>
        {
            if (shards is not null) WatchThroughShards(wanted.Addresses);
            else if (watchFor is not null) WatchHere(wanted.Addresses, watchFor);
        });
        Receive<KeepWatchingTick>(_ => NameWatchedEngines());
        Receive<ClusterEvent.MemberRemoved>(_ => NameWatchedEngines());
        Receive<SchedulerCommands.ReportEngines>(_ => ReportTo(scheduler, [.. engines.Values], new SchedulerCommands.EnginesReported(Cluster.Get(Context.System).SelfAddress.ToString(), [.. shards is null ? (IEnumerable<string>)children.Keys : addresses])));
        Receive<SubscribeAck>(_ => { });
        Receive<EngineEvents.IClusterEvent>(reported =>
        {
            if (reported is EngineEvents.EngineDisconnected { Engine.Health.Status: EngineStatus.Disconnected }) engines.Remove(reported.Engine.Id);
            else if (reported.Engine.Id.Length > 0 && engines.TryAdd(reported.Engine.Id, Sender))
            {
                Context.Watch(Sender);
                // An engine actor someone else started (tests do) pushes its snapshots here from now on.
                if (!published.ContainsKey(Sender) && Sender.Path.Address.HasLocalScope) Sender.Tell(EngineCommands.PublishSnapshots.Instance);
            }
            localAnswer = null;
            scheduler.Forward(reported);
        });
        Receive<EngineEvents.SnapshotChanged>(changed =>
        {
            if (!published.ContainsKey(Sender)) Context.Watch(Sender);
            published[Sender] = changed.Engine;
            changedAt[Sender] = ++version;
            localAnswer = null;
        });
        Receive<Terminated>(stopped =>
        {
            foreach (string id in engines.Where(e => e.Value.Equals(stopped.ActorRef)).Select(e => e.Key).ToList()) engines.Remove(id);
            published.Remove(stopped.ActorRef);
            changedAt.Remove(stopped.ActorRef);
            version++;
            localAnswer = null;
        });
        Receive<GetChangedEngines>(asked => Sender.Tell(ChangedSince(asked)));
        Receive<EngineEvents.EngineHealthChanged>(scheduler.Forward);
        Receive<EngineEvents.EngineUnreachable>(scheduler.Forward);
        Receive<EngineEvents.ContainerUpdated>(scheduler.Forward);
        Receive<EngineEvents.ContainerRemoved>(scheduler.Forward);
        Receive<GetLocalEngines>(_ => LocalEngines().PipeTo(Sender));
        Receive<GetEngineHomes>(_ => Homes().PipeTo(Sender));
        Receive<GetEngines>(_ =>
        {
            if (ElsewhereWatched().Count == 0)
            {
                Sender.Tell(LocalAnswer());
                return;
            }
            waitingForEngines.Add(Sender);
            if (!gathering) GatherEngines();
        });
        Receive<EnginesGathered>(gathered =>
        {
            object answer = gathered.Failure is { } failure ? new Status.Failure(failure) : ClusterAnswer(gathered);
            foreach (var asker in gathered.Askers) asker.Tell(answer);
            gathering = false;
            if (waitingForEngines.Count > 0) GatherEngines();
        });
        Receive<ToEngine>(envelope =>
        {
            // With shards, always through the region: it holds messages while an engine actor moves between managers.
            if (shards is not null && addresses.Contains(AddressOf(envelope.EngineId))) shards.Forward(new EngineShards.Envelope(AddressOf(envelope.EngineId), envelope.Message));
            else if (shards is null && engines.TryGetValue(envelope.EngineId, out var engine)) engine.Forward(envelope.Message);
            else Sender.Tell(new EngineCommands.OperationFailed("", 500, $"engine {envelope.EngineId} is not connected", Unreachable: true));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="subscribe">Answer schedulers that start anywhere in the cluster (distributed pub-sub; needs a cluster).</param>
    /// <param name="watchFor">Without shards: how to reach an engine that discovery names; needed for <see cref="WatchOnly"/>.</param>
    /// <param name="shards">The engine shard region (<see cref="EngineShards"/>); needs a cluster.</param>
    public static Props Props(IActorRef scheduler, bool subscribe = false, Func<string, EngineWatch>? watchFor = null, IActorRef? shards = null) =>
        Akka.Actor.Props.Create(() => new EngineDirectory(scheduler, subscribe, watchFor, shards));

    protected override void PreStart()
    {
        if (subscribe) DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(SchedulerCommands.ReportEngines.Topic, Self));
        if (shards is null) return;
        // A manager that left took its engine actors along: name the engines again so their shards start them elsewhere.
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        Timers.StartPeriodicTimer(KeepWatchingTick.Instance, KeepWatchingTick.Instance, KeepWatching);
    }

    protected override void PostStop()
    {
        if (shards is not null) Cluster.Get(Context.System).Unsubscribe(Self);
    }

    /// <summary>The address part of an engine ID (<c>dockerID|host:port</c>), which is its shard entity ID.</summary>
    public static string AddressOf(string engineId) => engineId[(engineId.LastIndexOf('|') + 1)..];

    private void WatchHere(IReadOnlyList<string> wanted, Func<string, EngineWatch> watchFor)
    {
        var current = wanted.ToHashSet(StringComparer.Ordinal);
        foreach (var (address, engine) in children.Where(w => !current.Contains(w.Key)).ToList())
        {
            engine.Tell(EngineCommands.Disconnect.Instance);
            children.Remove(address);
        }
        localAnswer = null;
        foreach (string address in current.Where(a => !children.ContainsKey(a)))
        {
            var watch = watchFor(address);
            children[address] = Context.ActorOf(EngineActor.Props(watch.Client, Self, watch.Settings, publishSnapshots: true));
        }
    }

    private void WatchThroughShards(IReadOnlyList<string> wanted)
    {
        var current = wanted.ToHashSet(StringComparer.Ordinal);
        foreach (string gone in addresses.Where(a => !current.Contains(a))) shards!.Tell(new EngineShards.Envelope(gone, EngineCommands.Disconnect.Instance));
        addresses = current;
        localAnswer = null;
        NameWatchedEngines();
    }

    private void NameWatchedEngines()
    {
        if (shards is null) return;
        foreach (string address in addresses) shards.Tell(new EngineShards.Envelope(address, EngineCommands.Watch.Instance));
    }

    // Off the actor: a slow engine actor must not hold up the reports flowing through this directory.
    private static void ReportTo(IActorRef scheduler, IReadOnlyList<IActorRef> local, SchedulerCommands.EnginesReported done)
    {
        _ = Task.Run(async () =>
        {
            foreach (var engine in local)
            {
                try
                {
                    scheduler.Tell(new SchedulerCommands.EngineReport(await engine.Ask<EngineSnapshot>(EngineCommands.GetSnapshot.Instance, SnapshotTimeout)));
                }
                catch (AskTimeoutException)
                {
                    // Moving to another manager: it reports from there when it connects.
                }
            }
            scheduler.Tell(done);
        });
    }

    private void GatherEngines()
    {
        var askers = waitingForEngines;
        waitingForEngines = [];
        gathering = true;
        var system = Context.System;
        var cluster = Cluster.Get(system);
        var others = cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(SchedulerSingleton.ManagerRole) && m.Address != cluster.SelfAddress)
            .Select(m => m.Address)
            .ToList();
        foreach (string gone in peers.Keys.Except(others.Select(a => a.ToString())).ToList()) peers.Remove(gone);
        var held = others.ToDictionary(a => a.ToString(), a => peers.TryGetValue(a.ToString(), out var copy) ? (copy.Epoch, copy.Version) : ("", 0L));
        var region = shards!;
        var local = LocalAnswer().All.Select(engine => engine.Address).ToHashSet(StringComparer.Ordinal);
        var copied = peers.Values.SelectMany(copy => copy.Snapshots.Keys).ToHashSet(StringComparer.Ordinal);
        var wanted = addresses.ToList();
        Task.Run(async () =>
        {
            // What changed on each other manager since the copy held here, in pieces a remoting frame carries.
            var changes = await Task.WhenAll(others.Select(address => ChangesOf(system, address, held[address.ToString()])));
            var reported = changes.OfType<ChangedEngines>().SelectMany(c => c.Addresses).Concat(copied).Concat(local).ToHashSet(StringComparer.Ordinal);
            // Engines no manager reports (starting, or moving between managers): asked one by one through the region, which starts them.
            var unreported = await Task.WhenAll(wanted.Where(a => !reported.Contains(a)).Select(async address =>
            {
                try
                {
                    return await region.Ask<EngineSnapshot>(new EngineShards.Envelope(address, EngineCommands.GetSnapshot.Instance), SnapshotTimeout);
                }
                catch (AskTimeoutException)
                {
                    return null;
                }
            }));
            return new EnginesGathered(askers, [.. changes.OfType<ChangedEngines>()], [.. unreported.OfType<EngineSnapshot>()], null);
        }).PipeTo(Self, failure: error => new EnginesGathered(askers, [], [], error));
    }

    /// <summary>Every change one other manager's directory has since <paramref name="held"/>, asked again while it says there is more.</summary>
    private static async Task<ChangedEngines?> ChangesOf(ActorSystem system, Address manager, (string Epoch, long Version) held)
    {
        var directory = system.ActorSelection(new RootActorPath(manager) / "user" / Name);
        ChangedEngines? all = null;
        // Pieces follow each other without a gap: each is asked from the version the one before ended at.
        try
        {
            while (true)
            {
                var piece = await directory.Ask<ChangedEngines>(new GetChangedEngines(held.Epoch, held.Version), SnapshotTimeout);
                all = all is null || all.Epoch != piece.Epoch ? piece : piece with { Changed = [.. all.Changed, .. piece.Changed] };
                if (!piece.More) return all with { Manager = manager.ToString() };
                held = (piece.Epoch, piece.Version);
            }
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
        {
            // A manager that does not answer (leaving, or busy): its engines are asked for one by one instead.
            return null;
        }
    }

    /// <summary>For another manager's directory: this one's engines changed since what it holds, at most so many containers at a time.</summary>
    private ChangedEngines ChangedSince(GetChangedEngines asked)
    {
        long since = asked.Epoch == epoch ? asked.Version : 0;
        var watched = LocalAnswer().All.Select(engine => engine.Address).ToList();
        var changed = new List<EngineSnapshot>();
        int containers = 0;
        long through = version;
        foreach (var (engine, at) in changedAt.Where(c => c.Value > since).OrderBy(c => c.Value))
        {
            if (!published.TryGetValue(engine, out var snapshot) || !addresses.Contains(snapshot.Address) && shards is not null) continue;
            if (changed.Count > 0 && containers + snapshot.Containers.Count > ContainersPerPiece)
            {
                return new ChangedEngines(epoch, through, changed, watched, More: true);
            }
            changed.Add(snapshot);
            containers += snapshot.Containers.Count;
            through = at;
        }
        return new ChangedEngines(epoch, version, changed, watched, More: false);
    }

    /// <summary>The local engines and the copies of every other manager's, brought up to date with what was gathered.</summary>
    private Engines ClusterAnswer(EnginesGathered gathered)
    {
        bool changed = clusterAnswer is null || gathered.Unreported.Count > 0;
        foreach (var piece in gathered.Changes)
        {
            changed |= Merge(piece);
        }
        var local = LocalAnswer();
        if (!changed && clusterAnswer is not null && ReferenceEquals(local, answeredLocal)) return clusterAnswer;
        answeredLocal = local;
        var remote = peers.Values.SelectMany(copy => copy.Snapshots.Values).Where(engine => addresses.Contains(engine.Address));
        clusterAnswer = new Engines(OnePerAddress(local.All.Concat(remote).Concat(gathered.Unreported)));
        // An answer with engines asked one by one is not kept: they are asked again next time.
        var answer = clusterAnswer;
        if (gathered.Unreported.Count > 0) clusterAnswer = null;
        return answer;
    }

    private bool Merge(ChangedEngines piece)
    {
        if (!peers.TryGetValue(piece.Manager, out var copy) || copy.Epoch != piece.Epoch) peers[piece.Manager] = copy = new PeerEngines(piece.Epoch);
        bool changed = copy.Version != piece.Version || piece.Changed.Count > 0;
        foreach (var engine in piece.Changed) copy.Snapshots[engine.Address] = engine;
        var named = piece.Addresses.ToHashSet(StringComparer.Ordinal);
        foreach (string gone in copy.Snapshots.Keys.Where(a => !named.Contains(a)).ToList())
        {
            copy.Snapshots.Remove(gone);
            changed = true;
        }
        copy.Version = piece.Version;
        return changed;
    }

    // About 1-2 MB of JSON: well under the 4 MB a remoting frame holds, however many engines that is.
    private const int ContainersPerPiece = 1000;

    /// <summary>The engines discovery names whose actors do not run here (on other managers, or not started yet).</summary>
    private List<string> ElsewhereWatched()
    {
        if (shards is null) return [];
        var here = LocalAnswer().All;
        if (here.Count == addresses.Count) return [];
        var local = here.Select(engine => engine.Address).ToHashSet(StringComparer.Ordinal);
        return [.. addresses.Where(address => !local.Contains(address))];
    }

    /// <summary>The engines whose actors run here, connected or still pending (docker info lists those too).</summary>
    private Engines LocalAnswer()
    {
        if (localAnswer is not null) return localAnswer;
        IEnumerable<EngineSnapshot> watched;
        if (shards is not null)
        {
            // Only what discovery names now: an engine let go may still have an actor for a moment.
            watched = published.Values.Where(engine => addresses.Contains(engine.Address));
        }
        else
        {
            var ours = engines.Values.Concat(children.Values).ToHashSet();
            watched = published.Where(p => ours.Contains(p.Key)).Select(p => p.Value);
        }
        return localAnswer = new Engines(OnePerAddress(watched));
    }

    /// <summary>
    /// One snapshot per engine address, in address order (an answer's order stays the same while engines do): while
    /// an engine actor moves between managers, or restarts, two may speak for it for a moment.
    /// </summary>
    private static IReadOnlyList<EngineSnapshot> OnePerAddress(IEnumerable<EngineSnapshot> snapshots)
    {
        var byAddress = new Dictionary<string, EngineSnapshot>(StringComparer.Ordinal);
        foreach (var engine in snapshots)
        {
            if (!byAddress.TryGetValue(engine.Address, out var held) || Preferred(engine, held)) byAddress[engine.Address] = engine;
        }
        var ordered = byAddress.Values.ToArray();
        Array.Sort(ordered, (x, y) => string.CompareOrdinal(x.Address, y.Address));
        return Array.AsReadOnly(ordered);
    }

    private static bool Preferred(EngineSnapshot candidate, EngineSnapshot held)
    {
        bool candidateHealthy = candidate.Health.Status == EngineStatus.Healthy, heldHealthy = held.Health.Status == EngineStatus.Healthy;
        return candidateHealthy != heldHealthy ? candidateHealthy : candidate.UpdatedAt > held.UpdatedAt;
    }

    /// <summary>The addresses of the engines whose actors run on this manager.</summary>
    private Task<LocalEngineList> LocalEngines()
    {
        string manager = Cluster.Get(Context.System).SelfAddress.ToString();
        if (shards is null) return Task.FromResult(new LocalEngineList(manager, [.. children.Keys]));
        var region = shards;
        return Task.Run(async () =>
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, SnapshotTimeout);
            return new LocalEngineList(manager, [.. state.Shards.SelectMany(shard => shard.EntityIds).Order(StringComparer.Ordinal)]);
        });
    }

    /// <summary>Which manager runs each engine's actor, from every manager that answers in time.</summary>
    private Task<EngineHomes> Homes()
    {
        var system = Context.System;
        var local = LocalEngines();
        var cluster = Cluster.Get(system);
        var asked = cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(SchedulerSingleton.ManagerRole) && m.Address != cluster.SelfAddress)
            .Select(member => system.ActorSelection(new RootActorPath(member.Address) / "user" / Name).Ask<LocalEngineList>(GetLocalEngines.Instance, SnapshotTimeout))
            .Prepend(local)
            .Select(OrNone)
            .ToList();
        return Task.Run(async () =>
        {
            var lists = (await Task.WhenAll(asked)).OfType<LocalEngineList>();
            var homes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var list in lists)
            {
                foreach (string address in list.Addresses)
                {
                    if (!homes.TryGetValue(address, out var managers)) homes[address] = managers = [];
                    managers.Add(list.Manager);
                }
            }
            return new EngineHomes(homes.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value, StringComparer.Ordinal));
        });
    }

    // A manager that does not answer in time (leaving, or its region busy) is left out rather than failing the whole answer.
    private static async Task<LocalEngineList?> OrNone(Task<LocalEngineList> asked)
    {
        try
        {
            return await asked;
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
        {
            return null;
        }
    }

    /// <summary>How to watch the engine at an address: its client and settings.</summary>
    public sealed record EngineWatch(Swarm.Engines.IEngineClient Client, EngineSettings Settings);

    /// <summary>Discovery's current entries: watch these engines, let go of the others this directory watched.</summary>
    public sealed record WatchOnly(IReadOnlyList<string> Addresses);

    /// <summary>Replies with <see cref="Engines"/>: a snapshot of every engine of the cluster.</summary>
    public sealed record GetEngines
    {
        public static GetEngines Instance { get; } = new();
    }

    /// <param name="All">
    /// Read-only and never changed (a <see cref="System.Collections.ObjectModel.ReadOnlyCollection{T}"/> over an array
    /// nobody else holds), so what the API derives from one answer (lookup entries, the visible containers) can be
    /// kept with it for everyone who got the same answer.
    /// </param>
    public sealed record Engines(IReadOnlyList<EngineSnapshot> All);

    /// <summary>Replies with <see cref="EngineHomes"/>: which manager runs each engine's actor.</summary>
    public sealed record GetEngineHomes
    {
        public static GetEngineHomes Instance { get; } = new();
    }

    /// <param name="Managers">By engine address, the cluster addresses of the managers running its actor: one, but two for a moment while it moves.</param>
    public sealed record EngineHomes(IReadOnlyDictionary<string, IReadOnlyList<string>> Managers);

    /// <summary>Asked of one manager's directory by another: replies with <see cref="LocalEngineList"/>.</summary>
    public sealed record GetLocalEngines
    {
        public static GetLocalEngines Instance { get; } = new();
    }

    /// <summary>The addresses of the engines whose actors run on one manager.</summary>
    public sealed record LocalEngineList(string Manager, IReadOnlyList<string> Addresses);

    /// <summary>Delivers a command to the engine actor of an engine; answers for it when that engine is not connected.</summary>
    public sealed record ToEngine(string EngineId, object Message);

    /// <summary>Asked of one manager's directory by another: replies with <see cref="ChangedEngines"/>.</summary>
    /// <param name="Epoch">The epoch of the copy the asker holds; another (or none) gets every engine.</param>
    /// <param name="Version">What the asker's copy holds: snapshots changed after this version come back.</param>
    public sealed record GetChangedEngines(string Epoch, long Version);

    /// <summary>One manager's engines changed since what was asked, and which engines it has now.</summary>
    /// <param name="Addresses">Every engine whose actor runs on that manager now: copies of others are dropped.</param>
    /// <param name="More">Cut short (a remoting frame's worth): ask again from <paramref name="Version"/>.</param>
    public sealed record ChangedEngines(string Epoch, long Version, IReadOnlyList<EngineSnapshot> Changed, IReadOnlyList<string> Addresses, bool More)
    {
        /// <summary>Set by the asker: the cluster address of the manager that answered.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string Manager { get; init; } = "";
    }

    private sealed class PeerEngines(string epoch)
    {
        public string Epoch { get; } = epoch;
        public long Version { get; set; }
        public Dictionary<string, EngineSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);
    }

    private sealed record EnginesGathered(IReadOnlyList<IActorRef> Askers, IReadOnlyList<ChangedEngines> Changes, IReadOnlyList<EngineSnapshot> Unreported, Exception? Failure);

    private sealed record KeepWatchingTick
    {
        public static KeepWatchingTick Instance { get; } = new();
    }
}
