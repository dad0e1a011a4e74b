using Akka.Actor;
using Akka.Cluster;
using Swarm.Actors.Manager;

namespace Swarm.Shell;

/// <summary>How the shell names members and their states, and reads the addresses operators type.</summary>
public static class ClusterMembers
{
    /// <summary><c>joining</c>, <c>weakly-up</c>, <c>up</c>, <c>leaving</c>, <c>exiting</c>, <c>down</c>, <c>removed</c>.</summary>
    public static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.WeaklyUp => "weakly-up",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyList<string> Roles(Member member) => [.. member.Roles.Order(StringComparer.Ordinal)];

    /// <summary>A member's address as typed: the full <c>akka.tcp://swarm@host:port</c>, or just <c>host:port</c>.</summary>
    public static Address? ParseAddress(string typed)
    {
        string full = typed.Contains("://", StringComparison.Ordinal) ? typed : $"akka.tcp://{SwarmManager.SystemName}@{typed}";
        try
        {
            var address = Address.Parse(full);
            return address.Host is null || address.Port is null ? null : address;
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
