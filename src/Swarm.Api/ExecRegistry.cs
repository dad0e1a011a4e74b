using System.Collections.Concurrent;

namespace Swarm.Api;

/// <summary>
/// Which engine owns an exec ID, as classic recorded exec IDs on their container, so <c>/exec/{id}/…</c> can be
/// routed. In memory on this manager; an exec made through another manager (or forgotten) is found by asking
/// every engine (<see cref="ExecRoutes"/>). Bounded: the oldest entries go first.
/// </summary>
public sealed class ExecRegistry(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, ExecOwner> owners = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <param name="EngineId">The owning engine's ID.</param>
    /// <param name="ContainerId">The virtual ID of the exec's container.</param>
    public sealed record ExecOwner(string EngineId, string ContainerId);

    public void Remember(string execId, ExecOwner owner)
    {
        if (!owners.TryAdd(execId, owner)) return;
        order.Enqueue(execId);
        while (owners.Count > capacity && order.TryDequeue(out string? oldest)) owners.TryRemove(oldest, out _);
    }

    public ExecOwner? Find(string execId) => owners.TryGetValue(execId, out var owner) ? owner : null;
}
