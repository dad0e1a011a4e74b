using System.Globalization;
using System.Runtime.CompilerServices;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>The human status column of <c>docker ps</c> (<c>Up 5 minutes</c>, <c>Exited (0) 2 hours ago</c>…), as Docker words it.</summary>
public static class StatusText
{
    public static string Of(EngineContainer container) => Of(container, DateTime.UtcNow);

    public static string Of(EngineContainer container, DateTime now) => Of(KeyOf(container, now));

    /// <summary>The text a key stands for: the text is made from the key alone, so equal keys read alike.</summary>
    public static string Of(Key key) => key.State switch
    {
        ContainerState.Running => "Up " + Duration(key.Unit, key.Count) + Health(key.HealthStatus),
        ContainerState.Paused => "Up " + Duration(key.Unit, key.Count) + " (Paused)",
        ContainerState.Restarting => $"Restarting ({key.ExitCode}) {Duration(key.Unit, key.Count)} ago",
        ContainerState.Exited => $"Exited ({key.ExitCode}) {Duration(key.Unit, key.Count)} ago",
        ContainerState.Dead => "Dead",
        ContainerState.Removing => "Removal In Progress",
        _ => "Created",
    };

    /// <summary>All of a container that its status text reads at a moment.</summary>
    public readonly record struct Key(ContainerState State, long ExitCode, string HealthStatus, DurationUnit Unit, int Count);

    /// <summary>The steps of <see cref="Duration"/>: each gives one text for each count.</summary>
    public enum DurationUnit { None, LessThanASecond, Second, Seconds, AboutAMinute, Minutes, AboutAnHour, Hours, Days, Weeks, Months, Years }

    public static Key KeyOf(EngineContainer container, DateTime now) => KeyOf(container, Since(container), now);

    /// <summary>When the duration a container's status shows began (its start, or its end once ended); null if none
    /// or unreadable (the text then reads as from now). A record's is the same for good: callers may keep it.</summary>
    public static DateTime? Since(EngineContainer container) => container.State switch
    {
        ContainerState.Running or ContainerState.Paused => ParseOrNull(container.StartedAt),
        ContainerState.Restarting or ContainerState.Exited => ParseOrNull(container.FinishedAt),
        _ => null,
    };

    /// <param name="since">What <see cref="Since"/> gives for this container.</param>
    public static Key KeyOf(EngineContainer container, DateTime? since, DateTime now)
    {
        var (unit, count) = container.State switch
        {
            ContainerState.Running or ContainerState.Paused or ContainerState.Restarting or ContainerState.Exited => DurationKey(now - (since ?? now)),
            _ => (DurationUnit.None, 0),
        };
        // Only a running container's text shows its health, only an ended one's its exit code.
        return container.State switch
        {
            ContainerState.Running => new Key(container.State, 0, container.HealthStatus, unit, count),
            ContainerState.Restarting or ContainerState.Exited => new Key(container.State, container.ExitCode, "", unit, count),
            _ => new Key(container.State, 0, "", unit, count),
        };
    }

    private static string Health(string status) => status switch
    {
        "" or "none" => "",
        "starting" => " (health: starting)",
        _ => $" ({status})",
    };

    // A container's record is immutable: its times are parsed once, not on every docker ps (30,000 parses a listing).
    private static readonly ConditionalWeakTable<string, StrongBox<DateTime?>> Parsed = new();

    private static DateTime? ParseOrNull(string time) => time.Length == 0 ? null : Parsed.GetValue(time, ParseText).Value;

    private static readonly ConditionalWeakTable<string, StrongBox<DateTime?>>.CreateValueCallback ParseText = text => new StrongBox<DateTime?>(
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value) && value.Year > 1 ? value : null);

    /// <summary>Docker's <c>units.HumanDuration</c>.</summary>
    public static string Duration(TimeSpan elapsed)
    {
        var (unit, count) = DurationKey(elapsed);
        return Duration(unit, count);
    }

    private static string Duration(DurationUnit unit, int count) => unit switch
    {
        DurationUnit.LessThanASecond => "Less than a second",
        DurationUnit.Second => "1 second",
        DurationUnit.Seconds => $"{count} seconds",
        DurationUnit.AboutAMinute => "About a minute",
        DurationUnit.Minutes => $"{count} minutes",
        DurationUnit.AboutAnHour => "About an hour",
        DurationUnit.Hours => $"{count} hours",
        DurationUnit.Days => $"{count} days",
        DurationUnit.Weeks => $"{count} weeks",
        DurationUnit.Months => $"{count} months",
        _ => $"{count} years",
    };

    private static (DurationUnit Unit, int Count) DurationKey(TimeSpan elapsed)
    {
        double seconds = Math.Max(0, elapsed.TotalSeconds);
        if (seconds < 1) return (DurationUnit.LessThanASecond, 0);
        if (seconds < 2) return (DurationUnit.Second, 1);
        if (seconds < 60) return (DurationUnit.Seconds, (int)seconds);
        double minutes = seconds / 60;
        if (minutes < 2) return (DurationUnit.AboutAMinute, 1);
        if (minutes < 60) return (DurationUnit.Minutes, (int)minutes);
        double hours = minutes / 60;
        if ((int)Math.Round(hours) == 1) return (DurationUnit.AboutAnHour, 1);
        if (hours < 48) return (DurationUnit.Hours, (int)hours);
        if (hours < 24 * 7 * 2) return (DurationUnit.Days, (int)(hours / 24));
        if (hours < 24 * 30 * 2) return (DurationUnit.Weeks, (int)(hours / 24 / 7));
        if (hours < 24 * 365 * 2) return (DurationUnit.Months, (int)(hours / 24 / 30));
        return (DurationUnit.Years, (int)(hours / 24 / 365));
    }
}
