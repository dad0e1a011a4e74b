namespace Swarm.Actors.Scheduler;

/// <summary>What the cluster wants of a container, kept so that a moved or recovered container is brought back the same.</summary>
public enum DesiredState
{
    Created,
    Running,
    Stopped,
}
