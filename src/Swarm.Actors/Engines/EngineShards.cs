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

    /// <param name="watch">Starts the engine actor for an address, on whichever manager hosts its shard.</param>
    public static IActorRef Start(ActorSystem system, Func<string, Props> watch) =>
        ClusterSharding.Get(system).Start(
            TypeName,
            watch,
            ClusterShardingSettings.Create(system).WithRole(Scheduler.SchedulerSingleton.ManagerRole),
            new EngineMessageExtractor());

    /// <summary>A message for the engine actor of the engine at <paramref name="Address"/>, wherever it runs.</summary>
    public sealed record Envelope(string Address, object Message);

    private sealed class EngineMessageExtractor() : HashCodeMessageExtractor(ShardCount)
    {
        public override string EntityId(object message) => (message as Envelope)?.Address ?? "";

        public override object EntityMessage(object message) => (message as Envelope)?.Message ?? message;
    }
}
