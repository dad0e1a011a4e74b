using System.Diagnostics;
using System.Net.Sockets;

namespace Swarm.Testing;

/// <summary>
/// Any Swarm-compatible manager started from a command line, so the same workload can be run against another
/// implementation (classic Swarm 1.2.9, say). The command runs with <c>bash -c "exec …"</c>, so the measured PID
/// is the manager's own; <c>{port}</c> becomes the free loopback port it must serve the Docker API on,
/// <c>{nodes}</c> the engines' addresses joined with commas, <c>{file}</c> a discovery file with one address a line.
/// Stopped by its PID: SIGTERM, then SIGKILL after 10 s.
/// </summary>
public sealed class CommandManagerProcess : IManagerUnderTest
{
    private static readonly TimeSpan ListenPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringWriter log = new();
    private readonly string discoveryFile;

    private CommandManagerProcess(string template, IReadOnlyList<string> engines)
    {
        Port = LoopbackPorts.Free();
        discoveryFile = Path.Combine(Path.GetTempPath(), $"swarm-engines-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(discoveryFile, engines);
        Command = Expand(template, Port, engines, discoveryFile);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec " + Command);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The command as run, placeholders filled in.</summary>
    public string Command { get; }

    public int Port { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>The command with its placeholders filled in.</summary>
    public static string Expand(string template, int port, IReadOnlyList<string> engines, string discoveryFile) =>
        template.Replace("{port}", port.ToString()).Replace("{nodes}", string.Join(',', engines)).Replace("{file}", discoveryFile);

    /// <summary>Starts the command and waits until its port accepts connections; throws with its output if it exits first.</summary>
    public static async Task<CommandManagerProcess> StartAsync(string template, IReadOnlyList<string> engines)
    {
        if (!template.Contains("{port}", StringComparison.Ordinal)) throw new ArgumentException("the manager command must say where to listen: tcp://127.0.0.1:{port}", nameof(template));
        var manager = new CommandManagerProcess(template, engines);
        var deadline = DateTime.UtcNow + ListenPatience;
        while (DateTime.UtcNow < deadline && !manager.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", manager.Port);
                return manager;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }
        string output = manager.Log;
        await manager.DisposeAsync();
        throw new InvalidOperationException($"the manager command did not listen on 127.0.0.1:{manager.Port}: {manager.Command}\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString()])) await term.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(StopPatience);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
        File.Delete(discoveryFile);
    }
}
