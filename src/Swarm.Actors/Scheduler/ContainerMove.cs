namespace Swarm.Actors.Scheduler;

/// <summary>A move in progress: the node the container left, and whether it is to be started where it lands.</summary>
public sealed record ContainerMove(string FromNodeId, bool Start);
