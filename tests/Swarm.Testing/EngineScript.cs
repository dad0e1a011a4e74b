using System.Diagnostics;

namespace Swarm.Testing;

/// <summary>
/// Real dockerd engines started, killed and stopped through tests/engines/engines.sh in a temporary directory of
/// their own. The script must be copied next to the calling assembly (link it in the project with
/// <c>CopyToOutputDirectory</c>). engines.sh stops only what it started: dockerd by its pidfile, then the
/// processes carrying the engine's exec root.
/// </summary>
public sealed class EngineScript : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-engines-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<int, string> addresses = [];

    /// <summary>Starts node-1..node-<paramref name="count"/> on consecutive free loopback ports.</summary>
    public EngineScript(int count)
    {
        // engines.sh puts node-N on base+N.
        int basePort = LoopbackPorts.FreeRange(count + 1);
        string output;
        try
        {
            output = Run("start", directory, count.ToString(), basePort.ToString());
        }
        catch
        {
            Run("stop", directory);
            throw;
        }
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            addresses[int.Parse(fields[0]["node-".Length..])] = fields[1];
        }
        if (addresses.Count != count)
        {
            Run("stop", directory);
            throw new InvalidOperationException("engines.sh started fewer engines than asked:\n" + output);
        }
    }

    /// <summary>node-N's <c>127.0.0.1:port</c>.</summary>
    public string Address(int number) => addresses[number];

    /// <summary>Every engine's address, node-1 first.</summary>
    public IReadOnlyList<string> Addresses => [.. addresses.OrderBy(a => a.Key).Select(a => a.Value)];

    /// <summary>SIGKILL of node-N's dockerd (its containerd and containers stay until <see cref="Restart"/>).</summary>
    public void Kill(int number) => Run("kill", directory, number.ToString());

    /// <summary>Starts node-N again after a kill: same data and port.</summary>
    public void Restart(int number) => Run("restart", directory, number.ToString());

    /// <summary>Runs the real docker CLI against node-N directly, not through a manager.</summary>
    public Task<DockerCli.Result> Docker(int number, params string[] arguments) => DockerCli.Run(addresses[number], arguments);

    public void Dispose() => Run("stop", directory);

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "engines.sh"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"engines.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
