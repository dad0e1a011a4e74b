using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// Rescheduling on node failure, measured as a user sees it: one <c>swarm manage</c> with classic's default engine
/// settings over three real engines (tests/engines/engines.sh). Each round runs containers with
/// <c>reschedule:on-node-failure</c> on node-2, SIGKILLs node-2's dockerd, and reports how long until the manager
/// reported node-2 not healthy (<c>GET /_swarm/engines</c>), how long until every container was listed Up on another
/// node by <c>docker ps</c>, and whether any was lost or ran twice; then node-2 is started again and its stale copies
/// must go. The manager log's timestamps say where the time went.
/// </summary>
public static partial class NodeFailureRescheduling
{
    private const string SwarmIdLabel = "com.docker.swarm.id";
    private const int FailedNode = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan EnginePoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ListingPoll = TimeSpan.FromMilliseconds(200);

    public static async Task Run(int rounds, int containers)
    {
        Console.WriteLine($"Rescheduling on node failure: 1 manager (default engine settings: refresh 30s-60s, 3 failures), 3 real engines, {containers} containers on node-2, {rounds} rounds");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine();

        string store = Path.Combine(Path.GetTempPath(), $"swarm-bench-resched-{Guid.NewGuid():N}.db");
        var results = new List<RoundResult>();
        ManagerProcess? manager = null;
        try
        {
            using var engines = new EngineScript(3);
            manager = await ManagerProcess.StartAsync(engines.Addresses, store, fastEngineRefresh: false);
            await manager.WaitForHealthyNodes(3, Patience);
            for (int round = 1; round <= rounds; round++) results.Add(await Round(round, containers, engines, manager));
            await manager.DisposeAsync();
        }
        finally
        {
            if (manager is not null)
            {
                if (Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS") is { Length: > 0 } logs) File.WriteAllText(Path.Combine(logs, "reschedule-manager.log"), manager.Log);
                await manager.DisposeAsync();
            }
            foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
        }

        Console.WriteLine("| round | containers | detection (s) | first rescheduled (s) | all rescheduled (s) | lost | doubled |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results) Console.WriteLine($"| {r.Round} | {r.Containers} | {Seconds(r.Detection)} | {Seconds(r.FirstUp)} | {Seconds(r.AllUp)} | {r.Lost} | {r.Doubled} |");
        Console.WriteLine();
        Console.WriteLine($"Detection: {Range(results.Select(r => r.Detection))} s (target: under 10 s); all rescheduled: {Range(results.Select(r => r.AllUp))} s (target: under 15 s)");
        Console.WriteLine();
        Console.WriteLine("Where the time went, seconds after the SIGKILL (the manager's log: \"Flagging engine\", \"Rescheduling container\" when the scheduler decided a move,");
        Console.WriteLine("\"Rescheduled container\" when the new node created it; \"all listed Up\" is docker ps). node-2 back: seconds after engines.sh restart");
        Console.WriteLine("returned (its new dockerd answering; 0.0: the manager had seen it healthy by then).");
        Console.WriteLine();
        Console.WriteLine("| round | flagged unhealthy | first move decided | last move decided | first created | last created | all listed Up | node-2 back healthy | stale copies gone |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var b = r.Breakdown;
            Console.WriteLine($"| {r.Round} | {Seconds(b.Flagged)} | {Seconds(b.FirstDecided)} | {Seconds(b.LastDecided)} | {Seconds(b.FirstCreated)} | {Seconds(b.LastCreated)} | {Seconds(r.AllUp)} | {Seconds(r.BackHealthy)} | {Seconds(r.StaleGone)} |");
        }
    }

    private static async Task<RoundResult> Round(int round, int count, EngineScript engines, ManagerProcess manager)
    {
        string failedName = $"node-{FailedNode}";
        string failedAddress = engines.Address(FailedNode);
        string[] names = [.. Enumerable.Range(1, count).Select(i => $"resched{round}-{i}")];

        // Started through the manager with the real CLI; the soft constraint puts them on node-2 while it is healthy.
        string[] ids = await Task.WhenAll(names.Select(async name =>
        {
            var run = await manager.Docker("run", "-d", "--name", name, "-e", "reschedule:on-node-failure", "-e", $"constraint:node==~{failedName}", "busybox", "sleep", "600");
            if (run.ExitCode != 0) throw new InvalidOperationException($"docker run {name} failed: {run}\n{manager.Log}");
            return run.Output.Trim();
        }));
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        await WaitUntil(async () => (await Listing(manager)).Count(l => idSet.Contains(l.Id) && l.Node == failedName && l.Up) == count,
            $"the {count} containers to run on {failedName}", manager);

        var logStart = manager.Log.Length;
        var killedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        engines.Kill(FailedNode);

        var detection = WatchDetection(manager, failedAddress, clock);
        var moves = WatchMoves(manager, idSet, failedName, clock);
        await Task.WhenAll(detection, moves);
        var (firstUp, allUp, upElsewhere, doubledListed) = moves.Result;

        // On the engines that stayed up: each container at most once.
        var onSurvivors = await SwarmIdsOn(engines, [.. Enumerable.Range(1, 3).Where(n => n != FailedNode)], idSet);
        int doubled = Math.Max(doubledListed, onSurvivors.GroupBy(s => s.Id).Count(g => g.Count() > 1));
        int lost = count - upElsewhere;

        // node-2 back: it must turn healthy and lose its stale copies; then each container is on exactly one engine.
        var breakdown = Breakdown(manager.Log[logStart..], killedAt, failedAddress, idSet);
        engines.Restart(FailedNode);
        var backClock = Stopwatch.StartNew();
        TimeSpan? backHealthy = null, staleGone = null;
        try
        {
            await manager.WaitForHealthyNodes(3, Patience);
            backHealthy = backClock.Elapsed;
            await WaitUntil(async () => (await SwarmIdsOn(engines, [FailedNode], idSet)).Count == 0, $"the stale copies to go from {failedName}", manager);
            staleGone = backClock.Elapsed;
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"round {round}: {error.Message.Split('\n')[0]}");
        }
        var onAll = (await SwarmIdsOn(engines, [1, 2, 3], idSet)).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.Count());
        doubled = Math.Max(doubled, onAll.Values.Count(n => n > 1));
        lost = Math.Max(lost, idSet.Count(id => !onAll.ContainsKey(id)));

        var removed = await manager.Docker(["rm", "-f", .. names]);
        if (removed.ExitCode != 0) Console.Error.WriteLine($"round {round}: docker rm -f: {removed}");
        await WaitUntil(async () => (await SwarmIdsOn(engines, [1, 2, 3], idSet)).Count == 0, "the containers to be removed from every engine", manager);

        return new RoundResult(round, count, await detection, firstUp, allUp, lost, doubled, breakdown, backHealthy, staleGone);
    }

    // Until GET /_swarm/engines shows the killed engine other than Healthy.
    private static async Task<TimeSpan?> WatchDetection(ManagerProcess manager, string address, Stopwatch clock)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < Patience)
        {
            try
            {
                using var engines = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{manager.Port}/_swarm/engines"));
                var engine = engines.RootElement.EnumerateArray().FirstOrDefault(e => e.GetProperty("Address").GetString() == address);
                if (engine.ValueKind == JsonValueKind.Object && engine.GetProperty("Status").GetString() != "Healthy") return clock.Elapsed;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // The manager is busy; ask again.
            }
            await Task.Delay(EnginePoll);
        }
        return null;
    }

    // Until docker ps -a lists every container Up on another node; also counts any virtual ID listed twice.
    private static async Task<(TimeSpan? FirstUp, TimeSpan? AllUp, int UpElsewhere, int DoubledListed)> WatchMoves(ManagerProcess manager, HashSet<string> ids, string failedName, Stopwatch clock)
    {
        TimeSpan? firstUp = null;
        int upElsewhere = 0;
        var doubled = new HashSet<string>(StringComparer.Ordinal);
        while (clock.Elapsed < Patience)
        {
            var listing = await Listing(manager);
            var at = clock.Elapsed;
            foreach (var twice in listing.Where(l => ids.Contains(l.Id)).GroupBy(l => l.Id).Where(g => g.Count() > 1)) doubled.Add(twice.Key);
            upElsewhere = listing.Where(l => ids.Contains(l.Id) && l.Up && l.Node != failedName).Select(l => l.Id).Distinct().Count();
            if (upElsewhere > 0) firstUp ??= at;
            if (upElsewhere == ids.Count) return (firstUp, at, upElsewhere, doubled.Count);
            await Task.Delay(ListingPoll);
        }
        return (firstUp, null, upElsewhere, doubled.Count);
    }

    private sealed record Listed(string Id, string Node, bool Up);

    // docker ps -a through the manager: virtual ID, node, whether Up.
    private static async Task<List<Listed>> Listing(ManagerProcess manager)
    {
        var ps = await manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}");
        if (ps.ExitCode != 0) return [];
        var listed = new List<Listed>();
        foreach (string line in ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ', 3);
            if (fields.Length < 3) continue;
            listed.Add(new Listed(fields[0], fields[1].Split('/')[0], fields[2].StartsWith("Up", StringComparison.Ordinal)));
        }
        return listed;
    }

    // Containers carrying one of the swarm IDs, asked of the engines directly (a dead engine answers nothing).
    private static async Task<List<(string Id, int Node, string State)>> SwarmIdsOn(EngineScript engines, int[] nodes, HashSet<string> ids)
    {
        var found = new List<(string, int, string)>();
        foreach (int node in nodes)
        {
            var ps = await engines.Docker(node, "ps", "-a", "--no-trunc", "--filter", "label=" + SwarmIdLabel, "--format", $"{{{{.Label \"{SwarmIdLabel}\"}}}} {{{{.State}}}}");
            if (ps.ExitCode != 0) continue;
            foreach (string line in ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split(' ');
                if (ids.Contains(fields[0])) found.Add((fields[0], node, fields.Length > 1 ? fields[1] : ""));
            }
        }
        return found;
    }

    private sealed record RoundResult(int Round, int Containers, TimeSpan? Detection, TimeSpan? FirstUp, TimeSpan? AllUp, int Lost, int Doubled,
        LogBreakdown Breakdown, TimeSpan? BackHealthy, TimeSpan? StaleGone);

    private sealed record LogBreakdown(TimeSpan? Flagged, TimeSpan? FirstDecided, TimeSpan? LastDecided, TimeSpan? FirstCreated, TimeSpan? LastCreated);

    // Akka's log lines: [INFO][12/05/2026 02:30:01.123pm][Thread 0012][akka://…] message (the hour may be on a 12-hour clock).
    [GeneratedRegex(@"^\[(?<level>[A-Z]+)\]\[(?<date>\d{2}/\d{2}/\d{4}) (?<time>\d{1,2}:\d{2}:\d{2}\.\d{3})[^\]]*\]\[[^\]]*\]\[[^\]]*\] (?<message>.*)$")]
    private static partial Regex LogLine();

    private static LogBreakdown Breakdown(string log, DateTime killedAt, string failedAddress, HashSet<string> ids)
    {
        var flagged = new List<TimeSpan>();
        var decided = new List<TimeSpan>();
        var created = new List<TimeSpan>();
        foreach (string line in log.Split('\n'))
        {
            var match = LogLine().Match(line.TrimEnd('\r'));
            if (!match.Success) continue;
            string message = match.Groups["message"].Value;
            var time = TimeSpan.ParseExact(match.Groups["time"].Value, @"h\:mm\:ss\.fff", CultureInfo.InvariantCulture);
            var after = SinceOnClock(time, killedAt);
            if (message.StartsWith("Flagging engine", StringComparison.Ordinal) && message.Contains(failedAddress, StringComparison.Ordinal)) flagged.Add(after);
            else if (message.StartsWith("Rescheduling container ", StringComparison.Ordinal) && ids.Contains(Word(message, 2))) decided.Add(after);
            else if (message.StartsWith("Rescheduled container ", StringComparison.Ordinal) && ids.Contains(Word(message, 2))) created.Add(after);
        }
        return new LogBreakdown(First(flagged), First(decided), Last(decided), First(created), Last(created));

        static string Word(string text, int index) => text.Split(' ') is { } words && words.Length > index ? words[index] : "";
        static TimeSpan? First(List<TimeSpan> times) => times.Count > 0 ? times.Min() : null;
        static TimeSpan? Last(List<TimeSpan> times) => times.Count > 0 ? times.Max() : null;
    }

    // A log time of day (UTC, perhaps on a 12-hour clock) as time since the kill, which was at most minutes before.
    private static TimeSpan SinceOnClock(TimeSpan timeOfDay, DateTime killedAt)
    {
        var halfDay = TimeSpan.FromHours(12);
        var difference = (timeOfDay - killedAt.TimeOfDay).Ticks % halfDay.Ticks;
        if (difference < -halfDay.Ticks / 2) difference += halfDay.Ticks;
        if (difference >= halfDay.Ticks / 2) difference -= halfDay.Ticks;
        return TimeSpan.FromTicks(difference);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what, ManagerProcess manager)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(ListingPoll);
        }
        throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}\n{string.Join('\n', manager.Log.Split('\n').TakeLast(40))}");
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : $"none in {Patience.TotalSeconds:F0} s";

    private static string Range(IEnumerable<TimeSpan?> times)
    {
        var seconds = times.Where(t => t is not null).Select(t => t!.Value.TotalSeconds).ToList();
        return seconds.Count == 0 ? "-" : $"{seconds.Min():F1}-{seconds.Max():F1}";
    }
}
