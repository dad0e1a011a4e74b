using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>A real <c>swarm manage</c> process on a free loopback port, stopped by its PID.</summary>
public sealed class ManagerProcess : IManagerUnderTest
{
    private readonly Process process;
    private readonly StringWriter log = new();

    public ManagerProcess(IEnumerable<string> engineAddresses, string store, params string[] extraFlags)
        : this(engineAddresses, store, fastEngineRefresh: true, extraFlags)
    {
    }

    /// <param name="fastEngineRefresh">
    /// True: engines refreshed every second (<c>--engine-refresh-min-interval 1s --engine-refresh-max-interval 1s</c>),
    /// as tests want; false: no refresh flags at all, so the manager runs with classic's defaults (30s / 60s, 3 retries).
    /// </param>
    public ManagerProcess(IEnumerable<string> engineAddresses, string store, bool fastEngineRefresh, params string[] extraFlags)
    {
        Port = LoopbackPorts.Free();
        ClusterPort = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        // As every sample starts it (samples/local, systemd, kubernetes): two malloc arenas.
        start.Environment["MALLOC_ARENA_MAX"] = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 } set ? set : MallocArenaMax;
        string[] refresh = fastEngineRefresh ? ["--engine-refresh-min-interval", "1s", "--engine-refresh-max-interval", "1s"] : [];
        // The shell on a port of its own, unless a test picks it: every manager would want 9110.
        string[] shell = extraFlags.Contains("--shell-port") ? [] : ["--shell-port", "0"];
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "swarm.dll"), "manage", "-H", $"tcp://127.0.0.1:{Port}",
                     .. refresh, "--store", store, "--cluster-port", ClusterPort.ToString(), .. shell,
                     .. extraFlags, Discovery(engineAddresses)])
        {
            start.ArgumentList.Add(argument);
        }
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the samples set <c>MALLOC_ARENA_MAX</c> to for <c>swarm manage</c>.</summary>
    public const string MallocArenaMax = "2";

    public int Port { get; }

    /// <summary>The discovery argument: <c>nodes://</c> with the addresses, or the one discovery URL given instead (<c>file:///…</c>, <c>etcd://…</c>).</summary>
    private static string Discovery(IEnumerable<string> engineAddresses)
    {
        var list = engineAddresses.ToList();
        return list is [var only] && only.Contains("://", StringComparison.Ordinal) ? only : "nodes://" + string.Join(',', list);
    }

    /// <summary>
    /// Starts a manager, again on other ports if it dies at once: a free port picked here can be taken by another
    /// process (another test's actor system) before the manager binds it.
    /// </summary>
    public static Task<ManagerProcess> StartAsync(IEnumerable<string> engineAddresses, string store, params string[] extraFlags) =>
        StartAsync(engineAddresses, store, fastEngineRefresh: true, extraFlags);

    /// <summary>As <see cref="StartAsync(IEnumerable{string}, string, string[])"/>; <paramref name="fastEngineRefresh"/> false keeps classic's engine refresh defaults.</summary>
    public static async Task<ManagerProcess> StartAsync(IEnumerable<string> engineAddresses, string store, bool fastEngineRefresh, params string[] extraFlags)
    {
        for (int attempt = 1; ; attempt++)
        {
            var manager = new ManagerProcess(engineAddresses, store, fastEngineRefresh, extraFlags);
            for (int i = 0; i < 30 && !manager.HasExited; i++) await Task.Delay(100);
            if (!manager.HasExited || attempt == 3) return manager;
            await manager.DisposeAsync();
        }
    }

    /// <summary>The manager's Akka endpoint, for other managers' <c>--seed</c>.</summary>
    public int ClusterPort { get; }

    public int Pid => process.Id;

    /// <summary>SIGTERM, as an operator stops it: the manager leaves the cluster and hands the scheduler over.</summary>
    public async Task Stop()
    {
        if (disposed || process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    /// <summary>The operational shell's <c>host:port</c>, as the manager printed it once listening.</summary>
    public async Task<string> ShellAddress()
    {
        const string listening = "swarm shell listening on ";
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !HasExited; await Task.Delay(100))
        {
            string? line = Log.Split('\n').FirstOrDefault(l => l.StartsWith(listening, StringComparison.Ordinal));
            if (line is not null) return line[listening.Length..].Trim();
        }
        throw new InvalidOperationException("the manager did not start its shell:\n" + Log);
    }

    /// <summary>Runs <c>swarm cmd</c> against this manager's shell.</summary>
    public async Task<ShellCli.Result> Shell(params string[] words) => await ShellCli.Run(await ShellAddress(), words);

    /// <summary>The scheduler's state digest (<c>GET /_swarm/state</c>).</summary>
    public async Task<string> StateDigest()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{Port}/_swarm/state");
    }

    /// <summary>Starts a manager and waits until it sees every engine healthy; stops it and fails with its log if it does not.</summary>
    public static async Task<ManagerProcess> StartHealthy(IReadOnlyList<string> engineAddresses, string store, params string[] extraFlags)
    {
        var started = await StartAsync(engineAddresses, store, extraFlags);
        try
        {
            await started.WaitForHealthyNodes(engineAddresses.Count, TimeSpan.FromSeconds(30));
            return started;
        }
        catch (InvalidOperationException)
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <c>docker info</c> through this manager shows <paramref name="count"/> healthy nodes.</summary>
    public async Task WaitForHealthyNodes(int count, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            var info = await Docker("info", "--format", "{{json .SystemStatus}}");
            if (info.ExitCode == 0 && info.Output.Split("Healthy").Length - 1 == count) return;
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"manager did not get {count} healthy engines:\n" + Log);
    }

    /// <summary>Waits for the manager to exit on its own (it left the cluster); false if it still runs after <paramref name="patience"/>.</summary>
    public async Task<bool> WaitForExit(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, as a crash: no leave, no hand-over.</summary>
    public void Crash()
    {
        if (!disposed && !process.HasExited) process.Kill();
    }

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    public bool HasExited => disposed || process.HasExited;

    /// <summary>Runs the real docker CLI against this manager.</summary>
    public Task<DockerCli.Result> Docker(params string[] arguments) => DockerCli.Run($"tcp://127.0.0.1:{Port}", arguments);

    /// <summary>Runs the real docker CLI against this manager with <paramref name="input"/> on its stdin, as <c>echo x | docker …</c>.</summary>
    public Task<DockerCli.Result> DockerWithInput(string input, params string[] arguments) => DockerCli.RunWithInput($"tcp://127.0.0.1:{Port}", input, arguments);

    private bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
