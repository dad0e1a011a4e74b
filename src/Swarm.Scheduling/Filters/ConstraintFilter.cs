using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>Matches node labels (standard and engine labels); the key <c>node</c> matches the node's ID or name.</summary>
public sealed class ConstraintFilter : IPlacementFilter
{
    public string Name => "constraint";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft)
    {
        foreach (var constraint in request.Constraints)
        {
            if (!soft && constraint.IsSoft) continue;
            candidates.IntersectWith(state.NodesAccepting(constraint));
        }
    }

    public IReadOnlyList<string> Describe(SchedulingRequest request) => [.. request.Constraints.Select(c => c.ToString())];
}
