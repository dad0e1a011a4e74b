using System.Diagnostics;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// A <c>swarm manage</c> started from a deployment's own command line and environment (a systemd unit, a Kubernetes
/// container spec), with none of the test's <c>SWARM_*</c> variables leaking in; stopped by its PID.
/// </summary>
public sealed class DeployedManager : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter log = new();

    private DeployedManager(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <param name="commandLine">The program and its arguments, as the deployment would run them.</param>
    public static DeployedManager Start(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(commandLine[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (string argument in commandLine.Skip(1)) start.ArgumentList.Add(argument);
        foreach (string inherited in start.Environment.Keys.Where(k => k.StartsWith("SWARM_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(inherited);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new DeployedManager(Process.Start(start)!);
    }

    /// <summary>Waits until <c>docker info</c> on <paramref name="host"/> shows <paramref name="count"/> healthy nodes; fails with the log if it never does.</summary>
    public async Task<string> WaitForHealthyNodes(string host, int count)
    {
        DockerCli.Result info = new(-1, "", "");
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(250))
        {
            info = await DockerCli.Run(host, "info");
            if (info.ExitCode == 0 && info.Output.Split("└ Status: Healthy").Length - 1 == count) return info.Output;
        }
        throw new Xunit.Sdk.XunitException($"no {count} healthy nodes on {host} (exited: {process.HasExited}); last docker info: {info}\n{Log}");
    }

    /// <summary>Sends <paramref name="signal"/> (as a service manager stops it) and returns the exit code.</summary>
    /// <summary>The exit code once the manager ends on its own (after leaving the cluster), or null if it still runs after <paramref name="patience"/>.</summary>
    public async Task<int?> ExitedWithin(TimeSpan patience)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(patience);
            return process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async Task<int> Stop(string signal)
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-" + signal.Replace("SIG", "", StringComparison.Ordinal), process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
