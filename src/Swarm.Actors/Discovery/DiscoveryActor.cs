using Akka.Actor;
using Akka.Event;
using Swarm.Actors.Engines;

namespace Swarm.Actors.Discovery;

/// <summary>
/// Reads the discovery source every heartbeat and tells the engine directory which engines to watch: new entries
/// become engine actors, vanished ones are disconnected (<c>engine_disconnect</c>). A source that cannot be read
/// is reported and polled again; the engines already known stay.
/// </summary>
public sealed class DiscoveryActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter log = Context.GetLogger();

    public DiscoveryActor(IDiscovery discovery, IActorRef directory, TimeSpan heartbeat)
    {
        ReceiveAsync<Poll>(async _ =>
        {
            try
            {
                var entries = await discovery.ReadAsync(CancellationToken.None);
                directory.Tell(new EngineDirectory.WatchOnly(entries));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Error("Discovery error: {0}", e.Message);
            }
        });
        Timers.StartPeriodicTimer(Poll.Instance, Poll.Instance, TimeSpan.Zero, heartbeat);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IDiscovery discovery, IActorRef directory, TimeSpan heartbeat) =>
        Akka.Actor.Props.Create(() => new DiscoveryActor(discovery, directory, heartbeat));

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }
}
