using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>A running <c>swarm join</c>, stopped by its PID.</summary>
public sealed class JoinProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter log = new();

    public JoinProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "swarm.dll"));
        start.ArgumentList.Add("join");
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("SWARM_DISCOVERY");
        start.Environment.Remove("SWARM_ADVERTISE");
        process = Process.Start(start)!;
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

    public bool HasExited => process.HasExited;

    /// <summary>SIGTERM by PID; the exit code.</summary>
    public async Task<int> Terminate()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
