using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// The scheduler's record of one container, keyed by its swarm ID (the virtual ID users see): where it was
/// placed, the engine's physical ID once created, and everything needed to create it again elsewhere.
/// </summary>
/// <param name="Request">The request as placed: hints written back as labels, the swarm ID label included.</param>
/// <param name="CreateConfig">The client's full create body (JSON), replayed verbatim when the container is recreated.</param>
/// <param name="Move">Set while the container is being recreated on <see cref="NodeId"/> after its node failed.</param>
public sealed record ContainerRecord(
    string SwarmId,
    string Name,
    string NodeId,
    string EngineContainerId,
    ContainerRequest Request,
    string CreateConfig,
    ReschedulePolicy ReschedulePolicy,
    DesiredState DesiredState,
    ContainerMove? Move = null);

