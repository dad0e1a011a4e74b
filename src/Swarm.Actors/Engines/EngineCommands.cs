namespace Swarm.Actors.Engines;

/// <summary>What others may ask of an engine actor.</summary>
public static class EngineCommands
{
    /// <summary>Replies with the engine's current <see cref="Swarm.Engines.View.EngineSnapshot"/>.</summary>
    public sealed record GetSnapshot
    {
        public static GetSnapshot Instance { get; } = new();
    }

    /// <summary>
    /// Push this engine's snapshot to the sender now and again whenever it changes (<see cref="EngineEvents.SnapshotChanged"/>),
    /// so a manager's directory answers <c>docker ps</c> and <c>docker info</c> from what it holds instead of asking every engine.
    /// Local only: an engine actor and its directory run on the same manager.
    /// </summary>
    public sealed record PublishSnapshots
    {
        public static PublishSnapshots Instance { get; } = new();
    }

    /// <summary>Watch this engine: delivering it is what starts a sharded engine actor; it needs no answer.</summary>
    public sealed record Watch
    {
        public static Watch Instance { get; } = new();
    }

    /// <summary>Refresh now instead of at the next tick (classic's forced refresh).</summary>
    public sealed record RefreshNow
    {
        public static RefreshNow Instance { get; } = new();
    }

    /// <summary>Creates a container on this engine; replies <see cref="OperationDone"/> with the engine's ID, or <see cref="OperationFailed"/>.</summary>
    /// <param name="AdoptSwarmId">A retry: if the engine already has a container labelled with this swarm ID, answer that one instead of creating another.</param>
    public sealed record CreateContainer(Docker.DotNet.Models.CreateContainerParameters Parameters, string AdoptSwarmId = "");

    /// <summary>A life-cycle call on one of this engine's containers; replies <see cref="OperationDone"/> or <see cref="OperationFailed"/>.</summary>
    public sealed record OperateContainer(string ContainerId, ContainerOperation Operation, uint? WaitSeconds = null, string Signal = "", bool Force = false, bool RemoveVolumes = false);

    public sealed record OperationDone(string ContainerId);

    /// <summary>Does the engine still have this container? Replies <see cref="OperationDone"/>, or <see cref="OperationFailed"/> (404 when it is gone).</summary>
    public sealed record CheckContainer(string ContainerId);

    /// <summary>Waits for one of this engine's containers to stop; replies <see cref="Waited"/> or <see cref="OperationFailed"/>.</summary>
    public sealed record WaitContainer(string ContainerId);

    public sealed record Waited(string ContainerId, long ExitCode);

    /// <summary>The engine's own answer (status and message), or a failure to reach it (<see cref="Unreachable"/>).</summary>
    public sealed record OperationFailed(string ContainerId, int StatusCode, string Message, bool Unreachable);

    /// <summary>The engine left discovery: emit <c>engine_disconnect</c> and stop.</summary>
    public sealed record Disconnect
    {
        public static Disconnect Instance { get; } = new();
    }
}
