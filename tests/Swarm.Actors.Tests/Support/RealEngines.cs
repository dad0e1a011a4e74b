using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// Three real dockerd engines for a test class, started and stopped through tests/engines/engines.sh (which
/// installs docker.io and busybox-static when missing). Nothing is skipped: without engines the tests fail.
/// </summary>
public sealed class RealEngines : IEngineTargets, IDisposable
{
    private const int Count = 3;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-engines-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<int, RealEngine> engines = [];

    public RealEngines()
    {
        int basePort = FreePortRange(Count);
        var environment = new Dictionary<string, string> { ["NODE_1_LABELS"] = "region=eu node=ignored" };
        string output = Script(environment, "start", directory, Count.ToString(), basePort.ToString());
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            int number = int.Parse(fields[0]["node-".Length..]);
            engines[number] = new RealEngine(this, number, fields[0], fields[1]);
        }
        if (engines.Count != Count) throw new InvalidOperationException("engines.sh started fewer engines than asked:\n" + output);
    }

    public IEngineTarget this[int number] => engines[number];

    public void Dispose() => Script([], "stop", directory);

    private string Run(string verb, int number) => Script([], verb, directory, number.ToString());

    private static string Script(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "engines.sh"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"engines.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    // Consecutive loopback ports nobody listens on, picked at random so parallel runs do not meet.
    private static int FreePortRange(int count)
    {
        var random = new Random();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int basePort = random.Next(30000, 45000);
            if (Enumerable.Range(basePort + 1, count).All(IsFree)) return basePort;
        }
        throw new InvalidOperationException("no free port range on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class RealEngine(RealEngines owner, int number, string name, string address) : IEngineTarget
    {
        public string Name => name;
        public string Address => address;
        public IEngineClient NewClient() => new DockerEngineClient(address);
        public void Kill() => owner.Run("kill", number);
        public void Restart() => owner.Run("restart", number);
        public void Hang() => owner.Run("pause", number);
        public void Resume() => owner.Run("resume", number);
    }
}
