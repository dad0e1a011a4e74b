using System.Diagnostics;

namespace Swarm.HollowFarm.Tests.Support;

/// <summary>The real docker CLI as a user types it, against one engine address and never DOCKER_HOST.</summary>
public static class DockerCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    public static async Task<Result> Run(string address, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("tcp://" + address);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("DOCKER_HOST");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
