using System.Globalization;

namespace Swarm.Engines;

/// <summary>Docker's event times for <c>since</c>/<c>until</c>: <c>seconds.nanoseconds</c> since the Unix epoch.</summary>
public static class EventTime
{
    public static string Format(long unixNanos) =>
        (unixNanos / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "." + (unixNanos % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset time) => Format((time - DateTimeOffset.UnixEpoch).Ticks * 100);

    /// <summary>Nanoseconds since the epoch; 0 for null or text that is not a Docker time.</summary>
    public static long ParseNanos(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        string[] parts = text.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)) return 0;
        long nanos = 0;
        if (parts.Length == 2 && !long.TryParse(parts[1].PadRight(9, '0')[..9], NumberStyles.None, CultureInfo.InvariantCulture, out nanos)) return 0;
        return seconds * 1_000_000_000 + nanos;
    }
}
