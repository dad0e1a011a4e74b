using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>What the scheduler is asked, and what it answers.</summary>
public static class SchedulerCommands
{
    /// <summary>
    /// Place a container. A request that already carries a swarm ID (label <c>com.docker.swarm.id</c>) is a retry:
    /// if that ID was placed, the same placement is answered again and nothing new is recorded.
    /// </summary>
    public sealed record PlaceContainer(ContainerRequest Request, string CreateConfig = "");

    /// <param name="NodeCpus">The node's CPUs, to turn the request's CPUs into engine shares (0 if it has not reported).</param>
    /// <param name="EngineContainerId">Set when this answers a retry of a container already created.</param>
    /// <param name="Again">This answers a retry of a placement already recorded: its engine may hold the container
    /// already, made by an attempt whose answer was lost.</param>
    public sealed record Placed(string SwarmId, string NodeId, ContainerRequest Request, long NodeCpus = 0, string EngineContainerId = "", bool Again = false);

    public sealed record Rejected(PlacementFailure Failure, string Error);

    /// <summary>
    /// Where a one-off request would be placed now (a build: classic chose its node like a container's); nothing is
    /// recorded or reserved. Answered with <see cref="PlacementPreview"/> or <see cref="Rejected"/>.
    /// </summary>
    public sealed record PreviewPlacement(ContainerRequest Request);

    /// <param name="Request">The request as placement read it: scheduling hints gone from Env, present as labels.</param>
    public sealed record PlacementPreview(string NodeId, ContainerRequest Request);

    public sealed record RecordCreated(string SwarmId, string EngineContainerId);

    public sealed record SetDesiredState(string SwarmId, DesiredState DesiredState);

    public sealed record RemoveContainer(string SwarmId);

    /// <summary>The answer to a <see cref="PlaceContainer"/> of a global container, once recorded; its instances follow.</summary>
    public sealed record GlobalPlaced(string GlobalId);

    /// <summary>Replies with <see cref="GlobalContainer"/> for a global container's swarm ID, name or unique ID prefix, or <see cref="UnknownContainer"/>.</summary>
    public sealed record GetGlobal(string IdOrName);

    public sealed record GlobalContainer(GlobalRecord Global, IReadOnlyList<ContainerRecord> Instances);

    /// <summary>Pause, drain or activate a node by engine ID; answered <see cref="NodeAvailabilitySet"/> once journaled, or <see cref="UnknownNode"/>.</summary>
    public sealed record SetNodeAvailability(string NodeId, NodeAvailability Availability);

    public sealed record NodeAvailabilitySet(string NodeId, NodeAvailability Availability);

    public sealed record UnknownNode(string NodeId);

    /// <summary>Replies with <see cref="NodeAvailabilities"/>.</summary>
    public sealed record GetNodeAvailabilities
    {
        public static GetNodeAvailabilities Instance { get; } = new();
    }

    /// <summary>The nodes an operator paused or drained, by engine ID; every other node is active.</summary>
    public sealed record NodeAvailabilities(IReadOnlyDictionary<string, NodeAvailability> ByNodeId);

    /// <summary>A rescheduled container is in place (created, and started if it was to be).</summary>
    public sealed record CompleteMove(string SwarmId);

    /// <summary>The answer to the four commands above, once the fact is in the journal.</summary>
    public sealed record Recorded(string SwarmId);

    public sealed record UnknownContainer(string SwarmId);

    /// <summary>An engine's current view (from its engine actor): nodes, capacity, health, containers. Not journaled.</summary>
    public sealed record EngineReport(EngineSnapshot Engine);

    /// <summary>
    /// Published by a scheduler that has just started (first start, or after moving to another manager): every
    /// engine directory answers with a full <see cref="EngineReport"/> of each engine it watches, since engines are
    /// live facts the journal does not hold.
    /// </summary>
    public sealed record ReportEngines
    {
        public const string Topic = "swarm-engines";

        public static ReportEngines Instance { get; } = new();
    }

    /// <summary>
    /// A directory has sent all its <see cref="EngineReport"/>s in answer to <see cref="ReportEngines"/>; <paramref name="Watching"/>
    /// are the engine addresses its discovery names, connected or not (an engine actor may be moving between managers).
    /// </summary>
    public sealed record EnginesReported(string Manager, IReadOnlyList<string> Watching);

    /// <summary>Replies with a <see cref="StateDigest"/>.</summary>
    public sealed record GetDigest
    {
        public static GetDigest Instance { get; } = new();
    }

    public sealed record StateDigest(string Digest, int Containers, long LastSequenceNr);

    /// <summary>Replies with a <see cref="Summary"/>: counts an operator reads (the shell's <c>scheduler state</c>), cheap unlike the digest.</summary>
    public sealed record GetSummary
    {
        public static GetSummary Instance { get; } = new();
    }

    /// <param name="Nodes">Nodes placement knows (engines that have reported since the scheduler started).</param>
    /// <param name="Moving">Containers being recreated on another node.</param>
    /// <param name="AwaitingEngines">Placements wait for the engines to report after a start or a move of the scheduler.</param>
    public sealed record Summary(int Containers, int Globals, int Nodes, int PausedNodes, int DrainedNodes, int Moving, long LastSequenceNr, bool AwaitingEngines);

    /// <summary>Replies with the <see cref="ContainerRecord"/> for a swarm ID, or <see cref="UnknownContainer"/>.</summary>
    public sealed record GetContainer(string SwarmId);
}
