using Akka.Actor;
using Swarm.Actors.Manager;

namespace Swarm.Api;

/// <summary>
/// Asks the scheduler singleton, again every few seconds until it answers or the time is up: while the scheduler
/// moves to another manager (its manager died), a message sent towards the old one is lost, and the proxy holds
/// new ones until the new one is up. Every scheduler command is safe to repeat.
/// </summary>
public static class SchedulerAsks
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(3);

    public static async Task<T> AskScheduler<T>(this SwarmManager manager, object command, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            try
            {
                return await manager.Scheduler.Ask<T>(command, left < Attempt ? left : Attempt);
            }
            catch (AskTimeoutException) when (deadline - DateTime.UtcNow > TimeSpan.FromMilliseconds(100))
            {
                // Asked again below.
            }
        }
    }
}
