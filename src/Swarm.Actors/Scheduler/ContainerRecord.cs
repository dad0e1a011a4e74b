using System.Text.Json.Serialization;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// The scheduler's record of one container, keyed by its swarm ID (the virtual ID users see): where it was
/// placed, the engine's physical ID once created, and everything needed to create it again elsewhere.
/// </summary>
/// <param name="Request">The request as placed: hints written back as labels, the swarm ID label included.</param>
/// <param name="CreateConfig">The client's create body as <see cref="CreateBody"/> keeps it, to create the container again; empty for a container adopted from its engine.</param>
/// <param name="Move">Set while the container is being recreated on <see cref="NodeId"/> after its node failed.</param>
public sealed record ContainerRecord(
    string SwarmId,
    string Name,
    string NodeId,
    string EngineContainerId,
    ContainerRequest Request,
    [property: JsonConverter(typeof(EmbeddedJsonConverter))] string CreateConfig,
    ReschedulePolicy ReschedulePolicy,
    DesiredState DesiredState,
    ContainerMove? Move = null);

