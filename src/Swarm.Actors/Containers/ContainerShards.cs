using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Swarm.Actors.Containers;

/// <summary>Container actors as Akka.Cluster.Sharding entities: entity ID = swarm ID, spread over the managers.</summary>
public static class ContainerShards
{
    public const string TypeName = "container";
    private const int ShardCount = 100;

    public static IActorRef Start(ActorSystem system, IActorRef scheduler, IActorRef engines, TimeSpan? idleTimeout = null)
    {
        var idle = idleTimeout ?? TimeSpan.FromMinutes(2);
        return ClusterSharding.Get(system).Start(
            TypeName,
            swarmId => ContainerActor.Props(swarmId, scheduler, engines, idle),
            ClusterShardingSettings.Create(system).WithRole(Scheduler.SchedulerSingleton.ManagerRole),
            new ContainerMessageExtractor());
    }

    private sealed class ContainerMessageExtractor() : HashCodeMessageExtractor(ShardCount)
    {
        public override string EntityId(object message) => (message as ContainerCommands.IContainerMessage)?.SwarmId ?? "";
    }
}
