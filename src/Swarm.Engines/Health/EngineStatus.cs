namespace Swarm.Engines.Health;

/// <summary>An engine's life cycle, as <c>docker info</c> shows it.</summary>
public enum EngineStatus
{
    /// <summary>Known, not yet validated (never reached, or refused).</summary>
    Pending,
    Healthy,
    Unhealthy,

    /// <summary>Removed from discovery.</summary>
    Disconnected,
}
