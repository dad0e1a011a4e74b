using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.RegularExpressions;
using Swarm.Engines.Hollow;
using Swarm.Engines;

namespace Swarm.HollowFarm;

/// <summary>What <c>hollow-farm</c> was asked to serve: one simulated engine per endpoint, each engine's address being its endpoint.</summary>
public static partial class FarmOptions
{
    public const string Usage = """
        Usage: hollow-farm --engines N [OPTIONS]

        Serves N simulated ("hollow") Docker engines over HTTP, one per endpoint, speaking the Docker Engine API
        as dockerd 20.10 (API 1.41) does. No container really runs: for scale benchmarks and demos only.
        Prints one host:port per engine, then runs until SIGTERM or SIGINT.

        Options:
          --engines N                 number of engines (required)
          --base-port P               engine i listens on 127.0.0.1:P+i-1 (default 30001)
          --addresses A..             engine i listens on the i-th address from A on (127.0.1.1..), or
          --addresses A,B,...         on the listed addresses (exactly N), all on --port
          --port P                    port of every engine with --addresses (default 2375)
          --cpus C[,C...]             CPUs each engine reports; a list is cycled over the engines (default 2)
          --memory BYTES[,BYTES...]   memory each engine reports: bytes, or with a k, m, g or t suffix; a list is
                                      cycled over the engines (default 2g)
          --label k=v                 engine label, repeatable (hollow=true is always there)
          --label-cycle k=v1,v2,...   engine i gets k=v(i mod n): per-engine labels (regions, racks), repeatable
          --image repo:tag            image every engine holds, repeatable (default busybox:latest)
          --docker-id ID              one daemon ID for all engines, as cloned machines (default: one per address)
          --latency D                 added to every call, as a Go duration (5ms, 1s)
        """;

    private const int DefaultBasePort = 30001;
    private const int DefaultAddressPort = 2375;

    private static readonly HashSet<string> Known =
        ["engines", "base-port", "addresses", "port", "cpus", "memory", "label", "label-cycle", "image", "docker-id", "latency", "help"];

    private static readonly HashSet<string> Booleans = ["help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["h"] = "help" };

    /// <summary>The engines to serve, or null with the error to print; an empty list means <c>--help</c> was asked.</summary>
    public static IReadOnlyList<HollowEngineOptions>? TryParse(string[] args, out string? error)
    {
        var line = CommandLine.TryParse(args, Known, Booleans, Aliases, out error);
        if (line is null) return null;
        try
        {
            return line.Flag("help") ? [] : Engines(line);
        }
        catch (FormatException invalid)
        {
            error = invalid.Message;
            return null;
        }
    }

    private static List<HollowEngineOptions> Engines(CommandLine line)
    {
        if (line.Positional.Count > 0) throw new FormatException($"unexpected argument: {line.Positional[0]}");
        if (!int.TryParse(line.Value("engines"), out int count) || count < 1) throw new FormatException("--engines N is required, N at least 1");
        var cpus = (line.Value("cpus") ?? "2").Split(',').Select(text => long.TryParse(text, out long value) && value >= 1 ? value : 0).ToList();
        if (cpus.Contains(0)) throw new FormatException("--cpus should be a positive number (or a comma-separated list of them)");
        var memory = (line.Value("memory") ?? "2g").Split(',').Select(text => ParseBytes(text) ?? 0).ToList();
        if (memory.Contains(0)) throw new FormatException("--memory should be a positive number of bytes (k, m, g, t suffixes allowed)");
        var latency = GoDuration.TryParse(line.Value("latency") ?? "0") is { } parsed && parsed >= TimeSpan.Zero ? parsed : throw new FormatException("--latency should be a Go duration such as 5ms");
        var labels = line.All("label");
        string? badLabel = labels.FirstOrDefault(l => l.IndexOf('=') < 1);
        if (badLabel is not null) throw new FormatException($"invalid label: {badLabel} (expected key=value)");
        var cycles = line.All("label-cycle").Select(LabelCycle).ToList();
        var images = line.All("image");

        return [.. Endpoints(line, count).Select((endpoint, index) =>
        {
            var engine = new HollowEngineOptions
            {
                Address = endpoint.ToString(),
                Name = $"hollow-{index + 1}",
                DockerId = line.Value("docker-id") ?? "",
                Cpus = cpus[index % cpus.Count],
                Memory = memory[index % memory.Count],
                Labels = [.. labels, .. cycles.Select(cycle => $"{cycle.Key}={cycle.Values[index % cycle.Values.Length]}")],
                Latency = latency,
            };
            return images.Count > 0 ? engine with { Images = images } : engine;
        })];
    }

    /// <summary><c>key=v1,v2,…</c>: the values engines take in turn.</summary>
    private static (string Key, string[] Values) LabelCycle(string text)
    {
        int equals = text.IndexOf('=');
        string[] values = equals < 1 ? [] : text[(equals + 1)..].Split(',');
        return values.Length == 0 || values.Any(v => v.Length == 0)
            ? throw new FormatException($"invalid label cycle: {text} (expected key=value1,value2,...)")
            : (text[..equals], values);
    }

    private static List<IPEndPoint> Endpoints(CommandLine line, int count)
    {
        string? addresses = line.Value("addresses");
        if (addresses is null)
        {
            if (line.Value("port") is not null) throw new FormatException("--port goes with --addresses; use --base-port");
            if (!int.TryParse(line.Value("base-port") ?? DefaultBasePort.ToString(CultureInfo.InvariantCulture), out int basePort)
                || basePort < 1 || basePort + count - 1 > IPEndPoint.MaxPort)
            {
                throw new FormatException($"--base-port should leave room for {count} ports below 65536");
            }
            return [.. Enumerable.Range(basePort, count).Select(port => new IPEndPoint(IPAddress.Loopback, port))];
        }

        if (line.Value("base-port") is not null) throw new FormatException("--base-port and --addresses exclude each other");
        if (!int.TryParse(line.Value("port") ?? DefaultAddressPort.ToString(CultureInfo.InvariantCulture), out int port) || port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new FormatException("--port should be a port number");
        }
        var hosts = addresses.EndsWith("..", StringComparison.Ordinal) ? ConsecutiveAddresses(addresses[..^2], count) : ListedAddresses(addresses, count);
        return hosts is null
            ? throw new FormatException($"--addresses {addresses}: expected FIRST.. or {count} distinct comma-separated IPv4 addresses")
            : [.. hosts.Select(host => new IPEndPoint(host, port))];
    }

    private static List<IPAddress>? ConsecutiveAddresses(string first, int count)
    {
        if (!IPAddress.TryParse(first, out var start) || start.AddressFamily != AddressFamily.InterNetwork) return null;
        uint value = BinaryPrimitives.ReadUInt32BigEndian(start.GetAddressBytes());
        if (value + (ulong)count - 1 > uint.MaxValue) return null;
        return [.. Enumerable.Range(0, count).Select(i => new IPAddress(BigEndian(value + (uint)i)))];
    }

    private static byte[] BigEndian(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static List<IPAddress>? ListedAddresses(string list, int count)
    {
        var hosts = new List<IPAddress>();
        foreach (string text in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(text, out var host) || host.AddressFamily != AddressFamily.InterNetwork) return null;
            hosts.Add(host);
        }
        return hosts.Count == count && hosts.Distinct().Count() == count ? hosts : null;
    }

    /// <summary>Bytes as Docker's flags take them: a number, optionally with a binary k, m, g or t suffix.</summary>
    private static long? ParseBytes(string text)
    {
        var match = ByteCount().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long amount)) return null;
        int shift = match.Groups[2].Value.ToLowerInvariant() switch { "k" => 10, "m" => 20, "g" => 30, "t" => 40, _ => 0 };
        return amount < 1 || amount > long.MaxValue >> shift ? null : amount << shift;
    }

    [GeneratedRegex(@"^(\d+)([kmgtKMGT]?)[bB]?$")]
    private static partial Regex ByteCount();
}
