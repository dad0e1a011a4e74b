using Akka.Event;
using Swarm.Actors.Manager;

namespace Swarm.Shell;

/// <summary>A command being run: the manager it runs in, its arguments, where it writes, and who asked.</summary>
/// <param name="Caller">The client's address, for the log of what operators changed.</param>
/// <param name="Cancellation">Cancelled when the client cancels or disconnects: what streams ends then.</param>
public sealed record ShellInvocation(SwarmManager Manager, IReadOnlyList<string> Arguments, ShellOutput Output, string Caller, CancellationToken Cancellation)
{
    /// <summary>How long a command waits for an actor's answer.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Logs what an operator changed, through the manager's log (so <c>log peek</c> shows it too).</summary>
    public void Audit(string what) => Manager.System.Log.Info("Shell command from {0}: {1}", Caller, what);
}
