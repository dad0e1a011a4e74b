using System.Diagnostics;

namespace Swarm.Actors.Tests.Support;

/// <summary>What is running on this machine, to check that a script left nothing behind.</summary>
public static class RunningProcesses
{
    /// <summary>The command lines of running processes that contain the text, one a line.</summary>
    public static async Task<string> Matching(string text)
    {
        using var found = Process.Start(new ProcessStartInfo("pgrep", ["-a", "-f", "--", text]) { RedirectStandardOutput = true })!;
        string lines = await found.StandardOutput.ReadToEndAsync();
        await found.WaitForExitAsync();
        return string.Join('\n', lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("pgrep", StringComparison.Ordinal)));
    }
}
