namespace Swarm.Shell;

/// <summary>The shell's commands, and how typed words find one: the longest command name they start with.</summary>
public sealed class ShellPalette
{
    private readonly List<ShellCommand> commands;

    public ShellPalette(IEnumerable<ShellCommand> groups)
    {
        commands = [.. groups, new ShellCommand("help", "", "lists the commands: name, arguments, description", 0, 0, Help)];
        var twice = commands.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"two commands named {twice.Key}", nameof(groups));
    }

    /// <summary>Every command a manager's shell serves.</summary>
    public static ShellPalette Manager { get; } = new(
    [
        .. ClusterCommandGroup.Commands,
        .. ShardingCommandGroup.Commands,
        .. ActorCommandGroup.Commands,
        .. LogCommandGroup.Commands,
        .. SchedulerCommandGroup.Commands,
        .. EngineCommandGroup.Commands,
        .. ContainerCommandGroup.Commands,
        .. NodeCommandGroup.Commands,
        .. JournalCommandGroup.Commands,
    ]);

    public IReadOnlyList<ShellCommand> Commands => commands;

    /// <summary>The command the words name, and the words after its name; null if none matches.</summary>
    public (ShellCommand Command, IReadOnlyList<string> Arguments)? Find(IReadOnlyList<string> words)
    {
        ShellCommand? best = null;
        int bestLength = 0;
        foreach (var command in commands)
        {
            string[] name = command.Name.Split(' ');
            if (name.Length > bestLength && name.Length <= words.Count && name.SequenceEqual(words.Take(name.Length), StringComparer.Ordinal))
            {
                best = command;
                bestLength = name.Length;
            }
        }
        return best is null ? null : (best, [.. words.Skip(bestLength)]);
    }

    private async Task<int> Help(ShellInvocation invocation)
    {
        await invocation.Output.Columns("command", "arguments", "description");
        foreach (var command in commands) await invocation.Output.Row(command.Name, command.Arguments, command.Description);
        return ShellProtocol.Succeeded;
    }
}
