using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>The real docker CLI as a user types it, against one host given with -H, never DOCKER_HOST.</summary>
public static class DockerCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    /// <param name="host">A docker host (<c>tcp://127.0.0.1:2375</c>, <c>unix://…</c>) or a bare <c>host:port</c>.</param>
    public static Task<Result> Run(string host, params string[] arguments) => RunWithInput(host, null, arguments);

    /// <param name="input">Written to the CLI's stdin, which is then closed; null: no stdin at all.</param>
    public static async Task<Result> RunWithInput(string host, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add(host.Contains("://", StringComparison.Ordinal) ? host : "tcp://" + host);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("DOCKER_HOST");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
