using Swarm.Scheduling.State;

namespace Swarm.Scheduling;

/// <summary>The node chosen for a request, or why there is none.</summary>
public sealed record PlacementResult(ClusterNode? Node, string? Error)
{
    public bool Succeeded => Node is not null;

    public static PlacementResult Success(ClusterNode node) => new(node, null);

    public static PlacementResult Failure(string error) => new(null, error);
}
