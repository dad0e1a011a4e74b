using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling;

/// <summary>
/// The outcome of scheduling a create: where it goes, under which swarm ID, and the request as the engine
/// should receive it; or why it cannot be placed. Deciding does not change the state: the owner applies
/// <see cref="PendingContainer"/> to its <see cref="State.ClusterState"/> when it records the decision.
/// </summary>
public sealed record PlacementDecision
{
    public string? NodeId { get; init; }
    public string SwarmId { get; init; } = "";
    public SchedulingRequest? Request { get; init; }
    public ContainerInfo? PendingContainer { get; init; }
    public PlacementFailure? Failure { get; init; }
    public string? Error { get; init; }

    public bool Succeeded => NodeId is not null;

    public static PlacementDecision Failed(PlacementFailure failure, string error) => new() { Failure = failure, Error = error };
}
