using System.Globalization;
using System.Text.RegularExpressions;

namespace Swarm.Api;

/// <summary>Times in Docker's API parameters (<c>since</c>, <c>until</c>), read and written as dockerd does.</summary>
public static partial class DockerTimestamp
{
    /// <summary>
    /// Docker's <c>timetypes.GetTimestamp</c>: a Go duration counted back from <paramref name="now"/> (<c>24h</c>,
    /// <c>90m</c>), an RFC 3339 date or time (local time without a zone), or Unix seconds with optional fraction.
    /// </summary>
    public static bool TryParse(string value, DateTimeOffset now, out DateTimeOffset timestamp)
    {
        timestamp = default;
        value = value.Trim();
        if (value.Length == 0) return false;
        if (value != "0" && Swarm.Engines.GoDuration.TryParse(value) is { } duration)
        {
            timestamp = now - duration;
            return true;
        }
        if (value.Contains('-', StringComparison.Ordinal))
        {
            // 2006-01-02, 2006-01-02T15:04, 2006-01-02T15:04:05.999Z, 2006-01-02T15:04:05+02:00 …
            string candidate = HourOnly().IsMatch(value) ? value + ":00" : value;
            return DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out timestamp);
        }
        var unix = UnixSeconds().Match(value);
        if (!unix.Success || !long.TryParse(unix.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)) return false;
        string fraction = unix.Groups[2].Value.PadRight(9, '0')[..9];
        timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture) / 100);
        return true;
    }

    /// <summary>Docker's <c>seconds.nanoseconds</c> form of a time given in Unix nanoseconds, as <c>since</c> takes it.</summary>
    public static string Format(long unixNanoseconds) =>
        $"{Math.DivRem(unixNanoseconds, 1_000_000_000L, out long nanoseconds)}.{nanoseconds:D9}";

    /// <summary>A time in Unix nanoseconds, as events carry it in <c>timeNano</c>.</summary>
    public static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;


    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}$")]
    private static partial Regex HourOnly();

    [GeneratedRegex(@"^(\d+)(?:\.(\d{1,9}))?$")]
    private static partial Regex UnixSeconds();
}
