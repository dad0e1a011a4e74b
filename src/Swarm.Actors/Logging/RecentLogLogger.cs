using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Swarm.Actors.Logging;

/// <summary>
/// An Akka logger (named in <c>akka.loggers</c>, beside the console's) that keeps what is logged in
/// <see cref="RecentLogs"/>, so operators can read a manager's recent log through the shell.
/// </summary>
public sealed class RecentLogLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public RecentLogLogger()
    {
        var logs = RecentLogs.Get(Context.System);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(logs.Add);
    }
}
