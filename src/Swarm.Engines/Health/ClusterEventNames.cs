namespace Swarm.Engines.Health;

/// <summary>The synthetic events classic Swarm adds to the engines' own in <c>docker events</c>.</summary>
public static class ClusterEventNames
{
    public const string EngineConnect = "engine_connect";
    public const string EngineDisconnect = "engine_disconnect";
    public const string EngineReconnect = "engine_reconnect";
}
