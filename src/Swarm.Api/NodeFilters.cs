using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// The filters of <c>GET /nodes</c> as dockerd reads them: <c>id</c> and <c>name</c> (prefixes of the node ID and
/// the hostname), <c>role</c> (<c>worker</c>, <c>manager</c>), <c>membership</c> (<c>accepted</c>, <c>pending</c>),
/// <c>label</c> (the engine's labels, <c>key</c> or <c>key=value</c>, all must match) and <c>node.label</c> (the
/// node's own labels, which nodes here never have). Values of one filter are alternatives.
/// </summary>
public sealed record NodeFilters(
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Memberships,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> NodeLabels)
{
    public static NodeFilters None { get; } = new([], [], [], [], [], []);

    private static readonly string[] Accepted = ["id", "name", "role", "membership", "label", "node.label"];

    /// <summary>Reads the <c>filters</c> query parameter (<c>{"name":{"x":true}}</c> or the older <c>{"name":["x"]}</c>).</summary>
    public static bool TryParse(string? filters, out NodeFilters parsed, out string error)
    {
        (parsed, error) = (None, "");
        if (string.IsNullOrWhiteSpace(filters)) return true;
        var read = DockerFilters.TryParse(filters, out string? invalid);
        if (read is null)
        {
            error = invalid!;
            return false;
        }
        if (read.Keys.FirstOrDefault(key => !Accepted.Contains(key)) is { } unknown)
        {
            error = $"invalid filter '{unknown}'";
            return false;
        }
        var values = read.ToDictionary(v => v.Key, v => v.Value.ToList(), StringComparer.Ordinal);

        var roles = Lowered(values, "role");
        if (roles.FirstOrDefault(r => r is not ("worker" or "manager")) is { } role)
        {
            error = $"Invalid role filter: '{role}'";
            return false;
        }
        var memberships = Lowered(values, "membership");
        if (memberships.FirstOrDefault(m => m is not ("accepted" or "pending")) is { } membership)
        {
            error = $"Invalid membership filter: '{membership}'";
            return false;
        }
        parsed = new NodeFilters(Get(values, "id"), Get(values, "name"), roles, memberships, Get(values, "label"), Get(values, "node.label"));
        return true;
    }

    public bool Matches(NodeEntry node) =>
        (Ids.Count == 0 || Ids.Any(id => node.Id.StartsWith(id, StringComparison.Ordinal)))
        && (Names.Count == 0 || Names.Any(name => node.Hostname.StartsWith(name, StringComparison.Ordinal)))
        // Every node here is an accepted worker without labels of its own.
        && (Roles.Count == 0 || Roles.Contains("worker"))
        && (Memberships.Count == 0 || Memberships.Contains("accepted"))
        && LabelsMatch(EngineLabels(node), Labels)
        && LabelsMatch(new Dictionary<string, string>(), NodeLabels);

    private static Dictionary<string, string> EngineLabels(NodeEntry node) =>
        NodeObject.EngineLabels(node.Engine).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);

    // swarmkit's filterMatchLabels: each key must be there, with the value when one is given.
    private static bool LabelsMatch(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> wanted) =>
        wanted.All(w =>
        {
            string[] pair = w.Split('=', 2);
            return labels.TryGetValue(pair[0], out string? value) && (pair.Length == 1 || pair[1].Length == 0 || pair[1] == value);
        });

    private static List<string> Get(Dictionary<string, List<string>> values, string key) =>
        values.TryGetValue(key, out var list) ? list : [];

    // dockerd skips empty role and membership values and reads the others in any case.
    private static List<string> Lowered(Dictionary<string, List<string>> values, string key) =>
        [.. Get(values, key).Where(v => v.Length > 0).Select(v => v.ToLowerInvariant())];
}
