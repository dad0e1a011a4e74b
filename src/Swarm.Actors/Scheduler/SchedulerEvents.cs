using System.Text.Json.Serialization;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>Marks what the scheduler writes to its journal; bound to <see cref="SchedulerSerializer"/>, never to a default serializer.</summary>
public interface ISchedulerPersisted;

/// <summary>The scheduler's journal: every decision and every fact it learned about its containers.</summary>
public static class SchedulerEvents
{
    public interface IEvent : ISchedulerPersisted;

    /// <summary>An event about one container (or global container), by its swarm ID.</summary>
    public interface IContainerEvent : IEvent
    {
        string SwarmId { get; }
    }

    /// <summary>A container was placed on a node (pending until its engine reports it).</summary>
    public sealed record ContainerPlaced(
        string SwarmId,
        string NodeId,
        ContainerRequest Request,
        [property: JsonConverter(typeof(EmbeddedJsonConverter))] string CreateConfig,
        ReschedulePolicy ReschedulePolicy) : IContainerEvent;

    /// <summary>The engine created it, under this physical ID.</summary>
    public sealed record ContainerCreated(string SwarmId, string EngineContainerId) : IContainerEvent;

    /// <summary>The container was started or stopped by a user; recreations honour it.</summary>
    public sealed record DesiredStateChanged(string SwarmId, DesiredState DesiredState) : IContainerEvent;

    /// <summary>The container was renamed on its engine (through the API or directly): the old name is free, the new one taken.</summary>
    public sealed record ContainerRenamed(string SwarmId, string Name) : IContainerEvent;

    /// <summary>
    /// Its node failed and its policy is <c>on-node-failure</c>: placed again on another node, same swarm ID, name
    /// and config, to be created there (and started if <paramref name="Start"/>); the copy left on the failed node
    /// is stale and goes when that node comes back.
    /// </summary>
    /// <param name="RemoveLeft">The node it leaves is up (drained): the container there is removed once the new one runs.</param>
    public sealed record ContainerRescheduled(string SwarmId, string FromNodeId, string ToNodeId, ContainerRequest Request, bool Start, bool RemoveLeft = false) : IContainerEvent;

    /// <summary>A rescheduled container runs (or exists, if it was not running) on its new node: nothing left to do for the move.</summary>
    public sealed record RescheduleCompleted(string SwarmId) : IContainerEvent;

    /// <summary>A global container was created: its instances follow, one per eligible node.</summary>
    public sealed record GlobalContainerCreated(string SwarmId, ContainerRequest Request, [property: JsonConverter(typeof(EmbeddedJsonConverter))] string CreateConfig) : IContainerEvent;

    /// <summary>An instance of a global container was placed on a node, to be created there (and started if <paramref name="Start"/>).</summary>
    public sealed record GlobalInstancePlaced(string SwarmId, string GlobalId, string NodeId, ContainerRequest Request, bool Start) : IContainerEvent;

    /// <summary>An operator paused, drained or activated a node (by engine ID).</summary>
    public sealed record NodeAvailabilityChanged(string NodeId, NodeAvailability Availability) : IEvent;

    /// <summary>The container is gone: its name and reservation are free again.</summary>
    public sealed record ContainerRemoved(string SwarmId) : IContainerEvent;
}

/// <summary>Everything the journal holds, at one sequence number: the container records, the nodes' availability (active ones left out) and the global containers.</summary>
public sealed record SchedulerSnapshot(
    IReadOnlyList<ContainerRecord> Containers,
    IReadOnlyDictionary<string, NodeAvailability>? Nodes = null,
    IReadOnlyList<GlobalRecord>? Globals = null) : ISchedulerPersisted;
