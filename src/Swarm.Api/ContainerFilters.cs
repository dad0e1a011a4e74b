using System.Text.RegularExpressions;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// <c>docker ps --filter</c> over the cluster's containers: Docker's filters (<c>id</c>, <c>name</c>, <c>label</c>,
/// <c>status</c>, <c>exited</c>, <c>health</c>, <c>ancestor</c>, <c>before</c>, <c>since</c>, <c>volume</c>,
/// <c>network</c>, <c>publish</c>, <c>expose</c>, <c>is-task</c>) and classic's <c>node</c>. Values of one filter
/// are alternatives; different filters must all hold. IDs are the virtual ones users see; names match
/// <c>node/name</c> as listed, or the bare name.
/// </summary>
public sealed class ContainerFilters
{
    private static readonly HashSet<string> Known =
        ["id", "name", "label", "status", "exited", "health", "ancestor", "before", "since", "volume", "network", "publish", "expose", "is-task", "node"];

    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> filters;
    private readonly DateTime? before;
    private readonly DateTime? since;

    private ContainerFilters(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, DateTime? before, DateTime? since)
    {
        this.filters = filters;
        this.before = before;
        this.since = since;
    }

    /// <summary>Whether a <c>status</c> filter asks for containers that are not running, which lists them without <c>all</c>, as Docker does.</summary>
    /// <summary>No filter given: every container matches, and <see cref="Matches"/> need not be asked.</summary>
    public bool MatchesEverything => before is null && since is null && filters.Values.All(values => values.Count == 0);

    public bool ImpliesAll => filters.TryGetValue("status", out var statuses) && statuses.Any(s => s != "running");

    /// <summary>
    /// The filters, with <c>before</c>/<c>since</c> resolved against the cluster's containers; null, the status
    /// code and Docker's message for an unknown filter, a bad value, or an unknown container.
    /// </summary>
    public static ContainerFilters? TryParse(string? json, IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> visible, out int status, out string? error)
    {
        status = 400;
        var parsed = DockerFilters.TryParse(json, out error);
        if (parsed is null) return null;
        if (parsed.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
        {
            error = $"invalid filter '{unknown}'";
            return null;
        }
        if (parsed.TryGetValue("status", out var wanted) && wanted.FirstOrDefault(s => !Statuses.Contains(s)) is { } badStatus)
        {
            error = $"invalid filter 'status={badStatus}'";
            return null;
        }
        if (parsed.TryGetValue("exited", out var codes) && codes.FirstOrDefault(c => !int.TryParse(c, out _)) is { } badCode)
        {
            error = $"invalid filter 'exited={badCode}'";
            return null;
        }
        if (parsed.TryGetValue("health", out var healths) && healths.FirstOrDefault(h => h is not ("starting" or "healthy" or "unhealthy" or "none")) is { } badHealth)
        {
            error = $"Unrecognised filter value for health: {badHealth}";
            return null;
        }
        DateTime? before = null, since = null;
        foreach (var (key, limit) in new[] { ("before", (Action<DateTime>)(t => before = t)), ("since", t => since = t) })
        {
            if (!parsed.TryGetValue(key, out var references) || references.Count == 0) continue;
            var found = visible.FirstOrDefault(v => Names(v).Contains(references[0]) || ContainerListing.VirtualId(v.Container).StartsWith(references[0], StringComparison.Ordinal));
            if (found.Container is null)
            {
                status = 404;
                error = $"No such container: {references[0]}";
                return null;
            }
            limit(found.Container.Created);
        }
        return new ContainerFilters(parsed, before, since);
    }

    public bool Matches(EngineSnapshot engine, EngineContainer container)
    {
        var entry = (engine, container);
        return Each("id", id => ContainerListing.VirtualId(container).StartsWith(id, StringComparison.Ordinal))
               && Each("name", name => Names(entry).Any(n => Regex.IsMatch(n, name)))
               && All("label", label => HasLabel(container, label))
               && Each("status", s => StatusName(container.State) == s)
               && Each("exited", code => container.State == ContainerState.Exited && container.ExitCode == int.Parse(code))
               && Each("health", h => (container.HealthStatus is "" ? "none" : container.HealthStatus) == h)
               && Each("ancestor", image => container.Image == image || container.Image.StartsWith(image + ":", StringComparison.Ordinal) || container.ImageId.Replace("sha256:", "").StartsWith(image.Replace("sha256:", ""), StringComparison.Ordinal))
               && Each("volume", volume => container.Mounts.Contains(volume))
               && Each("network", network => container.Networks.ContainsKey(network) || container.Networks.Values.Any(id => id.StartsWith(network, StringComparison.Ordinal)))
               && Each("publish", port => container.PublishedPorts.Any(p => p.HostPort.Length > 0 && PortMatches(p.HostPort, p.ContainerPort, port)))
               && Each("expose", port => container.ExposedPorts.Any(p => PortMatches(p.Split('/')[0], p, port)))
               && Each("is-task", value => container.Labels.ContainsKey("com.docker.swarm.task") == (value == "true"))
               && Each("node", node => engine.Name == node || engine.Id == node)
               && (before is null || container.Created < before)
               && (since is null || container.Created > since);
    }

    // Any of the filter's values matches (no filter: all match).
    private bool Each(string key, Func<string, bool> matches) => !filters.TryGetValue(key, out var values) || values.Count == 0 || values.Any(matches);

    // Every value matches (labels are ANDed).
    private bool All(string key, Func<string, bool> matches) => !filters.TryGetValue(key, out var values) || values.All(matches);

    private static IEnumerable<string> Names((EngineSnapshot Engine, EngineContainer Container) entry) =>
        [$"{entry.Engine.Name}/{entry.Container.Name}", entry.Container.Name];

    private static bool HasLabel(EngineContainer container, string label)
    {
        int equals = label.IndexOf('=');
        return equals < 0
            ? container.Labels.ContainsKey(label)
            : container.Labels.TryGetValue(label[..equals], out string? value) && value == label[(equals + 1)..];
    }

    // 8080, 8080/tcp or a range 8000-8090 against a port and its protocol.
    private static bool PortMatches(string port, string portWithProtocol, string wanted)
    {
        string protocol = portWithProtocol.Contains('/') ? portWithProtocol.Split('/')[1] : "tcp";
        string[] wantedParts = wanted.Split('/');
        if (wantedParts.Length == 2 && wantedParts[1] != protocol) return false;
        if (!int.TryParse(port, out int number)) return false;
        string[] range = wantedParts[0].Split('-');
        return range.Length == 2 && int.TryParse(range[0], out int low) && int.TryParse(range[1], out int high)
            ? number >= low && number <= high
            : int.TryParse(range[0], out int single) && single == number;
    }

    private static string StatusName(ContainerState state) => state switch
    {
        ContainerState.Pending or ContainerState.Created => "created",
        _ => state.ToString().ToLowerInvariant(),
    };
}
