using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling;

/// <summary>The scheduler settings of <c>swarm manage</c>: filters, strategy, <c>swarm.overcommit</c> and <c>swarm.reschedule</c>.</summary>
/// <param name="Seed">Seeds the choice among equally good nodes (and the random strategy), so runs can be replayed.</param>
public sealed record SchedulerOptions(
    IReadOnlyList<IPlacementFilter> Filters,
    PlacementStrategy Strategy,
    Overcommit Overcommit,
    int Seed)
{
    /// <summary>The policy of containers whose request names none (<c>--cluster-opt swarm.reschedule=…</c>).</summary>
    public Requests.ReschedulePolicy DefaultReschedulePolicy { get; init; } = Requests.ReschedulePolicy.Off;

    /// <summary>Whether draining a node moves every container (<c>--cluster-opt swarm.drain=all</c>), not only those with <c>on-node-failure</c>.</summary>
    public bool DrainMovesAll { get; init; }

    public static SchedulerOptions Default { get; } = new(FilterRegistry.Default, PlacementStrategy.Spread, Overcommit.Default, 0);
}
