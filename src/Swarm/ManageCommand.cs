using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Api;
using Swarm.Engines;
using Swarm.Scheduling;
using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;
using Swarm.Shell;

namespace Swarm;

/// <summary><c>swarm manage [flags] &lt;discovery&gt;</c>: a manager serving the Docker API for the whole cluster.</summary>
public static class ManageCommand
{
    private static readonly HashSet<string> Known =
    [
        "host", "strategy", "filter", "engine-refresh-min-interval", "engine-refresh-max-interval", "engine-failure-retry",
        "cluster-opt", "store", "seed", "cluster-host", "cluster-port", "shell-host", "shell-port", "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "help", "heartbeat",
    ];

    private static readonly HashSet<string> Booleans = ["tls", "tlsverify", "help"];
    private static readonly Dictionary<string, string> Aliases = new() { ["H"] = "host", ["f"] = "filter", ["h"] = "help" };

    public const string Usage = """
        Usage: swarm manage [OPTIONS] <discovery>

        Manage a docker cluster

        Options:
          --host, -H [--host option --host option]   ip/socket to listen on [$SWARM_HOST] (default tcp://127.0.0.1:2375)
          --strategy "spread"                         placement strategy to use [spread, binpack, random]
          --filter, -f [--filter option ...]          filter to use [health, port, containerslots, dependency, affinity, constraint, whitelist]
          --engine-refresh-min-interval "30s"         set engine refresh minimum interval
          --engine-refresh-max-interval "60s"         set engine refresh maximum interval
          --engine-failure-retry "3"                  set engine failure retry count
          --cluster-opt [--cluster-opt option ...]    cluster driver options (swarm.overcommit=0.05, swarm.reschedule=on-node-failure, swarm.drain=all)
          --heartbeat "60s"                           how often discovery is read again
          --store "swarm.db"                          scheduler journal: a SQLite file, or postgres://user@host:port/db [$SWARM_STORE]
          --seed [--seed option ...]                  Akka address host:port of another manager to join [$SWARM_SEEDS, comma-separated]
          --cluster-host "127.0.0.1"                  address the manager's Akka endpoint binds and advertises
          --cluster-port "4053"                       port of the manager's Akka endpoint (0: any free port)
          --shell-host "127.0.0.1"                    address the operational shell (swarm cmd) listens on
          --shell-port "9110"                         port of the operational shell (0: any free port)
          --tls, --tlsverify, --tlscacert, --tlscert, --tlskey   TLS towards the engines
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
        if (string.IsNullOrEmpty(discovery)) return Fail("discovery required to manage a cluster. See 'swarm manage --help'.");
        MallocTuning.FixMmapThreshold();
        var engines = DiscoveryList.TryParse(discovery, out error);
        if (engines is null) return Fail(error!);
        var heartbeat = GoDuration.TryParse(line.Value("heartbeat") ?? "60s");
        if (heartbeat is null || heartbeat < TimeSpan.FromSeconds(1)) return Fail("--heartbeat should be at least one second");

        var strategy = PlacementStrategies.TryParse(line.Value("strategy") ?? "spread", out error);
        if (strategy is null) return Fail(error!);
        var filterNames = line.All("filter").Count > 0 ? line.All("filter") : FilterRegistry.Names;
        var filters = FilterRegistry.TryCreate(filterNames, out error);
        if (filters is null) return Fail(error!);

        var min = GoDuration.TryParse(line.Value("engine-refresh-min-interval") ?? "30s");
        var max = GoDuration.TryParse(line.Value("engine-refresh-max-interval") ?? "60s");
        if (min is null || min <= TimeSpan.Zero) return Fail("min refresh interval should be a positive number");
        if (max is null || max < min) return Fail("max refresh interval cannot be less than min refresh interval");
        if (!int.TryParse(line.Value("engine-failure-retry") ?? "3", out int retry) || retry <= 0) return Fail("invalid failure retry count");

        var overcommit = Overcommit.Default;
        var reschedule = Swarm.Scheduling.Requests.ReschedulePolicy.Off;
        bool drainAll = false;
        foreach (string option in line.All("cluster-opt"))
        {
            string[] pair = option.Split('=', 2);
            if (pair.Length != 2) return Fail($"invalid cluster option: {option}");
            switch (pair[0])
            {
                case "swarm.overcommit":
                    if (!double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double ratio)) return Fail($"invalid value for swarm.overcommit: {pair[1]}");
                    var parsed = Overcommit.TryCreate(ratio, out error);
                    if (parsed is null) return Fail(error!);
                    overcommit = parsed.Value;
                    break;
                case "swarm.reschedule":
                    if (pair[1] is not ("off" or "on-node-failure")) return Fail($"invalid value for swarm.reschedule: {pair[1]} (off or on-node-failure)");
                    reschedule = pair[1] == "off" ? Swarm.Scheduling.Requests.ReschedulePolicy.Off : Swarm.Scheduling.Requests.ReschedulePolicy.OnNodeFailure;
                    break;
                case "swarm.drain":
                    if (pair[1] is not ("all" or "on-node-failure")) return Fail($"invalid value for swarm.drain: {pair[1]} (all or on-node-failure)");
                    drainAll = pair[1] == "all";
                    break;
                default:
                    return Fail($"unsupported cluster option: {pair[0]}");
            }
        }

        var tls = EngineTls(line, out error);
        if (error is not null) return Fail(error);
        if (!int.TryParse(line.Value("cluster-port") ?? "4053", out int clusterPort)) return Fail("--cluster-port should be a port number");
        if (!int.TryParse(line.Value("shell-port") ?? ShellProtocol.DefaultPort.ToString(CultureInfo.InvariantCulture), out int shellPort) || shellPort is < 0 or > 65535) return Fail("--shell-port should be a port number");
        string shellHost = line.Value("shell-host") ?? ShellProtocol.DefaultHost;
        if (!IPAddress.TryParse(shellHost == "localhost" ? "127.0.0.1" : shellHost, out var shellAddress)) return Fail("--shell-host should be an IP address");
        var seeds = SeedList.TryParse(line.All("seed"), Environment.GetEnvironmentVariable(SeedList.EnvironmentVariable), out error);
        if (seeds is null) return Fail(error!);

        var hosts = line.All("host").Count > 0 ? line.All("host") : [Environment.GetEnvironmentVariable("SWARM_HOST") ?? "tcp://127.0.0.1:2375"];
        var options = new ManagerOptions(
            new SchedulerOptions(filters, strategy.Value, overcommit, Environment.TickCount) { DefaultReschedulePolicy = reschedule, DrainMovesAll = drainAll },
            new EngineSettings(min.Value, max.Value, retry, TimeSpan.FromSeconds(30)),
            engines,
            heartbeat.Value,
            line.Value("store", "SWARM_STORE") ?? "swarm.db",
            seeds,
            line.Value("cluster-host") ?? "127.0.0.1",
            clusterPort,
            tls);

        if (!SwarmManager.IsPostgresStore(options.Store)) SqliteStore.UseWriteAheadLog(options.Store);
        var manager = await SwarmManager.StartAsync(options, Path.Combine(AppContext.BaseDirectory, "hocon", "manager.conf"));
        // The content root is the program's own directory, not wherever the manager was started: ASP.NET watches its
        // content root (recursively) for appsettings changes, and a manager started in /tmp or / watched thousands of
        // directories (a FileSystemWatcher with 30,000 entries seen in a heap dump).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(HijackConnections.Install);
            foreach (string host in hosts) Listen(kestrel, host);
        });
        var app = builder.Build();
        app.UseDockerConventions();
        app.MapSystemRoutes(manager, strategy.Value.Name(), filterNames);
        app.MapContainerRoutes(manager);
        app.MapContainerProxyRoutes(manager, tls);
        var cluster = ClusterEngines.For(app, manager, tls);
        app.MapEventRoutes(cluster);
        app.MapImageRoutes(cluster);
        app.MapImageTransferRoutes(cluster);
        app.MapBuildRoutes(cluster, manager);
        app.MapDiskUsageRoutes(cluster);
        app.MapVolumeRoutes(cluster);
        app.MapNetworkRoutes(cluster);
        app.MapNodeRoutes(manager, cluster);
        app.MapContainerPruneRoutes(manager, cluster);
        app.MapSwarmModeRoutes();
        app.MapFallback((Microsoft.AspNetCore.Http.HttpContext context) =>
            ApiConventions.Error(404, $"page not found: {context.Request.Method} {context.Request.Path}"));
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await manager.DisposeAsync();
            return Fail($"{string.Join(", ", hosts)}: {e.Message}. Is Docker already running on this machine? Try using a different port");
        }
        Console.Error.WriteLine($"swarm manager listening on {string.Join(", ", hosts)}");
        var shell = StartShell(shellAddress, shellPort, manager);
        // A manager whose actor system stopped (it left the cluster, e.g. by the shell's cluster leave, or was downed) has nothing left to serve.
        _ = manager.System.WhenTerminated.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
        await app.WaitForShutdownAsync();
        if (shell is not null) await shell.DisposeAsync();
        await manager.DisposeAsync();
        return 0;
    }

    // The shell is for operators: a manager whose shell port is taken still serves the cluster, and says so.
    private static ShellServer? StartShell(IPAddress address, int port, SwarmManager manager)
    {
        try
        {
            var shell = ShellServer.Start(address, port, manager, ShellPalette.Manager);
            Console.Error.WriteLine($"swarm shell listening on {shell.Endpoint}");
            return shell;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"swarm manage: the shell cannot listen on {address}:{port} ({e.Message}); going on without it");
            return null;
        }
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            kestrel.ListenUnixSocket(host["unix://".Length..]);
            return;
        }
        var uri = new Uri(host.Contains("://", StringComparison.Ordinal) ? host.Replace("tcp://", "http://") : "http://" + host);
        var address = uri.Host is "0.0.0.0" or "" ? System.Net.IPAddress.Any : System.Net.IPAddress.Parse(uri.Host == "localhost" ? "127.0.0.1" : uri.Host);
        kestrel.Listen(address, uri.Port);
    }

    private static EngineTlsOptions? EngineTls(CommandLine line, out string? error)
    {
        error = null;
        bool tls = line.Flag("tls"), verify = line.Flag("tlsverify");
        string? cert = line.Value("tlscert"), key = line.Value("tlskey"), ca = line.Value("tlscacert");
        if (!tls && !verify)
        {
            if (cert is not null || key is not null || ca is not null) error = "--tlscert, --tlskey and --tlscacert require the use of either --tls or --tlsverify";
            return null;
        }
        if (cert is null || key is null)
        {
            error = "--tlscert and --tlskey must be provided when using --tls";
            return null;
        }
        if (verify && ca is null)
        {
            error = "--tlscacert must be provided when using --tlsverify";
            return null;
        }
        return new EngineTlsOptions(cert, key, verify ? ca : null);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
