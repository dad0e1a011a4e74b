namespace Swarm.Actors.Engines;

/// <summary>What others may ask of an engine actor.</summary>
public static class EngineCommands
{
    /// <summary>Replies with the engine's current <see cref="Swarm.Engines.View.EngineSnapshot"/>.</summary>
    public sealed record GetSnapshot
    {
        public static GetSnapshot Instance { get; } = new();
    }

    /// <summary>Refresh now instead of at the next tick (classic's forced refresh).</summary>
    public sealed record RefreshNow
    {
        public static RefreshNow Instance { get; } = new();
    }

    /// <summary>The engine left discovery: emit <c>engine_disconnect</c> and stop.</summary>
    public sealed record Disconnect
    {
        public static Disconnect Instance { get; } = new();
    }
}
