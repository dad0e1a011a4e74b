using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>Marks what the scheduler writes to its journal; bound to <see cref="SchedulerSerializer"/>, never to a default serializer.</summary>
public interface ISchedulerPersisted;

/// <summary>The scheduler's journal: every decision and every fact it learned about its containers.</summary>
public static class SchedulerEvents
{
    public interface IEvent : ISchedulerPersisted
    {
        string SwarmId { get; }
    }

    /// <summary>A container was placed on a node (pending until its engine reports it).</summary>
    public sealed record ContainerPlaced(
        string SwarmId,
        string NodeId,
        ContainerRequest Request,
        string CreateConfig,
        ReschedulePolicy ReschedulePolicy) : IEvent;

    /// <summary>The engine created it, under this physical ID.</summary>
    public sealed record ContainerCreated(string SwarmId, string EngineContainerId) : IEvent;

    /// <summary>The container was started or stopped by a user; recreations honour it.</summary>
    public sealed record DesiredStateChanged(string SwarmId, DesiredState DesiredState) : IEvent;

    /// <summary>The container was renamed on its engine (through the API or directly): the old name is free, the new one taken.</summary>
    public sealed record ContainerRenamed(string SwarmId, string Name) : IEvent;

    /// <summary>
    /// Its node failed and its policy is <c>on-node-failure</c>: placed again on another node, same swarm ID, name
    /// and config, to be created there (and started if <paramref name="Start"/>); the copy left on the failed node
    /// is stale and goes when that node comes back.
    /// </summary>
    public sealed record ContainerRescheduled(string SwarmId, string FromNodeId, string ToNodeId, ContainerRequest Request, bool Start) : IEvent;

    /// <summary>A rescheduled container runs (or exists, if it was not running) on its new node: nothing left to do for the move.</summary>
    public sealed record RescheduleCompleted(string SwarmId) : IEvent;

    /// <summary>The container is gone: its name and reservation are free again.</summary>
    public sealed record ContainerRemoved(string SwarmId) : IEvent;
}

/// <summary>Everything the journal holds, at one sequence number: the container records.</summary>
public sealed record SchedulerSnapshot(IReadOnlyList<ContainerRecord> Containers) : ISchedulerPersisted;
