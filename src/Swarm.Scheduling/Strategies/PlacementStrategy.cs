namespace Swarm.Scheduling.Strategies;

/// <summary>How the scheduler ranks the nodes that passed the filters (<c>swarm manage --strategy</c>).</summary>
public enum PlacementStrategy
{
    /// <summary>Least loaded node first; ties go to the node with fewest containers.</summary>
    Spread,

    /// <summary>Most loaded node that still fits first; ties go to the node with most containers.</summary>
    Binpack,

    /// <summary>Any node that passed the filters, without looking at resources.</summary>
    Random,
}
