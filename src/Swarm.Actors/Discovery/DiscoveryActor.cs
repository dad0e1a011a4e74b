using Akka.Actor;
using Akka.Event;
using Swarm.Actors.Engines;

namespace Swarm.Actors.Discovery;

/// <summary>
/// Reads the discovery source every heartbeat and tells the engine directory which engines to watch: new entries
/// become engine actors, vanished ones are disconnected (<c>engine_disconnect</c>). A source that cannot be read
/// is reported and polled again; the engines already known stay. The next read is a heartbeat after the last one
/// ended, so a slow source (an etcd that does not answer) never piles reads up.
/// </summary>
public sealed class DiscoveryActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter log = Context.GetLogger();

    public DiscoveryActor(IDiscovery discovery, IActorRef directory, TimeSpan heartbeat)
    {
        Receive<Poll>(_ => discovery.ReadAsync(CancellationToken.None).PipeTo(Self, success: entries => new Read(entries), failure: error => new ReadFailed(error)));
        Receive<Read>(read =>
        {
            directory.Tell(new EngineDirectory.WatchOnly(read.Entries));
            Timers.StartSingleTimer(Poll.Instance, Poll.Instance, heartbeat);
        });
        Receive<ReadFailed>(failed =>
        {
            var error = failed.Error is AggregateException { InnerExceptions: [var only] } ? only : failed.Error;
            if (error is IOException or UnauthorizedAccessException) log.Error("Discovery error: {0}", error.Message);
            else log.Error(error, "Discovery error: {0}", error.Message);
            Timers.StartSingleTimer(Poll.Instance, Poll.Instance, heartbeat);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Self.Tell(Poll.Instance);

    public static Props Props(IDiscovery discovery, IActorRef directory, TimeSpan heartbeat) =>
        Akka.Actor.Props.Create(() => new DiscoveryActor(discovery, directory, heartbeat));

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    private sealed record Read(IReadOnlyList<string> Entries);

    private sealed record ReadFailed(Exception Error);
}
