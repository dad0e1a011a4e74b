using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Singleton;
using Swarm.Scheduling;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Runs the scheduler as a cluster singleton among the managers: at most one instance, on the oldest manager;
/// when that manager leaves or dies the next one starts it, and it recovers from the shared journal. Every
/// manager reaches it through a proxy, which buffers requests while the singleton moves.
/// <c>swarm manage</c> starts it through Akka.Cluster.Hosting (<see cref="HostingOptions"/>); tests of one
/// process start the same manager and proxy directly.
/// </summary>
public static class SchedulerSingleton
{
    public const string Name = "scheduler";
    public const string ManagerRole = "manager";
    private const int ProxyBufferSize = 10_000;

    /// <summary>The singleton as Akka.Cluster.Hosting's <c>WithSingleton</c> takes it: managers only, and a hand-over that answers what is being written.</summary>
    public static ClusterSingletonOptions HostingOptions => new()
    {
        Role = ManagerRole,
        TerminationMessage = SchedulerActor.HandOver.Instance,
        BufferSize = ProxyBufferSize,
    };

    public static IActorRef StartManager(ActorSystem system, SchedulerOptions options, string persistenceId = SchedulerActor.DefaultPersistenceId) =>
        system.ActorOf(
            ClusterSingletonManager.Props(
                SchedulerActor.Props(options, persistenceId, announce: true),
                SchedulerActor.HandOver.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(ManagerRole)),
            Name);

    public static IActorRef StartProxy(ActorSystem system) =>
        system.ActorOf(
            ClusterSingletonProxy.Props(
                $"/user/{Name}",
                ClusterSingletonProxySettings.Create(system).WithRole(ManagerRole).WithBufferSize(ProxyBufferSize)),
            Name + "-proxy");
}
