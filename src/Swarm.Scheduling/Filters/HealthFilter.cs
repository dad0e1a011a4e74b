using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>Keeps nodes whose health indicator is above zero.</summary>
public sealed class HealthFilter : IPlacementFilter
{
    public string Name => "health";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft) =>
        candidates.IntersectWith(state.HealthyNodes);

    public IReadOnlyList<string> Describe(SchedulingRequest request) => [];
}
