namespace Swarm.Actors.Engines;

/// <summary>The container life-cycle calls an engine actor makes on behalf of container actors.</summary>
public enum ContainerOperation
{
    Start,
    Stop,
    Kill,
    Restart,
    Pause,
    Unpause,
    Remove,
}
