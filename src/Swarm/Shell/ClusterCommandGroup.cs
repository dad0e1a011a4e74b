using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;

namespace Swarm.Shell;

/// <summary>The Akka cluster of managers, as Petabridge.Cmd's <c>cluster</c> commands show and change it.</summary>
public static class ClusterCommandGroup
{
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(3);
    private static int tails;

    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("cluster show", "", "every member: address, status, reachability, roles", 0, 0, Show),
        new("cluster status", "", "this manager's membership: address, status, members, unreachable, leader", 0, 0, Status),
        new("cluster leader", "", "the cluster's leader, and the manager running the scheduler singleton", 0, 0, Leader),
        new("cluster leave", "[address]", "this manager (or the member at address, host:port) leaves the cluster gracefully", 0, 1, Leave),
        new("cluster down-unreachable", "", "downs every unreachable member", 0, 0, DownUnreachable),
        new("cluster tail", "", "streams membership events, the current members first, until cancelled", 0, 0, Tail),
    ];

    private static async Task<int> Show(ShellInvocation invocation)
    {
        var state = Cluster.Get(invocation.Manager.System).State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        await invocation.Output.Columns("address", "status", "reachability", "roles");
        foreach (var member in state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal))
        {
            await invocation.Output.Row(member.Address.ToString(), ClusterMembers.StatusName(member.Status), unreachable.Contains(member.Address) ? "unreachable" : "reachable", ClusterMembers.Roles(member));
        }
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Status(ShellInvocation invocation)
    {
        var cluster = Cluster.Get(invocation.Manager.System);
        var state = cluster.State;
        await invocation.Output.Columns("address", "status", "members", "unreachable", "leader");
        await invocation.Output.Row(cluster.SelfAddress.ToString(), ClusterMembers.StatusName(cluster.SelfMember.Status), state.Members.Count, state.Unreachable.Count, state.Leader?.ToString());
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Leader(ShellInvocation invocation)
    {
        var system = invocation.Manager.System;
        var scheduler = await SchedulerLocation.Find(system, IdentifyTimeout);
        await invocation.Output.Columns("leader", "scheduler");
        await invocation.Output.Row(Cluster.Get(system).State.Leader?.ToString(), scheduler?.ToString());
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Leave(ShellInvocation invocation)
    {
        var cluster = Cluster.Get(invocation.Manager.System);
        var address = invocation.Arguments.Count == 0 ? cluster.SelfAddress : ClusterMembers.ParseAddress(invocation.Arguments[0]);
        if (address is null)
        {
            await invocation.Output.Error($"cluster leave: {invocation.Arguments[0]} is not a member address (host:port or akka.tcp://swarm@host:port)");
            return ShellProtocol.Misused;
        }
        if (!cluster.State.Members.Any(m => m.Address == address))
        {
            await invocation.Output.Error($"cluster leave: {address} is not a member of the cluster");
            return ShellProtocol.Failed;
        }
        invocation.Audit($"cluster leave {address}");
        // A manager that leaves hands its shards and (if it has it) the scheduler over, then stops.
        cluster.Leave(address);
        await invocation.Output.Columns("address", "status");
        await invocation.Output.Row(address.ToString(), "leaving");
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> DownUnreachable(ShellInvocation invocation)
    {
        var cluster = Cluster.Get(invocation.Manager.System);
        await invocation.Output.Columns("address", "status");
        foreach (var member in cluster.State.Unreachable.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal))
        {
            invocation.Audit($"cluster down {member.Address}");
            cluster.Down(member.Address);
            await invocation.Output.Row(member.Address.ToString(), "down");
        }
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Tail(ShellInvocation invocation)
    {
        var system = invocation.Manager.System;
        var events = Channel.CreateBounded<ClusterEvent.IClusterDomainEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var follower = system.ActorOf(MembershipFollower.Props(events.Writer), $"{MembershipFollower.NamePrefix}{Interlocked.Increment(ref tails)}");
        try
        {
            await invocation.Output.Columns("event", "address", "status", "roles");
            await foreach (var happened in events.Reader.ReadAllAsync(invocation.Cancellation))
            {
                if (MemberOf(happened) is { } member) await invocation.Output.Row(happened.GetType().Name, member.Address.ToString(), ClusterMembers.StatusName(member.Status), ClusterMembers.Roles(member));
            }
            return ShellProtocol.Succeeded;
        }
        finally
        {
            system.Stop(follower);
        }
    }

    private static Member? MemberOf(ClusterEvent.IClusterDomainEvent happened) => happened switch
    {
        ClusterEvent.IMemberEvent changed => changed.Member,
        ClusterEvent.UnreachableMember unreachable => unreachable.Member,
        ClusterEvent.ReachableMember reachable => reachable.Member,
        _ => null,
    };
}
