using Docker.DotNet.Models;
using Swarm.Actors.Engines;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Containers;

/// <summary>What a container actor (one per swarm ID) is asked, and what it answers.</summary>
public static class ContainerCommands
{
    /// <summary>Anything addressed to one container: routed to its actor by <see cref="SwarmId"/>.</summary>
    public interface IContainerMessage
    {
        string SwarmId { get; }
    }

    /// <summary>
    /// Creates the container: placed by the scheduler, created on the chosen engine. Sending it again with the same
    /// swarm ID answers the same container instead of making a second one.
    /// </summary>
    /// <param name="Request">What placement reads (name, image, hints, ports, resources).</param>
    /// <param name="Parameters">The full create body for the engine.</param>
    public sealed record Create(string SwarmId, ContainerRequest Request, CreateContainerParameters Parameters) : IContainerMessage;

    public sealed record Created(string SwarmId, string NodeId, string EngineContainerId);

    /// <summary>A life-cycle call (start, stop, kill, restart, pause, unpause, remove) on the container wherever it lives.</summary>
    /// <param name="RequestId">
    /// The same for every time one request is asked again (its answer lost while a manager died): the container actor
    /// answers a repeat it already carried out with the answer it gave, rather than stopping or removing twice.
    /// </param>
    public sealed record Operate(string SwarmId, ContainerOperation Operation, uint? WaitSeconds = null, string Signal = "", bool Force = false, bool RemoveVolumes = false, string RequestId = "") : IContainerMessage;

    public sealed record Done(string SwarmId);

    /// <summary>
    /// From the scheduler: an engine's view lacks this recorded container. If the engine confirms it is gone, the
    /// record goes (removed on the engine directly, perhaps while no scheduler was up). Nobody waits for an answer.
    /// </summary>
    public sealed record Verify(string SwarmId) : IContainerMessage;

    /// <summary>
    /// From the scheduler: the container was rescheduled onto another node; create it there (and start it if it
    /// was running). Sent again until the move is recorded complete; each step is safe to repeat.
    /// </summary>
    public sealed record Move(string SwarmId) : IContainerMessage;

    /// <summary>From the scheduler: an engine holds a copy of this container left behind by a move; remove it (force, with volumes).</summary>
    public sealed record RemoveStaleCopy(string SwarmId, string NodeId, string EngineContainerId) : IContainerMessage;

    /// <summary>Why it did not happen, with the status code the Docker API answers.</summary>
    public sealed record Failed(string SwarmId, int StatusCode, string Message);
}
