using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>
/// Keeps nodes whose name is one of the <c>|</c>-separated values. As in classic Swarm the key and the
/// operator are not read: every whitelist lists node names.
/// </summary>
public sealed class WhitelistFilter : IPlacementFilter
{
    public string Name => "whitelist";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft)
    {
        foreach (var whitelist in request.Whitelists)
        {
            if (!soft && whitelist.IsSoft) continue;
            var allowed = new NodeSet(state.SlotCapacity);
            foreach (string name in whitelist.Value.Text.Split('|')) allowed.UnionWith(state.NodesNamed(name));
            candidates.IntersectWith(allowed);
        }
    }

    public IReadOnlyList<string> Describe(SchedulingRequest request) => [.. request.Whitelists.Select(ExpressionText.WithSoftness)];
}
