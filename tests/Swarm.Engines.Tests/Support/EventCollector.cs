using System.Collections.Concurrent;
using Docker.DotNet.Models;

namespace Swarm.Engines.Tests.Support;

/// <summary>Collects reported engine events as they come, on whatever thread reports them.</summary>
internal sealed class EventCollector : IProgress<Message>
{
    public ConcurrentQueue<Message> Messages { get; } = new();

    public void Report(Message value) => Messages.Enqueue(value);

    /// <summary>The actions reported for one container, in order.</summary>
    public IReadOnlyList<string> ActionsOf(string containerId) =>
        [.. Messages.Where(m => m.Actor?.ID == containerId).Select(m => m.Action)];
}
