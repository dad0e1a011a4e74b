using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Swarm.Actors.Containers;

/// <summary>Container actors as Akka.Cluster.Sharding entities: entity ID = swarm ID, spread over the managers.</summary>
public static class ContainerShards
{
    public const string TypeName = "container";
    private const int ShardCount = 100;

    /// <summary>
    /// Idle container actors stop after this; the state of record stays in the scheduler's journal. Short: a
    /// container is busy for the create and start that follow each other, then rarely again, and 30,000 idle actors
    /// cost ~100 MB (cell, mailbox, handlers) for nothing. 5 s still covers a call asked again (every 3 s at most)
    /// after an answer that was lost; at 700 placements/s, 15 s kept ~10,000 idle actors alive long enough to reach
    /// the oldest generation of the heap, where they stayed as garbage until its next collection.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Routes by swarm ID; shared by <see cref="Start"/> and the hosted region of <c>swarm manage</c>.</summary>
    public static IMessageExtractor MessageExtractor { get; } = new ContainerMessageExtractor();

    public static IActorRef Start(ActorSystem system, IActorRef scheduler, IActorRef engines, TimeSpan? idleTimeout = null)
    {
        var idle = idleTimeout ?? IdleTimeout;
        return ClusterSharding.Get(system).Start(
            TypeName,
            swarmId => ContainerActor.Props(swarmId, scheduler, engines, idle),
            ClusterShardingSettings.Create(system).WithRole(Scheduler.SchedulerSingleton.ManagerRole),
            MessageExtractor);
    }

    private sealed class ContainerMessageExtractor() : HashCodeMessageExtractor(ShardCount)
    {
        public override string EntityId(object message) => (message as ContainerCommands.IContainerMessage)?.SwarmId ?? "";
    }
}
