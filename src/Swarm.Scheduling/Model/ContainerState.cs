namespace Swarm.Scheduling.Model;

/// <summary>Docker's container states plus <see cref="Pending"/>: placed by the scheduler, not yet created on its engine.</summary>
public enum ContainerState
{
    Pending,
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}
