using System.Globalization;

namespace Swarm.Engines;

/// <summary>
/// dockerd writes times as RFC 3339 with nanoseconds; .NET reads at most 7 fractional digits, so the rest is rounded
/// to the nearest tick, as Newtonsoft reads them into Docker.DotNet's models.
/// </summary>
public static class EngineTime
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var (withinTicks, roundUp) = WithinTicks(text);
        if (!DateTimeOffset.TryParse(withinTicks, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return null;
        return roundUp ? time.AddTicks(1) : time;
    }

    /// <summary>As UTC; the zero time when absent or unreadable, as a missing time reads in Docker.DotNet's models.</summary>
    public static DateTime ParseUtc(string? text) => Parse(text)?.UtcDateTime ?? default;

    private static (string Text, bool RoundUp) WithinTicks(string text)
    {
        int dot = text.IndexOf('.');
        if (dot < 0) return (text, false);
        int end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end - dot - 1 <= 7) return (text, false);
        return (string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end)), text[dot + 8] >= '5');
    }
}
