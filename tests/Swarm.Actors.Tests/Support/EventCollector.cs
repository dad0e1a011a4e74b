using System.Collections.Concurrent;
using Docker.DotNet.Models;

namespace Swarm.Actors.Tests.Support;

/// <summary>Collects reported engine events as they come, on whatever thread reports them.</summary>
public sealed class EventCollector : IProgress<Message>
{
    private readonly ConcurrentQueue<Message> messages = new();

    public IReadOnlyCollection<Message> Messages => messages;

    public void Report(Message value) => messages.Enqueue(value);

    /// <summary>The actions reported for one container, in order.</summary>
    public IReadOnlyList<string> ActionsOf(string containerId) => [.. messages.Where(m => m.Actor?.ID == containerId).Select(m => m.Action)];

    /// <summary>Waits until the container's actions start with <paramref name="expected"/>; false after the timeout.</summary>
    public async Task<bool> Saw(string containerId, string[] expected, int timeoutMs = 20000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!ActionsOf(containerId).Take(expected.Length).SequenceEqual(expected))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }
}
