namespace Swarm.Scheduling.Requests;

/// <summary>What happens to a container when its node fails.</summary>
public enum ReschedulePolicy
{
    Off,
    OnNodeFailure,
}
