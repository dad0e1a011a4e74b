using System.Globalization;
using System.Runtime.CompilerServices;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>The human status column of <c>docker ps</c> (<c>Up 5 minutes</c>, <c>Exited (0) 2 hours ago</c>…), as Docker words it.</summary>
public static class StatusText
{
    public static string Of(EngineContainer container) => Of(container, DateTime.UtcNow);

    public static string Of(EngineContainer container, DateTime now) => container.State switch
    {
        ContainerState.Running => "Up " + Duration(now - Parse(container.StartedAt, now)) + Health(container),
        ContainerState.Paused => "Up " + Duration(now - Parse(container.StartedAt, now)) + " (Paused)",
        ContainerState.Restarting => $"Restarting ({container.ExitCode}) {Duration(now - Parse(container.FinishedAt, now))} ago",
        ContainerState.Exited => $"Exited ({container.ExitCode}) {Duration(now - Parse(container.FinishedAt, now))} ago",
        ContainerState.Dead => "Dead",
        ContainerState.Removing => "Removal In Progress",
        _ => "Created",
    };

    /// <summary>The status text now and the moment it may read otherwise (the next second, minute or hour of its duration).</summary>
    public static (string Text, DateTime Until) WithExpiry(EngineContainer container, DateTime now)
    {
        string text = Of(container, now);
        var since = container.State switch
        {
            ContainerState.Running or ContainerState.Paused => Parse(container.StartedAt, now),
            ContainerState.Restarting or ContainerState.Exited => Parse(container.FinishedAt, now),
            _ => (DateTime?)null,
        };
        return (text, since is { } from ? from + NextChange(now - from) : DateTime.MaxValue);
    }

    /// <summary>The elapsed time at which <see cref="Duration"/> may give another text (never later than it does).</summary>
    public static TimeSpan NextChange(TimeSpan elapsed)
    {
        double seconds = Math.Max(0, elapsed.TotalSeconds);
        if (seconds < 60) return TimeSpan.FromSeconds(Math.Floor(seconds) + 1);
        if (seconds < 120) return TimeSpan.FromSeconds(120);
        double minutes = seconds / 60;
        if (minutes < 60) return TimeSpan.FromMinutes(Math.Floor(minutes) + 1);
        double hours = minutes / 60;
        // "About an hour" ends at 1.5 hours, where rounding makes it 2.
        if (hours < 1.5) return TimeSpan.FromHours(1.5);
        return TimeSpan.FromHours(Math.Floor(hours) + 1);
    }

    private static string Health(EngineContainer container) => container.HealthStatus switch
    {
        "" or "none" => "",
        "starting" => " (health: starting)",
        var status => $" ({status})",
    };

    // A container's record is immutable: its times are parsed once, not on every docker ps (30,000 parses a listing).
    private static readonly ConditionalWeakTable<string, StrongBox<DateTime?>> Parsed = new();

    private static DateTime Parse(string time, DateTime fallback)
    {
        if (time.Length == 0) return fallback;
        var parsed = Parsed.GetValue(time, text => new StrongBox<DateTime?>(
            DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value) && value.Year > 1 ? value : null));
        return parsed.Value ?? fallback;
    }

    /// <summary>Docker's <c>units.HumanDuration</c>.</summary>
    public static string Duration(TimeSpan elapsed)
    {
        double seconds = Math.Max(0, elapsed.TotalSeconds);
        if (seconds < 1) return "Less than a second";
        if (seconds < 2) return "1 second";
        if (seconds < 60) return $"{(int)seconds} seconds";
        double minutes = seconds / 60;
        if (minutes < 2) return "About a minute";
        if (minutes < 60) return $"{(int)minutes} minutes";
        double hours = minutes / 60;
        if ((int)Math.Round(hours) == 1) return "About an hour";
        if (hours < 48) return $"{(int)hours} hours";
        if (hours < 24 * 7 * 2) return $"{(int)(hours / 24)} days";
        if (hours < 24 * 30 * 2) return $"{(int)(hours / 24 / 7)} weeks";
        if (hours < 24 * 365 * 2) return $"{(int)(hours / 24 / 30)} months";
        return $"{(int)(hours / 24 / 365)} years";
    }
}
