using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>
/// Places a container next to (or away from) other containers, images or container labels.
/// <c>container==x</c> matches container names and IDs (swarm IDs too: in this cluster they are the IDs users
/// see); <c>image==x</c> matches image IDs, <c>repo:tag</c> and <c>repo</c>; any other key a container label,
/// where a container without the label offers the empty string.
/// </summary>
public sealed class AffinityFilter : IPlacementFilter
{
    public string Name => "affinity";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft)
    {
        foreach (var affinity in request.Affinities)
        {
            if (!soft && affinity.IsSoft) continue;
            var matching = new NodeSet(state.SlotCapacity);
            switch (affinity.Key)
            {
                case "container":
                    state.ContainerIds.AddHolders(affinity.Value, matching);
                    state.ContainerNames.AddHolders(affinity.Value, matching);
                    break;
                case "image":
                    state.ImageNames.AddHolders(affinity.Value, matching);
                    break;
                default:
                    state.ContainerLabel(affinity.Key).AddMatchingNodes(affinity.Value, state.Nodes, matching);
                    break;
            }
            if (affinity.Operator == ExpressionOperator.Equal) candidates.IntersectWith(matching);
            else candidates.ExceptWith(matching);
        }
    }

    public IReadOnlyList<string> Describe(SchedulingRequest request) => [.. request.Affinities.Select(ExpressionText.WithSoftness)];
}
