namespace Swarm.Actors.Scheduler;

/// <summary>A move in progress: the node the container left, and whether it is to be started where it lands.</summary>
/// <param name="LeftContainerId">The container's engine ID on the node it left.</param>
/// <param name="RemoveLeft">That node is up (it was drained): remove the container there once the new one runs.</param>
public sealed record ContainerMove(string FromNodeId, bool Start, string LeftContainerId = "", bool RemoveLeft = false);
