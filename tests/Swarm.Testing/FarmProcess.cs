using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>A real <c>hollow-farm</c> process, its engines' addresses as it printed them, stopped by its PID.</summary>
public sealed class FarmProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly List<string> addresses = [];
    private readonly StringWriter log = new();
    private readonly TaskCompletionSource<bool> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int expected;

    private FarmProcess(int engines, IEnumerable<string> arguments)
    {
        expected = engines;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hollow-farm.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnAddress(e.Data);
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => started.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The engines' <c>host:port</c>, in order: hollow-1 first.</summary>
    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (addresses) return [.. addresses];
        }
    }

    public int Pid => process.Id;

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>A farm of <paramref name="engines"/> on consecutive free loopback ports.</summary>
    public static async Task<FarmProcess> OnLoopback(int engines, params string[] flags)
    {
        for (int attempt = 1; ; attempt++)
        {
            int basePort = LoopbackPorts.FreeRange(engines);
            try
            {
                return await Start(engines, ["--engines", engines.ToString(), "--base-port", basePort.ToString(), .. flags]);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took a port of the range meanwhile: try another range.
            }
        }
    }

    /// <summary>A farm started with exactly these arguments, once it has printed all its addresses.</summary>
    public static async Task<FarmProcess> Start(int engines, IEnumerable<string> arguments)
    {
        var farm = new FarmProcess(engines, arguments);
        var listening = farm.started.Task;
        if (await Task.WhenAny(listening, Task.Delay(StartTimeout)) == listening && await listening) return farm;
        await farm.DisposeAsync();
        throw new InvalidOperationException($"hollow-farm did not start:\n{farm.Log}");
    }

    /// <summary>Switches an engine's injected fault (refuse, hang, none) over its own endpoint.</summary>
    public async Task SetFault(int engine, string mode)
    {
        using var http = new HttpClient();
        var answer = await http.PostAsync($"http://{Addresses[engine - 1]}/_hollow/fault?mode={mode}", null);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>SIGTERM, as an operator stops the farm; the exit code, or null if it had to be killed.</summary>
    public async Task<int?> Terminate()
    {
        if (process.HasExited)
        {
            // Also waits for the last of its standard error, which an early exit (a taken port) explains.
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString()])) await kill.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
            return process.ExitCode;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Terminate();
        process.Dispose();
    }

    private void OnAddress(string? line)
    {
        if (string.IsNullOrEmpty(line)) return;
        lock (addresses)
        {
            addresses.Add(line);
            if (addresses.Count == expected) started.TrySetResult(true);
        }
    }
}
