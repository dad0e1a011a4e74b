using System.Collections.Concurrent;

namespace Swarm.Engines.View;

/// <summary>
/// One instance of each container and swarm ID, however many times it is read: the engine's view, the scheduler's
/// record and their indexes each read an ID from their own JSON (five copies of 150 bytes per ID at 30,000
/// containers). Kept in two generations of <see cref="GenerationSize"/>: an ID asked for again moves to the newer, and
/// the older is dropped when the newer fills, so IDs no longer read go by themselves; the scheduler also lets go of a
/// removed container's IDs (<see cref="Forget"/>). An ID let go is still right, only held once more.
/// </summary>
public static class SharedIds
{
    public const int GenerationSize = 65_536;

    private static readonly Lock Turning = new();
    private static Generation newer = new(), older = new();

    public static string Of(string id)
    {
        if (id.Length == 0) return "";
        var now = Volatile.Read(ref newer);
        if (now.Ids.TryGetValue(id, out string? shared)) return shared;
        if (Volatile.Read(ref older).Ids.TryGetValue(id, out shared)) id = shared;
        if (!now.Ids.TryAdd(id, id)) return now.Ids.TryGetValue(id, out shared) ? shared : id;
        if (Interlocked.Increment(ref now.Count) >= GenerationSize) TurnOver(now);
        return id;
    }

    /// <summary>Lets a removed container's ID go.</summary>
    public static void Forget(string id)
    {
        if (id.Length == 0) return;
        Volatile.Read(ref newer).Ids.TryRemove(id, out _);
        Volatile.Read(ref older).Ids.TryRemove(id, out _);
    }

    private static void TurnOver(Generation full)
    {
        lock (Turning)
        {
            if (newer != full) return;
            older = full;
            Volatile.Write(ref newer, new Generation());
        }
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<string, string> Ids = new(StringComparer.Ordinal);

        // Added so far (not less for the forgotten): the dictionary's own Count takes all its locks.
        public int Count;
    }
}
