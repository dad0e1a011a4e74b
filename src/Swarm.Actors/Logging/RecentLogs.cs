using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;

namespace Swarm.Actors.Logging;

/// <summary>
/// The last <see cref="Capacity"/> log lines of an actor system, and live copies of new ones for whoever follows
/// them (the shell's <c>log peek</c> and <c>log tail</c>). Filled by <see cref="RecentLogLogger"/>, which
/// <c>akka.loggers</c> must name.
/// </summary>
public sealed class RecentLogs : IExtension
{
    public const int Capacity = 1000;

    // A follower that stops reading loses its oldest lines rather than growing the manager's memory.
    private const int FollowerBuffer = 1000;

    private readonly Queue<Entry> entries = new(Capacity);
    private readonly List<ChannelWriter<Entry>> followers = [];
    private readonly Lock gate = new();

    public static RecentLogs Get(ActorSystem system) => system.WithExtension<RecentLogs, Provider>();

    /// <summary>The kept lines, oldest first; the last <paramref name="count"/> of them at most.</summary>
    public IReadOnlyList<Entry> Peek(int count)
    {
        lock (gate) return [.. entries.Skip(Math.Max(0, entries.Count - count))];
    }

    /// <summary>Every line logged from now on, until the returned handle is disposed.</summary>
    public Following Follow()
    {
        var channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(FollowerBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (gate) followers.Add(channel.Writer);
        return new Following(channel.Reader, () =>
        {
            lock (gate) followers.Remove(channel.Writer);
            channel.Writer.TryComplete();
        });
    }

    internal void Add(LogEvent logged)
    {
        string message = logged.Cause is null ? $"{logged.Message}" : $"{logged.Message} ({logged.Cause.GetType().Name}: {logged.Cause.Message})";
        var entry = new Entry(logged.Timestamp, logged.LogLevel().ToString().Replace("Level", "", StringComparison.Ordinal).ToUpperInvariant(), logged.LogSource ?? "", message);
        lock (gate)
        {
            if (entries.Count == Capacity) entries.Dequeue();
            entries.Enqueue(entry);
            foreach (var follower in followers) follower.TryWrite(entry);
        }
    }

    /// <summary>One log line.</summary>
    /// <param name="Level">DEBUG, INFO, WARNING or ERROR.</param>
    /// <param name="Source">The logging actor's path or class.</param>
    public sealed record Entry(DateTime Timestamp, string Level, string Source, string Message);

    /// <summary>New lines as they are logged; disposing it stops them.</summary>
    public sealed class Following(ChannelReader<Entry> lines, Action stop) : IDisposable
    {
        public ChannelReader<Entry> Lines { get; } = lines;

        public void Dispose() => stop();
    }

    private sealed class Provider : ExtensionIdProvider<RecentLogs>
    {
        public override RecentLogs CreateExtension(ExtendedActorSystem system) => new();
    }
}
