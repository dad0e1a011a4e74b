using BenchmarkDotNet.Running;
using Swarm.Benchmarks;

// Default: the placement table (about a minute). "scheduler": committed placements through the scheduler singleton
// on SQLite and PostgreSQL ("--sqlite-only" skips the PostgreSQL row). "failover": manager failover with swarm
// manage processes over a hollow farm. "reschedule": rescheduling on node failure, one swarm manage over three real
// engines (tests/engines/engines.sh, as root), node-2 SIGKILLed each round. "latency": docker run -d and docker ps -a
// through one swarm manage over three real engines vs directly against node-1, with the CLI and over HTTP
// ("--iterations N", default 50). "scale": one swarm manage over a hollow farm, containers placed through its Docker
// API (--engines 1000 --containers 30000 --concurrency 64, --postgres, --quick, --idle-seconds 60 of watching after the
// load); --manager-command "CMD" runs the same workload against any Swarm-compatible manager instead ({port}, {nodes},
// {file} filled in: CommandManagerProcess); --managers N: N managers sharing a PostgreSQL journal (MultiManagerScale),
// --failover: their primary SIGKILLed halfway; --real-engines: one manager over three real engines against the engines
// directly (RealEngineScale; --containers 300 --concurrency 16). "--bdn [BenchmarkDotNet args]" runs the BenchmarkDotNet suite.
if (args.Length > 0 && args[0] == "--bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(PlacementBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "scheduler")
{
    await CommittedPlacements.Run(ArgValue("--nodes", 1000), ArgValue("--placements", 20_000), ArgValue("--concurrency", 256), !args.Contains("--sqlite-only"));
    return 0;
}

if (args.Length > 0 && args[0] == "failover")
{
    await ManagerFailover.Run(ArgValue("--rounds", 3), ArgValue("--engines", 20), ArgValue("--clients", 6));
    return 0;
}

if (args.Length > 0 && args[0] == "scale")
{
    bool quick = args.Contains("--quick");
    bool failover = args.Contains("--failover");
    int managers = ArgValue("--managers", failover ? 3 : 1);
    var idle = TimeSpan.FromSeconds(ArgValue("--idle-seconds", quick ? 10 : 60));
    int at = Array.IndexOf(args, "--manager-command");
    string? managerCommand = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    if (args.Contains("--real-engines"))
    {
        if (managers > 1 || managerCommand is not null) return Usage("--real-engines runs one swarm manage of ours");
        return await RealEngineScale.Run(ArgValue("--containers", 300), ArgValue("--concurrency", 16)) ? 0 : 1;
    }
    // With two, the survivor of a killed primary is the smaller side (the oldest wins ties) and downs itself.
    if (failover && managers < 3) return Usage("--failover needs --managers 3 or more");
    int engines = ArgValue("--engines", quick ? 20 : 1000), containers = ArgValue("--containers", quick ? 300 : 30_000), concurrency = ArgValue("--concurrency", quick ? 8 : 64);
    if (managers > 1)
    {
        // Several managers share one journal: always PostgreSQL.
        if (managerCommand is not null) return Usage("--manager-command measures one manager");
        return await MultiManagerScale.Run(managers, engines, containers, concurrency, idle, failover) ? 0 : 1;
    }
    bool placedAll = await ManagerScale.Run(engines, containers, concurrency, args.Contains("--postgres"), idle, managerCommand);
    return placedAll ? 0 : 1;
}

if (args.Length > 0 && args[0] == "reschedule")
{
    await NodeFailureRescheduling.Run(ArgValue("--rounds", 3), ArgValue("--containers", 10));
    return 0;
}

if (args.Length > 0 && args[0] == "latency")
{
    await ManagerLatency.Run(ArgValue("--iterations", 50));
    return 0;
}

int nodes = ArgValue("--nodes", 1000);
int perNode = ArgValue("--containers-per-node", 30);
int decisions = ArgValue("--decisions", 20_000);
PlacementTable.Run(nodes, perNode, decisions);
return 0;

static int Usage(string message)
{
    Console.Error.WriteLine("scale: " + message);
    return 2;
}

int ArgValue(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
}
