using System.Globalization;
using System.Text.RegularExpressions;

namespace Swarm.Engines;

/// <summary>Durations written as Go's <c>time.ParseDuration</c> reads them (<c>30s</c>, <c>1m30s</c>, <c>500ms</c>, <c>-30s</c>), as classic's flags took them.</summary>
public static partial class GoDuration
{
    public static TimeSpan? TryParse(string text)
    {
        int sign = 1;
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            sign = text[0] == '-' ? -1 : 1;
            text = text[1..];
        }
        if (text == "0") return TimeSpan.Zero;
        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text) return null;
        double ticks = 0;
        foreach (Match part in parts)
        {
            double amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += amount * part.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }
        return TimeSpan.FromTicks(sign * (long)ticks);
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
