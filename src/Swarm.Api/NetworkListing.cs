using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Swarm.Api;

/// <summary>
/// <c>GET /networks</c> across the cluster, as classic: every engine's networks, local ones renamed
/// <c>node/name</c>, the others (global or swarm scope, the same network seen from several engines) once by ID.
/// Filters the engines know go to them; <c>node</c> (Swarm's own) and <c>name</c> (which must also match the
/// <c>node/name</c> form) are applied here.
/// </summary>
public static class NetworkListing
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <param name="ForEngines">The <c>filters</c> parameter for the engines (empty: none).</param>
    /// <param name="Nodes">Engine names a network must be on (empty: any).</param>
    /// <param name="Names">Patterns one of which a network's name must match (empty: any).</param>
    public sealed record Filters(string ForEngines, IReadOnlyList<string> Nodes, IReadOnlyList<string> Names)
    {
        public static readonly Filters None = new("", [], []);
    }

    /// <summary>
    /// Reads Docker's <c>filters</c> (<c>{"key":{"value":true}}</c>, or the older <c>{"key":["value"]}</c>).
    /// False with Docker's message when it is not such JSON or when <c>type</c> is neither custom nor builtin.
    /// </summary>
    public static bool TryParseFilters(string filters, out Filters parsed, out string error)
    {
        (parsed, error) = (Filters.None, "");
        if (string.IsNullOrWhiteSpace(filters)) return true;
        var read = DockerFilters.TryParse(filters, out string? invalid);
        if (read is null)
        {
            error = invalid!;
            return false;
        }
        var values = read.ToDictionary(v => v.Key, v => v.Value.ToList(), StringComparer.Ordinal);
        if (values.TryGetValue("type", out var types) && types.FirstOrDefault(t => t is not ("custom" or "builtin")) is { } wrong)
        {
            error = $"invalid filter: 'type'='{wrong}'";
            return false;
        }

        var forEngines = new JsonObject();
        foreach (var (key, list) in values.Where(p => p.Key is not ("node" or "name")))
        {
            var set = new JsonObject();
            foreach (string value in list) set[value] = true;
            forEngines[key] = set;
        }
        parsed = new Filters(
            forEngines.Count == 0 ? "" : forEngines.ToJsonString(),
            values.GetValueOrDefault("node") ?? [],
            values.GetValueOrDefault("name") ?? []);
        return true;
    }

    /// <summary>The cluster's list: local networks node-scoped, the others once by ID with their endpoints merged.</summary>
    /// <param name="entries">Every engine's networks, in node order.</param>
    public static JsonArray List(IEnumerable<NetworkEntry> entries, Filters filters, Func<NetworkEntry, string, string?>? virtualIdOf = null)
    {
        var shown = new List<(JsonObject Network, List<string> Nodes)>();
        var sharedById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var copy = entry.Shown(virtualIdOf is null ? null : physicalId => virtualIdOf(entry, physicalId));
            if (!entry.IsLocal && sharedById.TryGetValue(entry.Id, out int index))
            {
                var (network, nodes) = shown[index];
                nodes.Add(entry.Node);
                if (copy["Containers"] is JsonObject more)
                {
                    var containers = network["Containers"] as JsonObject ?? [];
                    foreach (var (id, endpoint) in more) containers[id] ??= endpoint?.DeepClone();
                    network["Containers"] = containers;
                }
                continue;
            }
            if (!entry.IsLocal) sharedById[entry.Id] = shown.Count;
            shown.Add((copy, [entry.Node]));
        }
        var listed = new JsonArray();
        foreach (var (network, nodes) in shown)
        {
            if (filters.Nodes.Count > 0 && !nodes.Any(filters.Nodes.Contains)) continue;
            if (filters.Names.Count > 0 && !filters.Names.Any(pattern => NameMatches(pattern, network))) continue;
            listed.Add(network);
        }
        return listed;
    }

    // Docker's filters.Match: the exact value, or a regular expression found anywhere in the name; here the name
    // is both the node-scoped one users see and the bare one the engine knows.
    private static bool NameMatches(string pattern, JsonObject network)
    {
        string shownName = NetworkEntry.Text(network["Name"]);
        string bare = shownName[(shownName.IndexOf('/') + 1)..];
        if (pattern == shownName || pattern == bare) return true;
        try
        {
            return Regex.IsMatch(shownName, pattern, RegexOptions.None, PatternTimeout) || Regex.IsMatch(bare, pattern, RegexOptions.None, PatternTimeout);
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
