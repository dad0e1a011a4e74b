using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>One of classic Swarm's scheduler filters.</summary>
public interface IPlacementFilter
{
    /// <summary>The name used by <c>--filter</c> and shown in <c>docker info</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Narrows <paramref name="candidates"/> to the nodes this filter accepts. With <paramref name="soft"/>
    /// false, soft expressions are ignored (the scheduler's second pass).
    /// </summary>
    void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft);

    /// <summary>What this filter demands of the request, one entry each, for the "following conditions" error.</summary>
    IReadOnlyList<string> Describe(SchedulingRequest request);
}
