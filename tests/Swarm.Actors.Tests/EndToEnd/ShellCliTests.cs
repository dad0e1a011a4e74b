using System.Text.Json;
using Swarm.Actors.Tests.Support;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm cmd</c> one-shot against a live <c>swarm manage</c> over two hollow engines: every command, its exit
/// status (0 done, 1 failed, 2 misused), <c>--json</c>, the streams and their cancelling, commands from stdin, and
/// the message when nothing listens.
/// </summary>
public sealed class ShellCliTests(ManagerOverHollowEngines cluster) : IClassFixture<ManagerOverHollowEngines>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ManagerProcess Manager => cluster.Manager;

    private string Self => $"akka.tcp://swarm@127.0.0.1:{Manager.ClusterPort}";

    [Fact]
    public async Task Cluster_commands_show_the_one_manager_as_member_leader_and_scheduler_host()
    {
        Assert.Equal([["ADDRESS", "STATUS", "REACHABILITY", "ROLES"], [Self, "up", "reachable", "manager"]], await Records("cluster", "show"));
        Assert.Equal([["ADDRESS", "STATUS", "MEMBERS", "UNREACHABLE", "LEADER"], [Self, "up", "1", "0", Self]], await Records("cluster", "status"));
        Assert.Equal([["LEADER", "SCHEDULER"], [Self, Self]], await Records("cluster", "leader"));
        // Nothing is unreachable: nothing is downed, and the answer is the header alone.
        Assert.Equal([["ADDRESS", "STATUS"]], await Records("cluster", "down-unreachable"));
        var notMember = await Manager.Shell("cluster", "leave", "127.0.0.1:1");
        Assert.Equal((1, "cluster leave: akka.tcp://swarm@127.0.0.1:1 is not a member of the cluster"), (notMember.ExitCode, notMember.Error));
        Assert.Equal(2, (await Manager.Shell("cluster", "leave", "not an address")).ExitCode);
    }

    [Fact]
    public async Task Sharding_commands_show_the_regions_and_where_the_engine_actors_run()
    {
        var regions = await Records("cluster-sharding", "regions");
        Assert.Equal(["TYPE", "SHARDS", "ENTITIES"], regions[0]);
        Assert.Equal(["container", "engine"], regions.Skip(1).Select(r => r[0]));
        Assert.Equal("2", regions.Single(r => r[0] == "engine")[2]);

        var stats = await Records("cluster-sharding", "region-stats", "engine");
        Assert.Equal(["ADDRESS", "SHARD", "ENTITIES"], stats[0]);
        Assert.All(stats.Skip(1), r => Assert.Equal(Self, r[0]));
        Assert.Equal(2, stats.Skip(1).Sum(r => int.Parse(r[2])));

        var unknown = await Manager.Shell("cluster-sharding", "region-stats", "nope");
        Assert.Equal((1, "cluster-sharding region-stats: no region of type nope (regions: container, engine)"), (unknown.ExitCode, unknown.Error));
    }

    [Fact]
    public async Task Actor_hierarchy_lists_the_managers_actors_with_their_types()
    {
        var actors = await Records("actor", "hierarchy");
        Assert.Equal(["PATH", "TYPE"], actors[0]);
        Assert.Contains(["/user/engines", "EngineDirectory"], actors);
        Assert.Contains(["/user/scheduler/scheduler", "SchedulerActor"], actors);
        var system = await Records("actor", "hierarchy", "/system/sharding");
        Assert.Contains(system, r => r[0] == "/system/sharding/engine");
        Assert.DoesNotContain(system, r => r[0].StartsWith("/user", StringComparison.Ordinal));
        var none = await Manager.Shell("actor", "hierarchy", "/user/nobody");
        Assert.Equal((1, "actor hierarchy: no actor at /user/nobody"), (none.ExitCode, none.Error));
    }

    [Fact]
    public async Task Log_peek_shows_the_last_lines_logged()
    {
        var lines = await Records("log", "peek", RecentLogsCapacity);
        Assert.Equal(["TIME", "LEVEL", "SOURCE", "MESSAGE"], lines[0]);
        Assert.Contains(lines, l => l[1] == "INFO" && l[3].StartsWith("Registered Engine hollow-1 at ", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", l[0]));
        Assert.Equal(2, (await Records("log", "peek", "1")).Count);
        Assert.Equal(2, (await Manager.Shell("log", "peek", "none")).ExitCode);
    }

    [Fact]
    public async Task Engine_container_scheduler_and_journal_commands_follow_a_container_run_through_the_api()
    {
        var run = await Manager.Docker("run", "-d", "--name", "shell-web", "-e", "constraint:node==hollow-2", "busybox", "sleep", "600");
        Assert.True(run.ExitCode == 0, run.ToString());
        string id = run.Output.Trim();

        var engines = await WaitForRecords(r => r.Count == 3 && r[2][4] == "1", "engine", "list");
        Assert.Equal(["NAME", "ADDRESS", "STATUS", "AVAILABILITY", "CONTAINERS", "MANAGER"], engines[0]);
        Assert.Equal([["hollow-1", cluster.Farm.Addresses[0], "healthy"], ["hollow-2", cluster.Farm.Addresses[1], "healthy"]], engines.Skip(1).Select(r => r[..3]));
        Assert.All(engines.Skip(1), r => Assert.Equal(Self, r[5]));

        var show = await Records("engine", "show", "hollow-2");
        var engine = show[0].Select((column, i) => (column, show[1][i])).ToDictionary(p => p.column, p => p.Item2);
        Assert.Equal(("hollow-2", cluster.Farm.Addresses[1], "healthy", "1", "1"), (engine["NAME"], engine["ADDRESS"], engine["STATUS"], engine["CONTAINERS"], engine["RUNNING"]));
        Assert.EndsWith("|" + cluster.Farm.Addresses[1], engine["ID"], StringComparison.Ordinal);
        var missing = await Manager.Shell("engine", "show", "hollow-9");
        Assert.Equal((1, "node hollow-9 not found"), (missing.ExitCode, missing.Error));

        string engineContainerId = (await DockerCli.Run(cluster.Farm.Addresses[1], "inspect", "--format", "{{.Id}}", "shell-web")).Output;
        string[] where = ["ID", "NAME", "NODE", "ADDRESS", "ENGINE-CONTAINER-ID", "STATE"];
        string[] found = [id, "shell-web", "hollow-2", cluster.Farm.Addresses[1], engineContainerId, "running"];
        Assert.Equal([where, found], await Records("container", "where", "shell-web"));
        Assert.Equal([where, found], await Records("container", "where", id[..12]));
        Assert.Equal([where, found], await Records("container", "where", engineContainerId));
        var nowhere = await Manager.Shell("container", "where", "shell-nothing");
        Assert.Equal((1, "", "No such container: shell-nothing"), (nowhere.ExitCode, nowhere.Output, nowhere.Error));

        var state = await Records("scheduler", "state");
        Assert.Equal(["SCHEDULER", "CONTAINERS", "GLOBALS", "NODES", "PAUSED", "DRAINED", "MOVES", "SEQUENCE-NR", "PLACEMENTS"], state[0]);
        Assert.Equal([Self, "1", "0", "2"], state[1][..4]);
        Assert.Equal("placing", state[1][8]);
        long sequenceNr = long.Parse(state[1][7]);
        Assert.True(sequenceNr >= 3, "placed, created and started are journaled: " + sequenceNr);

        var journal = await Records("journal", "stats");
        Assert.Equal(["STORE", "LOCATION", "PERSISTENCE-ID", "SEQUENCE-NR", "EVENTS", "SNAPSHOTS"], journal[0]);
        Assert.Equal(["sqlite", cluster.Store, "swarm-scheduler"], journal[1][..3]);
        // Nothing is deleted from the journal: every event the scheduler wrote is a row.
        Assert.True(long.Parse(journal[1][3]) >= sequenceNr);
        Assert.Equal(journal[1][3], journal[1][4]);
        Assert.Equal("0", journal[1][5]);
    }

    [Fact]
    public async Task Node_commands_set_the_availability_the_api_shows()
    {
        Assert.Equal([["NODE", "AVAILABILITY"], ["hollow-1", "drain"]], await Records("node", "drain", "hollow-1"));
        Assert.Equal("drain", (await Manager.Docker("node", "inspect", "hollow-1", "--format", "{{.Spec.Availability}}")).Output);
        Assert.Equal("drain", (await Records("engine", "list")).Single(r => r[0] == "hollow-1")[3]);
        Assert.Equal("1", (await Records("scheduler", "state"))[1][5]);
        Assert.Equal([["NODE", "AVAILABILITY"], ["hollow-1", "pause"]], await Records("node", "pause", "hollow-1"));
        Assert.Equal("pause", (await Manager.Docker("node", "inspect", "hollow-1", "--format", "{{.Spec.Availability}}")).Output);
        Assert.Equal([["NODE", "AVAILABILITY"], ["hollow-1", "active"]], await Records("node", "activate", "hollow-1"));
        Assert.Equal("active", (await Manager.Docker("node", "inspect", "hollow-1", "--format", "{{.Spec.Availability}}")).Output);
        Assert.Contains(await Records("log", "peek"), l => l[3].Contains("node hollow-1 (", StringComparison.Ordinal) && l[3].EndsWith("availability pause", StringComparison.Ordinal));

        var unknown = await Manager.Shell("node", "drain", "hollow-9");
        Assert.Equal((1, "node hollow-9 not found"), (unknown.ExitCode, unknown.Error));
    }

    [Theory]
    [InlineData("unknown command: bogus (help lists the commands)", "bogus")]
    [InlineData("unknown command: cluster shw (help lists the commands)", "cluster", "shw")]
    [InlineData("usage: engine show <node>", "engine", "show")]
    [InlineData("usage: cluster show", "cluster", "show", "extra")]
    [InlineData("unknown flag --all: engine list takes --json and --help", "engine", "list", "--all")]
    public async Task Misuse_exits_2_with_what_was_wrong(string message, params string[] words)
    {
        var misused = await Manager.Shell(words);
        Assert.Equal((2, "", message), (misused.ExitCode, misused.Output, misused.Error));
    }

    [Fact]
    public async Task Help_lists_the_palette_and_help_of_one_command_its_usage()
    {
        var help = await Records("help");
        Assert.Equal(["COMMAND", "ARGUMENTS", "DESCRIPTION"], help[0]);
        Assert.Contains(help, r => r[0] == "container where" && r[1] == "<id|name>");
        Assert.Equal(21, help.Count);
        var one = await Records("node", "drain", "--help");
        Assert.Equal(["node drain", "<node>"], one[1][..2]);
    }

    [Theory]
    [InlineData("cluster show")]
    [InlineData("cluster status")]
    [InlineData("cluster leader")]
    [InlineData("cluster-sharding regions")]
    [InlineData("cluster-sharding region-stats engine")]
    [InlineData("actor hierarchy")]
    [InlineData("log peek 5")]
    [InlineData("scheduler state")]
    [InlineData("engine list")]
    [InlineData("engine show hollow-1")]
    [InlineData("journal stats")]
    [InlineData("help")]
    public async Task Json_gives_one_object_a_line_with_the_text_columns_as_keys(string command)
    {
        string[] words = command.Split(' ');
        var text = await Manager.Shell(words);
        var json = await Manager.Shell([.. words, "--json"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        string[] header = [.. text.Records[0].Select(c => c.ToLowerInvariant())];
        var lines = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            using var record = JsonDocument.Parse(line);
            Assert.Equal(header, record.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Cluster_tail_streams_the_current_members_until_interrupted_and_then_stops_following()
    {
        await using var tail = ShellCli.Start(await Manager.ShellAddress(), "cluster", "tail");
        using var patience = new CancellationTokenSource(Patience);
        Assert.Equal("EVENT\tADDRESS\tSTATUS\tROLES", await tail.NextLine(patience.Token));
        Assert.Equal($"MemberUp\t{Self}\tup\tmanager", await tail.NextLine(patience.Token));
        Assert.Single(await TailActors());

        Assert.Equal(0, await tail.Interrupt(patience.Token));
        Assert.Null(await tail.NextLine(patience.Token));
        Assert.Equal("", await tail.Error);
        // The manager stopped following for it (the actor stops just after the stream's end is sent).
        while (!patience.IsCancellationRequested && (await TailActors()).Count > 0) await Task.Delay(100, patience.Token);
        Assert.Empty(await TailActors());
    }

    [Fact]
    public async Task Log_tail_streams_what_is_logged_after_it_started()
    {
        await using var tail = ShellCli.Start(await Manager.ShellAddress(), "log", "tail", "--json");
        using var patience = new CancellationTokenSource(Patience);
        // --json has no header: log (what operators change is logged) until the stream is on.
        var next = tail.NextLine(patience.Token);
        while (!next.IsCompleted)
        {
            Assert.Equal(0, (await Manager.Shell("node", "pause", "hollow-2")).ExitCode);
            Assert.Equal(0, (await Manager.Shell("node", "activate", "hollow-2")).ExitCode);
            await Task.WhenAny(next, Task.Delay(200, patience.Token));
        }
        string? audit = null;
        for (string? line = await next; line is not null; line = await tail.NextLine(patience.Token))
        {
            using var logged = JsonDocument.Parse(line);
            Assert.Equal(["time", "level", "source", "message"], logged.RootElement.EnumerateObject().Select(p => p.Name));
            string message = logged.RootElement.GetProperty("message").GetString()!;
            if (message.StartsWith("Shell command from 127.0.0.1:", StringComparison.Ordinal) && message.Contains("node hollow-2 (", StringComparison.Ordinal))
            {
                audit = logged.RootElement.GetProperty("level").GetString();
                break;
            }
        }
        Assert.Equal("INFO", audit);
        Assert.Equal(0, await tail.Interrupt(patience.Token));
    }

    [Fact]
    public async Task Commands_from_stdin_run_one_a_line_and_the_exit_status_is_the_last_failures()
    {
        var script = await ShellCli.RunWithInput(await Manager.ShellAddress(), "# a comment\ncluster status\n\nbogus\nengine show hollow-1 --json\n");
        Assert.Equal(2, script.ExitCode);
        var lines = script.Output.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ADDRESS\tSTATUS", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(Self + "\tup", lines[1], StringComparison.Ordinal);
        Assert.Equal("hollow-1", JsonDocument.Parse(lines[2]).RootElement.GetProperty("name").GetString());
        Assert.Equal("unknown command: bogus (help lists the commands)", script.Error);

        var clean = await ShellCli.RunWithInput(await Manager.ShellAddress(), "cluster status\nexit\nbogus\n");
        Assert.Equal((0, ""), (clean.ExitCode, clean.Error));
    }

    [Fact]
    public async Task The_prompt_completes_from_the_palette_with_tab_and_recalls_with_the_up_arrow()
    {
        await using var terminal = ShellCli.OnTerminal(await Manager.ShellAddress());
        using var patience = new CancellationTokenSource(Patience);
        Assert.Contains($"Connected to {Self}", await terminal.WaitFor("swarm> ", patience.Token), StringComparison.Ordinal);

        // Every key redraws the line after the prompt: what is waited for is the content, not the prompt.
        await terminal.Type("cluster sta\t");
        await terminal.WaitFor("swarm> cluster status ", patience.Token);
        await terminal.Type("\r");
        await terminal.WaitFor($"{Self}\tup\t1\t0", patience.Token);

        // Several fit: the choices are listed, and the line stays.
        await terminal.Type("engine \t");
        await terminal.WaitFor("list  show", patience.Token);
        await terminal.Type("l\t\r");
        await terminal.WaitFor("hollow-2\t" + cluster.Farm.Addresses[1], patience.Token);

        // Up twice: the command before the last.
        await terminal.Type("\u001b[A\u001b[A");
        await terminal.WaitFor("swarm> cluster status ", patience.Token);
        await terminal.Type("\r");
        await terminal.WaitFor($"{Self}\tup\t1\t0", patience.Token);
        await terminal.Type("exit\r");
        Assert.Equal(0, await terminal.WaitForExit(patience.Token));
    }

    [Fact]
    public async Task Swarm_help_lists_cmd_and_manage_takes_the_shell_flags()
    {
        var top = await RunSwarm("--help");
        Assert.Contains("cmd         Talk to a manager's operational shell", top.Output, StringComparison.Ordinal);
        var usage = await RunSwarm("cmd", "--help");
        Assert.Equal(0, usage.ExitCode);
        Assert.StartsWith("Usage: swarm cmd [host:port] [command [arguments] [--json]]", usage.Output, StringComparison.Ordinal);
        var manage = await RunSwarm("manage", "--help");
        Assert.Contains("--shell-host \"127.0.0.1\"", manage.Output, StringComparison.Ordinal);
        Assert.Contains("--shell-port \"9110\"", manage.Output, StringComparison.Ordinal);
        foreach (string port in new[] { "x", "70000" })
        {
            var refused = await RunSwarm("manage", "--shell-port", port, "nodes://127.0.0.1:1");
            Assert.Equal((1, "--shell-port should be a port number"), (refused.ExitCode, refused.Error));
        }
        var badHost = await RunSwarm("manage", "--shell-host", "no host", "nodes://127.0.0.1:1");
        Assert.Equal((1, "--shell-host should be an IP address"), (badHost.ExitCode, badHost.Error));
    }

    [Fact]
    public async Task Nothing_listening_is_a_clear_message_and_exit_1()
    {
        int port = LoopbackPorts.Free();
        var refused = await ShellCli.Run($"127.0.0.1:{port}", "cluster", "show");
        Assert.Equal((1, "", $"swarm cmd: cannot connect to 127.0.0.1:{port}: connection refused"), (refused.ExitCode, refused.Output, refused.Error));
    }

    private const string RecentLogsCapacity = "1000";

    private static async Task<ShellCli.Result> RunSwarm(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "swarm.dll"), .. arguments]) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ShellCli.Result(process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    private async Task<List<string[]>> TailActors() =>
        [.. (await Records("actor", "hierarchy")).Where(r => r[0].StartsWith("/user/" + Swarm.Shell.MembershipFollower.NamePrefix, StringComparison.Ordinal))];

    private async Task<List<string[]>> Records(params string[] words)
    {
        var result = await Manager.Shell(words);
        Assert.True(result.ExitCode == 0, $"swarm cmd {string.Join(' ', words)}: {result}");
        return [.. result.Records];
    }

    // Engines report containers on their refresh: wait until the listing shows what the test expects.
    private async Task<List<string[]>> WaitForRecords(Func<List<string[]>, bool> expected, params string[] words)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = await Records(words);
            if (expected(records) || DateTime.UtcNow > deadline) return records;
            await Task.Delay(250);
        }
    }
}
