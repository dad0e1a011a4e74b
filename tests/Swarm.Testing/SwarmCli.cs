using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>Runs one <c>swarm</c> command to its end, without the discovery and advertise of the test's environment.</summary>
public static class SwarmCli
{
    public static Task<(int Code, string Output, string Error)> Run(params string[] arguments) =>
        RunWithEnvironment(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run"/>, with these environment variables set for the command.</summary>
    public static async Task<(int Code, string Output, string Error)> RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "swarm.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("SWARM_DISCOVERY");
        start.Environment.Remove("SWARM_ADVERTISE");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
