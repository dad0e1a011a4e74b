using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// The <c>filters</c> of <c>GET /events</c> applied to the events the manager makes itself (engine_connect …), as
/// dockerd's <c>events.Filter.Include</c> applies them: <c>type</c> and <c>event</c> exactly, <c>scope</c> only
/// when asked, <c>label</c> against the actor's attributes, and the object filters (<c>container</c>, <c>node</c>,
/// <c>daemon</c> …) by prefix of the actor's ID or <c>name</c> attribute (<c>image</c> exactly). The engines' own
/// events are filtered by the engines.
/// </summary>
public sealed class ClusterEventFilter
{
    private static readonly string[] ByName = ["container", "daemon", "plugin", "volume", "network", "node", "service", "secret", "config"];

    private readonly Dictionary<string, HashSet<string>> filters;

    private ClusterEventFilter(Dictionary<string, HashSet<string>> filters)
    {
        this.filters = filters;
    }

    public static ClusterEventFilter None { get; } = new([]);

    /// <summary>The filter from <c>filters</c> (<c>{"type":{"swarm":true}}</c> or <c>{"type":["swarm"]}</c>; empty: none), or null when it is not JSON.</summary>
    public static ClusterEventFilter? TryParse(string json, out string? error)
    {
        var read = DockerFilters.TryParse(json, out error);
        if (read is null) return null;
        if (read.Count == 0) return None;
        var filters = read.ToDictionary(f => f.Key, f => f.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return new ClusterEventFilter(filters);
    }

    /// <summary>Whether the event (as it is sent, with its <c>Type</c>, <c>Action</c>, <c>scope</c> and <c>Actor</c>) passes.</summary>
    public bool Includes(JsonObject message)
    {
        string type = Text(message["Type"]);
        string action = Text(message["Action"]);
        var actor = message["Actor"] as JsonObject;
        string id = Text(actor?["ID"]);
        var attributes = (actor?["Attributes"] as JsonObject ?? []).ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal);
        string name = attributes.GetValueOrDefault("name") ?? "";

        if (!Exact("type", type) || !Exact("event", action)) return false;
        if (filters.ContainsKey("scope") && !Exact("scope", Text(message["scope"]))) return false;
        foreach (string key in ByName)
        {
            if (!Fuzzy(key, id) && !Fuzzy(key, name)) return false;
        }
        if (!Exact("image", id) && !Exact("image", attributes.GetValueOrDefault("image") ?? "")) return false;
        return MatchKeyValues("label", attributes);
    }

    // Docker's filters.Args.ExactMatch: no values for the key lets everything through.
    private bool Exact(string key, string source) =>
        !filters.TryGetValue(key, out var values) || values.Count == 0 || values.Contains(source);

    // Docker's FuzzyMatch: exact, or a value the source starts with.
    private bool Fuzzy(string key, string source) =>
        Exact(key, source) || filters[key].Any(prefix => source.StartsWith(prefix, StringComparison.Ordinal));

    // Docker's MatchKVList: every key or key=value among the attributes.
    private bool MatchKeyValues(string key, Dictionary<string, string> attributes)
    {
        if (!filters.TryGetValue(key, out var wanted) || wanted.Count == 0) return true;
        if (attributes.Count == 0) return false;
        foreach (string filter in wanted)
        {
            string[] pair = filter.Split('=', 2);
            if (!attributes.TryGetValue(pair[0], out string? value)) return false;
            if (pair.Length == 2 && pair[1] != value) return false;
        }
        return true;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : "";
}
