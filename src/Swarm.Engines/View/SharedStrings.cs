using System.Collections.Concurrent;

namespace Swarm.Engines.View;

/// <summary>
/// One instance of the texts thousands of containers repeat (image names and IDs, commands, label names, network
/// IDs): a manager's view of 30,000 containers otherwise holds 30,000 copies of each. Bounded, so texts that are
/// unique after all (IDs, one-off label values) cannot grow it for ever: once full, texts are kept as they come.
/// </summary>
public static class SharedStrings
{
    private const int MaxKept = 50_000;
    private static readonly ConcurrentDictionary<string, string> Kept = new(StringComparer.Ordinal);

    // Counted here: the dictionary's own Count takes all its locks, on every miss once it is full.
    private static int kept;

    public static string Of(string text)
    {
        if (text.Length == 0) return "";
        if (Kept.TryGetValue(text, out string? shared)) return shared;
        if (Volatile.Read(ref kept) >= MaxKept) return text;
        if (Kept.TryAdd(text, text)) Interlocked.Increment(ref kept);
        return Kept.TryGetValue(text, out shared) ? shared : text;
    }
}
