using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Swarm.Actors.Scheduler;
using Swarm.Engines.View;

namespace Swarm.Actors.Engines;

/// <summary>
/// Knows which engine actor watches which engine, by engine ID, so container actors can reach "the engine of
/// node X". It listens to the engine actors (they register by connecting) and passes every report on to the
/// scheduler.
/// </summary>
public sealed class EngineDirectory : ReceiveActor
{
    private readonly Dictionary<string, IActorRef> engines = new(StringComparer.Ordinal);

    private readonly bool subscribe;

    // Engine actors this directory started, by the address discovery gave.
    private readonly Dictionary<string, IActorRef> watched = new(StringComparer.Ordinal);

    public EngineDirectory(IActorRef scheduler, bool subscribe, Func<string, EngineWatch>? watchFor = null)
    {
        this.subscribe = subscribe;
        Receive<WatchOnly>(wanted =>
        {
            if (watchFor is null) return;
            var addresses = wanted.Addresses.ToHashSet(StringComparer.Ordinal);
            foreach (var (address, engine) in watched.Where(w => !addresses.Contains(w.Key)).ToList())
            {
                engine.Tell(EngineCommands.Disconnect.Instance);
                watched.Remove(address);
            }
            foreach (string address in addresses.Where(a => !watched.ContainsKey(a)))
            {
                var watch = watchFor(address);
                watched[address] = Context.ActorOf(EngineActor.Props(watch.Client, Self, watch.Settings));
            }
        });
        ReceiveAsync<SchedulerCommands.ReportEngines>(async _ =>
        {
            foreach (var engine in engines.Values.ToList())
            {
                var snapshot = await engine.Ask<EngineSnapshot>(EngineCommands.GetSnapshot.Instance, TimeSpan.FromSeconds(5));
                scheduler.Tell(new SchedulerCommands.EngineReport(snapshot));
            }
            scheduler.Tell(new SchedulerCommands.EnginesReported(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()));
        });
        Receive<SubscribeAck>(_ => { });
        Receive<EngineEvents.IClusterEvent>(reported =>
        {
            if (reported is EngineEvents.EngineDisconnected { Engine.Health.Status: Swarm.Engines.Health.EngineStatus.Disconnected }) engines.Remove(reported.Engine.Id);
            else if (reported.Engine.Id.Length > 0) engines[reported.Engine.Id] = Sender;
            scheduler.Forward(reported);
        });
        Receive<EngineEvents.EngineHealthChanged>(scheduler.Forward);
        Receive<EngineEvents.ContainerUpdated>(scheduler.Forward);
        Receive<EngineEvents.ContainerRemoved>(scheduler.Forward);
        ReceiveAsync<GetEngines>(async _ =>
        {
            // Children include engines still pending, which docker info lists too.
            var asked = engines.Values.Union(Context.GetChildren()).Select(engine => engine.Ask<EngineSnapshot>(EngineCommands.GetSnapshot.Instance, TimeSpan.FromSeconds(5)));
            Sender.Tell(new Engines([.. await Task.WhenAll(asked)]));
        });
        Receive<ToEngine>(envelope =>
        {
            if (engines.TryGetValue(envelope.EngineId, out var engine)) engine.Forward(envelope.Message);
            else Sender.Tell(new EngineCommands.OperationFailed("", 500, $"engine {envelope.EngineId} is not connected", Unreachable: true));
        });
    }

    /// <param name="subscribe">Answer schedulers that start anywhere in the cluster (distributed pub-sub; needs a cluster).</param>
    /// <param name="watchFor">How to reach an engine that discovery names; needed for <see cref="WatchOnly"/>.</param>
    public static Props Props(IActorRef scheduler, bool subscribe = false, Func<string, EngineWatch>? watchFor = null) =>
        Akka.Actor.Props.Create(() => new EngineDirectory(scheduler, subscribe, watchFor));

    protected override void PreStart()
    {
        if (subscribe) DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(SchedulerCommands.ReportEngines.Topic, Self));
    }

    /// <summary>How to watch the engine at an address: its client and settings.</summary>
    public sealed record EngineWatch(Swarm.Engines.IEngineClient Client, EngineSettings Settings);

    /// <summary>Discovery's current entries: watch these engines, let go of the others this directory watched.</summary>
    public sealed record WatchOnly(IReadOnlyList<string> Addresses);

    /// <summary>Replies with <see cref="Engines"/>: a snapshot of every connected engine.</summary>
    public sealed record GetEngines
    {
        public static GetEngines Instance { get; } = new();
    }

    public sealed record Engines(IReadOnlyList<EngineSnapshot> All);

    /// <summary>Delivers a command to the engine actor of an engine; answers for it when that engine is not connected.</summary>
    public sealed record ToEngine(string EngineId, object Message);
}
