using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling;

/// <summary>The scheduler settings of <c>swarm manage</c>: filters, strategy and <c>swarm.overcommit</c>.</summary>
/// <param name="Seed">Seeds the choice among equally good nodes (and the random strategy), so runs can be replayed.</param>
public sealed record SchedulerOptions(
    IReadOnlyList<IPlacementFilter> Filters,
    PlacementStrategy Strategy,
    Overcommit Overcommit,
    int Seed)
{
    public static SchedulerOptions Default { get; } = new(FilterRegistry.Default, PlacementStrategy.Spread, Overcommit.Default, 0);
}
