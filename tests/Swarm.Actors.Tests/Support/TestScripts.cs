using System.Diagnostics;

namespace Swarm.Actors.Tests.Support;

/// <summary>Runs the project's test scripts (engines.sh, postgres.sh), copied next to the test assembly.</summary>
public static class TestScripts
{
    public static string Run(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
