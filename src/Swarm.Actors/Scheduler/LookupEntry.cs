namespace Swarm.Actors.Scheduler;

/// <summary>
/// One container as <see cref="ContainerLookup"/> sees it.
/// </summary>
/// <param name="SwarmId">The virtual ID (64 hex) users see as the container's ID.</param>
/// <param name="EngineContainerId">The engine's physical ID; empty while the container is pending (not created yet).</param>
/// <param name="Name">The container's name without the leading '/'; empty if it has none yet.</param>
/// <param name="NodeId">The engine's ID, e.g. <c>ABCD:EFGH|10.0.0.1:2375</c>.</param>
/// <param name="NodeName">The engine's name, e.g. <c>node-1</c>.</param>
public sealed record LookupEntry(string SwarmId, string EngineContainerId, string Name, string NodeId, string NodeName);
