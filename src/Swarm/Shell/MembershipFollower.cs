using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;

namespace Swarm.Shell;

/// <summary>
/// Passes the cluster's membership and reachability events, the current members first, to a <c>cluster tail</c>
/// of the shell; stopped when the tail ends.
/// </summary>
public sealed class MembershipFollower : ReceiveActor
{
    /// <summary>Its name under /user, numbered: <c>shell-cluster-tail-1</c>, …</summary>
    public const string NamePrefix = "shell-cluster-tail-";

    private readonly ChannelWriter<ClusterEvent.IClusterDomainEvent> events;

    public MembershipFollower(ChannelWriter<ClusterEvent.IClusterDomainEvent> events)
    {
        this.events = events;
        // Never waits: the channel drops the oldest event if the client reads too slowly.
        Receive<ClusterEvent.IClusterDomainEvent>(happened => events.TryWrite(happened));
    }

    public static Props Props(ChannelWriter<ClusterEvent.IClusterDomainEvent> events) =>
        Akka.Actor.Props.Create(() => new MembershipFollower(events));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        events.TryComplete();
    }
}
