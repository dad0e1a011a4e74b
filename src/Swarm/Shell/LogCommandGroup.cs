using Swarm.Actors.Logging;

namespace Swarm.Shell;

/// <summary>This manager's recent log (<see cref="RecentLogs"/>), as Petabridge.Cmd's <c>log</c> commands show it.</summary>
public static class LogCommandGroup
{
    private const int DefaultPeek = 100;
    private static readonly string[] LogColumns = ["time", "level", "source", "message"];

    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("log peek", "[count]", $"the last log lines kept (default {DefaultPeek}, at most {RecentLogs.Capacity}): time, level, source, message", 0, 1, Peek),
        new("log tail", "", "streams new log lines until cancelled", 0, 0, Tail),
    ];

    private static async Task<int> Peek(ShellInvocation invocation)
    {
        int count = DefaultPeek;
        if (invocation.Arguments.Count == 1 && (!int.TryParse(invocation.Arguments[0], out count) || count <= 0))
        {
            await invocation.Output.Error($"log peek: count should be a positive number, not {invocation.Arguments[0]}");
            return ShellProtocol.Misused;
        }
        await invocation.Output.Columns(LogColumns);
        foreach (var entry in RecentLogs.Get(invocation.Manager.System).Peek(count)) await Write(invocation.Output, entry);
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Tail(ShellInvocation invocation)
    {
        using var following = RecentLogs.Get(invocation.Manager.System).Follow();
        await invocation.Output.Columns(LogColumns);
        await foreach (var entry in following.Lines.ReadAllAsync(invocation.Cancellation)) await Write(invocation.Output, entry);
        return ShellProtocol.Succeeded;
    }

    private static Task Write(ShellOutput output, RecentLogs.Entry entry) => output.Row(entry.Timestamp, entry.Level, entry.Source, entry.Message);
}
