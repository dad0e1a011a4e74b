namespace Swarm.Shell;

/// <summary>One command of the shell's palette.</summary>
/// <param name="Name">Its words, e.g. <c>node drain</c>.</param>
/// <param name="Arguments">What follows the name in its usage, e.g. <c>&lt;node&gt;</c>.</param>
/// <param name="MinArguments">How many arguments it needs at least.</param>
/// <param name="MaxArguments">How many it takes at most.</param>
/// <param name="Run">Does it, writing to the invocation's output; answers the exit status (<see cref="ShellProtocol.Succeeded"/>…).</param>
public sealed record ShellCommand(string Name, string Arguments, string Description, int MinArguments, int MaxArguments, Func<ShellInvocation, Task<int>> Run)
{
    public string Usage => Arguments.Length == 0 ? Name : $"{Name} {Arguments}";

    public ShellProtocol.CommandInfo Info => new(Name, Arguments, Description);
}
