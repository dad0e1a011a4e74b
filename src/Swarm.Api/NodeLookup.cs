namespace Swarm.Api;

/// <summary>
/// What a user typed for a node, as dockerd resolves it: the full node ID, then the exact hostname, then a prefix
/// of the node ID (the engine ID <c>dockerdID|address</c> is accepted too). None: 404 <c>node x not found</c>;
/// more than one: 400 <c>node x is ambiguous (n matches found)</c>.
/// </summary>
public static class NodeLookup
{
    public sealed record Result(NodeEntry? Node, int StatusCode, string Message)
    {
        public bool IsFound => Node is not null;
    }

    public static Result Find(IReadOnlyList<NodeEntry> nodes, string input)
    {
        var exact = nodes.FirstOrDefault(n => n.Id == input || (n.Engine.Id.Length > 0 && n.Engine.Id == input));
        if (exact is not null) return new Result(exact, 200, "");

        var matches = nodes.Where(n => n.Hostname.Length > 0 && n.Hostname == input).ToList();
        if (matches.Count == 0) matches = [.. nodes.Where(n => input.Length > 0 && n.Id.StartsWith(input, StringComparison.Ordinal))];
        return matches.Count switch
        {
            0 => new Result(null, 404, $"node {input} not found"),
            1 => new Result(matches[0], 200, ""),
            _ => new Result(null, 400, $"node {input} is ambiguous ({matches.Count} matches found)"),
        };
    }
}
