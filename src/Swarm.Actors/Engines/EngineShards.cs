using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Swarm.Actors.Engines;

/// <summary>
/// Engine actors as Akka.Cluster.Sharding entities, entity ID = the engine's discovery address: each engine is
/// watched by exactly one manager, and the engines spread over the managers (and move off a manager that dies).
/// </summary>
public static class EngineShards
{
    public const string TypeName = "engine";
    private const int ShardCount = 100;

    /// <summary>Routes by engine address; the hosted region of <c>swarm manage</c> uses it.</summary>
    public static IMessageExtractor MessageExtractor { get; } = new EngineMessageExtractor();

    /// <summary>A message for the engine actor of the engine at <paramref name="Address"/>, wherever it runs.</summary>
    public sealed record Envelope(string Address, object Message);

    private sealed class EngineMessageExtractor() : HashCodeMessageExtractor(ShardCount)
    {
        public override string EntityId(object message) => (message as Envelope)?.Address ?? "";

        public override object EntityMessage(object message) => (message as Envelope)?.Message ?? message;
    }
}
