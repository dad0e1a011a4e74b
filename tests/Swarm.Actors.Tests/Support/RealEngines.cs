using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// Three real dockerd engines, started and stopped through tests/engines/engines.sh (which installs docker.io
/// and busybox-static when missing). Nothing is skipped: without engines the tests fail.
/// </summary>
public class RealEngines : IEngineTargets, IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-engines-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<int, RealEngine> engines = [];

    public RealEngines() : this(3, tls: false)
    {
    }

    protected RealEngines(int count, bool tls)
    {
        // engines.sh puts node-N on base+N.
        int basePort = LoopbackPorts.FreeRange(count + 1);
        var environment = new Dictionary<string, string> { ["NODE_1_LABELS"] = "region=eu node=ignored" };
        string[] arguments = ["start", directory, count.ToString(), basePort.ToString(), .. tls ? new[] { "--tls" } : []];
        string output = Script(environment, arguments);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            int number = int.Parse(fields[0]["node-".Length..]);
            engines[number] = new RealEngine(this, number, fields[0], fields[1]);
        }
        if (engines.Count != count) throw new InvalidOperationException("engines.sh started fewer engines than asked:\n" + output);
    }

    public IEngineTarget this[int number] => engines[number];

    /// <summary>The engine's unix socket, which it listens on besides TCP.</summary>
    public string SocketPath(int number) => Path.Combine(directory, $"node-{number}", "docker.sock");

    /// <summary>The PEM files engines.sh made for <c>--tls</c> engines: ca.pem, cert.pem and key.pem (the client's).</summary>
    public string TlsFile(string name) => Path.Combine(directory, "tls", name);

    public void Dispose()
    {
        Script([], "stop", directory);
        GC.SuppressFinalize(this);
    }

    /// <summary>How clients reach these engines: plain, or with the client certificate when they verify it.</summary>
    protected virtual EngineTlsOptions? ClientTls => null;

    private string Run(string verb, int number) => Script([], verb, directory, number.ToString());

    private static string Script(Dictionary<string, string> environment, params string[] arguments) =>
        TestScripts.Run("engines.sh", environment, arguments);

    private sealed class RealEngine(RealEngines owner, int number, string name, string address) : IEngineTarget
    {
        public string Name => name;
        public string Address => address;
        public IEngineClient NewClient() => new DockerEngineClient(address, owner.ClientTls);
        public void Kill() => owner.Run("kill", number);
        public void Restart() => owner.Run("restart", number);
        public void Hang() => owner.Run("pause", number);
        public void Resume() => owner.Run("resume", number);
    }
}

/// <summary>One real engine that only accepts clients with a certificate signed by its CA (<c>dockerd --tlsverify</c>).</summary>
public sealed class TlsEngine : RealEngines
{
    public TlsEngine() : base(1, tls: true)
    {
    }

    protected override EngineTlsOptions? ClientTls => new(TlsFile("cert.pem"), TlsFile("key.pem"), TlsFile("ca.pem"));
}

[CollectionDefinition(Name)]
public sealed class RealEnginesCollection : ICollectionFixture<RealEngines>
{
    /// <summary>Test classes that share the three real engines run one after another.</summary>
    public const string Name = "real engines";
}
