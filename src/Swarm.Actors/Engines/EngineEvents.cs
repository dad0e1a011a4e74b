using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Actors.Engines;

/// <summary>What an engine actor tells its listener (the cluster): life-cycle events and changes to its view.</summary>
public static class EngineEvents
{
    /// <summary>An event classic Swarm showed in <c>docker events</c> as coming from swarm itself.</summary>
    public interface IClusterEvent
    {
        string Action { get; }
        EngineSnapshot Engine { get; }
    }

    /// <summary>First validated: <c>engine_connect</c>, with everything loaded.</summary>
    public sealed record EngineConnected(EngineSnapshot Engine) : IClusterEvent
    {
        public string Action => ClusterEventNames.EngineConnect;
    }

    /// <summary>Unhealthy, then answering again: <c>engine_reconnect</c>.</summary>
    public sealed record EngineReconnected(EngineSnapshot Engine) : IClusterEvent
    {
        public string Action => ClusterEventNames.EngineReconnect;
    }

    /// <summary>Flagged unhealthy after the configured failures, or removed from discovery: <c>engine_disconnect</c>.</summary>
    public sealed record EngineDisconnected(EngineSnapshot Engine) : IClusterEvent
    {
        public string Action => ClusterEventNames.EngineDisconnect;
    }

    /// <summary>
    /// An engine not validated (yet) by this actor could not be reached: a new actor for an engine that died with
    /// the manager that watched it says so, since it never knew the engine healthy and so sends no disconnect.
    /// </summary>
    public sealed record EngineUnreachable(string Address, string Error);

    /// <summary>The health indicator moved (a failure, or a recovery), which changes placement weights.</summary>
    public sealed record EngineHealthChanged(string EngineId, EngineHealth Health);

    /// <summary>A container appeared or changed on the engine.</summary>
    public sealed record ContainerUpdated(string EngineId, EngineContainer Container);

    public sealed record ContainerRemoved(string EngineId, string ContainerId);

    /// <summary>The engine's snapshot changed (to a subscriber of <see cref="EngineCommands.PublishSnapshots"/>): the newest one.</summary>
    public sealed record SnapshotChanged(EngineSnapshot Engine);
}
