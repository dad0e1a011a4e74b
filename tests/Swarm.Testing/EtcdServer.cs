using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>
/// A single-member etcd on a free loopback port, started by tests/etcd/etcd.sh (which installs Debian's etcd-server
/// when missing) with its data in a temporary directory, and stopped by its PID. The script must be copied next to
/// the calling assembly (link it in the project with <c>CopyToOutputDirectory</c>).
/// </summary>
public sealed class EtcdServer : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-etcd-" + Guid.NewGuid().ToString("N")[..8]);
    private bool stopped;

    public EtcdServer()
    {
        string[] fields;
        try
        {
            fields = Run("start", directory).Trim().Split(' ');
        }
        catch
        {
            // etcd.sh stops an etcd that did not come up; only its directory is left.
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            throw;
        }
        Port = int.Parse(fields[0]);
        Pid = int.Parse(fields[1]);
    }

    public int Port { get; }

    public int Pid { get; }

    /// <summary><c>127.0.0.1:port</c>, etcd's client endpoint.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The discovery URL of <paramref name="prefix"/> on this etcd: <c>etcd://127.0.0.1:port/prefix</c>.</summary>
    public string Discovery(string prefix) => $"etcd://{Endpoint}/{prefix}";

    /// <summary>Stops etcd by its PID, as an outage; its data directory goes too. Disposing afterwards does nothing more.</summary>
    public void Stop()
    {
        if (stopped) return;
        stopped = true;
        Run("stop", Pid.ToString(), directory);
    }

    public void Dispose() => Stop();

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "etcd.sh"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"etcd.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
