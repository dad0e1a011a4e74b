using Akka.Actor;
using Akka.Cluster;
using Swarm.Actors.Scheduler;

namespace Swarm.Shell;

/// <summary>
/// Where the scheduler singleton actually runs: the manager whose singleton manager has the scheduler as its child
/// now, asked of every manager (the oldest one should host it, but during a hand-over it may be elsewhere).
/// </summary>
public static class SchedulerLocation
{
    public static async Task<Address?> Find(ActorSystem system, TimeSpan timeout)
    {
        var cluster = Cluster.Get(system);
        // Akka.Cluster.Hosting names the singleton child like the singleton; a singleton manager started directly uses the configured name.
        string[] children = [.. new[] { SchedulerSingleton.Name, system.Settings.Config.GetString("akka.cluster.singleton.singleton-name", "singleton") }.Distinct()];
        var managers = cluster.State.Members.Where(m => m.HasRole(SchedulerSingleton.ManagerRole) && m.Status != MemberStatus.Removed).Select(m => m.Address);
        var answers = await Task.WhenAll(managers.SelectMany(address => children.Select(child => (address, child))).Select(async at =>
        {
            try
            {
                var selection = system.ActorSelection(new RootActorPath(at.address) / "user" / SchedulerSingleton.Name / at.child);
                return (await selection.Ask<ActorIdentity>(new Identify(null), timeout)).Subject is null ? null : at.address;
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }));
        return answers.FirstOrDefault(address => address is not null);
    }
}
