using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>Keeps nodes below their <c>containerslots</c> engine label (every container counts, pending and stopped ones too).</summary>
public sealed class ContainerSlotsFilter : IPlacementFilter
{
    public string Name => "containerslots";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft) =>
        candidates.ExceptWith(state.FullNodes);

    public IReadOnlyList<string> Describe(SchedulingRequest request) => ["available container slots"];
}
