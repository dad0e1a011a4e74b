namespace Swarm;

/// <summary>
/// The other managers' Akka endpoints (<c>host:port</c>) a manager joins: the <c>--seed</c> flags, else
/// <c>SWARM_SEEDS</c> (comma-separated, as systemd environment files and Kubernetes env entries give one string).
/// Empty when neither says anything: then the HOCON's <c>akka.cluster.seed-nodes</c>, or a cluster of its own.
/// </summary>
public static class SeedList
{
    public const string EnvironmentVariable = "SWARM_SEEDS";

    public static IReadOnlyList<string>? TryParse(IReadOnlyList<string> flags, string? environment, out string? error)
    {
        error = null;
        var entries = flags.Count > 0
            ? flags
            : (environment ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string entry in entries)
        {
            // A full Akka address or a URL here would fail later inside the actor system, with a less helpful message.
            int colon = entry.LastIndexOf(':');
            bool valid = colon > 0 && !entry.Contains("://", StringComparison.Ordinal)
                && int.TryParse(entry[(colon + 1)..], out int port) && port is > 0 and <= 65535;
            if (!valid)
            {
                error = $"invalid seed {entry}: expected host:port of another manager's cluster endpoint (its --cluster-host and --cluster-port)";
                return null;
            }
        }
        return entries;
    }
}
