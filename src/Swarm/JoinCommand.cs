using System.Runtime.InteropServices;
using Swarm.Actors.Discovery;
using Swarm.Engines;

namespace Swarm;

/// <summary>
/// <c>swarm join --advertise host:port &lt;discovery&gt;</c>: registers an engine's address in discovery every heartbeat,
/// with classic's flag validation. <c>file://</c> and <c>etcd://</c> take registrations; SIGTERM or SIGINT ends it with
/// exit code 0 and leaves the entry in place, as classic did (an etcd entry then expires after <c>--ttl</c>).
/// </summary>
public static class JoinCommand
{
    private static readonly HashSet<string> Known = ["advertise", "heartbeat", "ttl", "delay", "discovery-opt", "help"];
    private static readonly HashSet<string> Booleans = ["help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["addr"] = "advertise", ["h"] = "help" };

    public const string Usage = """
        Usage: swarm join [OPTIONS] <discovery>

        Join a docker cluster

        Arguments:
           <discovery>    discovery service to use [$SWARM_DISCOVERY]
                           * file://path/to/file
                           * etcd://<ip1>,<ip2>/<path>
                           (nodes://, a bare list, token://, consul:// and zk:// take no registration here)

        Options:
           --advertise, --addr                 Address of the Docker Engine joining the cluster. Swarm manager(s) MUST be able to reach the Docker Engine at this address. ex: 192.168.1.2:2375 [$SWARM_ADVERTISE]
           --heartbeat "60s"                   period between each heartbeat
           --ttl "180s"                        set the expiration of an ephemeral node
           --delay "0s"                        add a random delay in [0s,delay] to avoid synchronized registration
           --discovery-opt [--discovery-opt option --discovery-opt option]   discovery options

        file: the address is written to the file (a line of its own, other lines kept) and written again every heartbeat
        if it went missing. etcd: the address is put under <path>/docker/swarm/nodes/<address> every heartbeat with a
        lease of --ttl (a host without a port means port 2379). On SIGTERM or SIGINT swarm join exits 0 and leaves the
        entry, as classic did: remove the line from the file; an etcd entry expires after --ttl.
        """;

    public static async Task<int> Run(string[] args)
    {
        var line = CommandLine.TryParse(args, Known, Booleans, Aliases, out string? error);
        if (line is null) return Fail(error!);
        if (line.Flag("help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        string? discovery = line.Positional.FirstOrDefault() ?? Environment.GetEnvironmentVariable("SWARM_DISCOVERY");
        if (string.IsNullOrEmpty(discovery)) return Fail("discovery required to join a cluster. See 'swarm join --help'.");
        string? address = line.Value("advertise", "SWARM_ADVERTISE");
        if (string.IsNullOrEmpty(address)) return Fail("missing mandatory --advertise flag");
        if (!IsAddress(address)) return Fail("--advertise should be of the form ip:port or hostname:port");

        if (!TryDuration(line, "delay", "0s", out var delay, out error)) return Fail(error!);
        if (delay < TimeSpan.Zero) return Fail("--delay should not be a negative number");
        if (!TryDuration(line, "heartbeat", "60s", out var heartbeat, out error)) return Fail(error!);
        if (heartbeat < TimeSpan.FromSeconds(1)) return Fail("--heartbeat should be at least one second");
        if (!TryDuration(line, "ttl", "180s", out var ttl, out error)) return Fail(error!);
        if (ttl <= heartbeat) return Fail("--ttl must be strictly superior to the heartbeat value");

        var registry = TryRegistry(discovery, out error);
        if (registry is null) return Fail(error!);

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        try
        {
            if (delay > TimeSpan.Zero)
            {
                var wait = TimeSpan.FromTicks(Random.Shared.NextInt64(delay.Ticks));
                Log($"Add a random delay {wait.TotalSeconds:0.###}s to avoid synchronized registration");
                await Task.Delay(wait, stop.Token);
            }
            Log($"Registering on the discovery service every {line.Value("heartbeat") ?? "60s"}... addr={address} discovery={discovery}");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (await registry.RegisterAsync(address, ttl, stop.Token)) Log($"Registered {address} in {registry.Location}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log($"Registration failed: {e.Message}");
                }
                await Task.Delay(heartbeat, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return 0;
    }

    /// <summary>Classic's <c>checkAddrFormat</c>: <c>net.SplitHostPort</c> succeeds and the port is 1..65535.</summary>
    public static bool IsAddress(string address)
    {
        string port;
        if (address.StartsWith('['))
        {
            int close = address.IndexOf(']');
            if (close < 0 || close + 1 >= address.Length || address[close + 1] != ':') return false;
            port = address[(close + 2)..];
        }
        else
        {
            int colon = address.IndexOf(':');
            if (colon < 0 || colon != address.LastIndexOf(':') || address.Contains('[') || address.Contains(']')) return false;
            port = address[(colon + 1)..];
        }
        return int.TryParse(port, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int number)
            && number is > 0 and <= 65535;
    }

    private static IDiscoveryRegistration? TryRegistry(string discovery, out string? error)
    {
        error = null;
        int scheme = discovery.IndexOf("://", StringComparison.Ordinal);
        string name = scheme < 0 ? "nodes" : discovery[..scheme];
        switch (name)
        {
            case "file":
                return new FileDiscovery(discovery[(scheme + 3)..]);
            case "etcd":
                return EtcdDiscovery.TryParse(discovery[(scheme + 3)..], out error);
            case "nodes":
                // Classic's static backends answer Register with discovery.ErrNotImplemented.
                error = "not implemented in this discovery service";
                return null;
            case "token" or "consul" or "zk":
                error = $"discovery backend {name}:// is not supported by swarm join; use file:///path or etcd://host:2379/path";
                return null;
            default:
                // discovery.New for a scheme nobody registered: discovery.ErrNotSupported.
                error = "discovery service not supported";
                return null;
        }
    }

    private static bool TryDuration(CommandLine line, string flag, string fallback, out TimeSpan value, out string? error)
    {
        string text = line.Value(flag) ?? fallback;
        var parsed = GoDuration.TryParse(text);
        value = parsed ?? TimeSpan.Zero;
        error = parsed is null ? $"invalid --{flag}: time: invalid duration \"{text}\"" : null;
        return parsed is not null;
    }

    private static void Log(string message) => Console.Error.WriteLine(message);

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
