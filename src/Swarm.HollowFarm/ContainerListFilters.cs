using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// dockerd's <c>filters</c> for <c>GET /containers/json</c>: <c>id</c> (prefix), <c>name</c> (regular expression
/// on <c>/name</c>), <c>label</c> (<c>k</c> or <c>k=v</c>), <c>status</c>, <c>exited</c>, <c>ancestor</c>,
/// <c>network</c>, <c>volume</c>, <c>before</c> and <c>since</c>; <c>expose</c>, <c>publish</c>, <c>health</c>,
/// <c>isolation</c> and <c>is-task</c> are accepted and ignored; any other is refused as dockerd refuses it.
/// Both encodings are read: <c>{"name":["web"]}</c> and the older <c>{"name":{"web":true}}</c>.
/// </summary>
public sealed class ContainerListFilters
{
    private static readonly HashSet<string> Ignored = ["expose", "publish", "health", "isolation", "is-task"];
    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    private readonly Dictionary<string, List<string>> terms;

    private ContainerListFilters(Dictionary<string, List<string>> terms) => this.terms = terms;

    public bool NamesStatus => terms.ContainsKey("status");

    /// <summary>The filters of a query, or dockerd's error message for a filter it does not know or a bad value.</summary>
    public static ContainerListFilters? TryParse(string? json, out string? error)
    {
        error = null;
        var terms = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return new ContainerListFilters(terms);
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var filter in document.RootElement.EnumerateObject())
            {
                terms[filter.Name] = filter.Value.ValueKind == JsonValueKind.Array
                    ? [.. filter.Value.EnumerateArray().Select(v => v.GetString() ?? "")]
                    : [.. filter.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name)];
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = "invalid filter: " + e.Message;
            return null;
        }
        foreach (var (name, values) in terms)
        {
            if (name is not ("id" or "name" or "label" or "status" or "exited" or "ancestor" or "network" or "volume" or "before" or "since") && !Ignored.Contains(name))
            {
                error = $"Invalid filter '{name}'";
                return null;
            }
            string? bad = name switch
            {
                "status" => values.FirstOrDefault(v => !Statuses.Contains(v)),
                "exited" => values.FirstOrDefault(v => !int.TryParse(v, out _)),
                "name" => values.FirstOrDefault(v => !IsRegex(v)),
                _ => null,
            };
            if (bad is not null)
            {
                error = name == "status" ? $"Invalid filter 'status={bad}'" : $"invalid filter '{name}={bad}'";
                return null;
            }
        }
        return new ContainerListFilters(terms);
    }

    /// <summary>The matching entries of <paramref name="containers"/>, newest first as given; <c>before</c>/<c>since</c> name other entries of it.</summary>
    public IEnumerable<ContainerListResponse> Apply(IList<ContainerListResponse> containers)
    {
        DateTime? before = Boundary("before", containers), since = Boundary("since", containers);
        return containers.Where(c =>
            Any("id", v => c.ID.StartsWith(v, StringComparison.Ordinal))
            && Any("name", v => c.Names.Any(n => Regex.IsMatch(n, v)))
            && All("label", v => v.Split('=', 2) is var pair && c.Labels.TryGetValue(pair[0], out string? value) && (pair.Length == 1 || value == pair[1]))
            && Any("status", v => c.State == v)
            && Any("exited", v => c.State == "exited" && c.Status.StartsWith($"Exited ({v})", StringComparison.Ordinal))
            && Any("ancestor", v => c.Image == v || c.Image == v + ":latest" || c.ImageID == v || c.ImageID.Replace("sha256:", "").StartsWith(v, StringComparison.Ordinal))
            && Any("network", v => c.NetworkSettings?.Networks?.Any(n => n.Key == v || n.Value.NetworkID.StartsWith(v, StringComparison.Ordinal)) == true)
            && Any("volume", v => c.Mounts.Any(m => m.Name == v || m.Destination == v))
            && (before is null || c.Created < before)
            && (since is null || c.Created > since));
    }

    private bool Any(string name, Func<string, bool> match) => !terms.TryGetValue(name, out var values) || values.Any(match);

    private bool All(string name, Func<string, bool> match) => !terms.TryGetValue(name, out var values) || values.All(match);

    private DateTime? Boundary(string name, IList<ContainerListResponse> containers)
    {
        if (!terms.TryGetValue(name, out var values) || values.Count == 0) return null;
        string reference = values[0];
        var container = containers.FirstOrDefault(c => c.ID == reference || c.Names.Contains("/" + reference.TrimStart('/')))
                        ?? containers.FirstOrDefault(c => c.ID.StartsWith(reference, StringComparison.Ordinal));
        return container?.Created ?? throw new Docker.DotNet.DockerApiException(System.Net.HttpStatusCode.NotFound,
            DockerJson.Serialize(new { message = $"No such container: {reference}" }));
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
