using System.Diagnostics;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// samples/systemd without systemd: the unit's ExecStart, filled from its EnvironmentFile as systemd fills it, is a
/// working manager; and systemd-analyze, where it exists, finds nothing to say about the unit.
/// </summary>
public sealed class SystemdSampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Instance = "1";
    private const string InstalledProgram = "/opt/swarm/swarm";
    private static readonly string Samples = Path.Combine(SampleScript.RepositoryRoot(), "samples", "systemd");
    private static readonly string Unit = Path.Combine(Samples, "swarm-manager@.service");
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-systemd-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_unit_restarts_on_failure_reads_its_instance_environment_file_and_leaves_the_cluster_before_stopping()
    {
        var unit = SystemdUnitFile.Read(Unit, Instance);
        Assert.Equal("on-failure", unit.Value("Service", "Restart"));
        Assert.Equal("MALLOC_ARENA_MAX=" + ManagerProcess.MallocArenaMax, unit.Value("Service", "Environment"));
        Assert.Equal("SIGTERM", unit.Value("Service", "KillSignal"));
        Assert.Equal($"/etc/swarm/manager-{Instance}.env", unit.Value("Service", "EnvironmentFile"));
        Assert.True(File.Exists(ExampleEnvironmentFile(unit)), "the example environment file the unit names");
        Assert.Equal($"-{InstalledProgram} cmd 127.0.0.1:${{SWARM_SHELL_PORT}} cluster leave", unit.Value("Service", "ExecStop"));

        // The example's manager is the first of its own seeds, so that a cluster of these starts from it.
        var example = SystemdEnvironmentFile.Read(ExampleEnvironmentFile(unit));
        Assert.StartsWith($"{example["SWARM_CLUSTER_HOST"]}:{example["SWARM_CLUSTER_PORT"]},", example["SWARM_SEEDS"]);
        Assert.StartsWith("postgres://", example["SWARM_STORE"]);
    }

    [Fact]
    public async Task The_units_command_line_with_the_example_environment_pointed_at_this_machine_serves_the_cluster_and_stops_cleanly_on_its_kill_signal()
    {
        var unit = SystemdUnitFile.Read(Unit, Instance);
        await using var farm = await FarmProcess.OnLoopback(2);
        var (environment, port, clusterPort, shellPort) = ExampleOnThisMachine(unit, farm);

        var commandLine = unit.CommandLine("Service", "ExecStart", environment).ToList();
        Assert.Equal([InstalledProgram, "manage", "--cluster-host", "127.0.0.1", "--cluster-port", clusterPort.ToString(), "--shell-port", shellPort.ToString()], commandLine);
        // The program as `dotnet publish` lays it out, from this build instead of /opt/swarm.
        commandLine[0] = Path.Combine(AppContext.BaseDirectory, "swarm");
        await using var manager = DeployedManager.Start(commandLine, environment, directory);
        try
        {
            string info = await manager.WaitForHealthyNodes($"tcp://127.0.0.1:{port}", farm.Addresses.Count);
            Assert.Contains("Role: primary", info);
            Assert.True(File.Exists(Path.Combine(directory, "swarm.db")), "the journal in the store the environment file names");
            Assert.Equal(0, await manager.Stop(unit.Value("Service", "KillSignal")));
        }
        finally
        {
            output.WriteLine(manager.Log);
        }
    }

    [Fact]
    public async Task The_units_stop_hook_makes_the_manager_leave_the_cluster_and_exit_on_its_own()
    {
        var unit = SystemdUnitFile.Read(Unit, Instance);
        await using var farm = await FarmProcess.OnLoopback(1);
        var (environment, port, _, shellPort) = ExampleOnThisMachine(unit, farm);
        var start = unit.CommandLine("Service", "ExecStart", environment).ToList();
        start[0] = Path.Combine(AppContext.BaseDirectory, "swarm");
        await using var manager = DeployedManager.Start(start, environment, directory);
        try
        {
            await manager.WaitForHealthyNodes($"tcp://127.0.0.1:{port}", 1);
            var stop = unit.CommandLine("Service", "ExecStop", environment);
            Assert.Equal([InstalledProgram, "cmd", $"127.0.0.1:{shellPort}", "cluster", "leave"], stop);
            var hook = await ShellCli.Run(stop[2], [.. stop.Skip(3)]);
            Assert.True(hook.ExitCode == 0, hook.ToString());
            Assert.Equal(0, await manager.ExitedWithin(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            output.WriteLine(manager.Log);
        }
    }

    [Fact]
    public async Task Systemd_analyze_verify_finds_nothing_to_say_about_the_unit_where_it_exists()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            output.WriteLine("systemd-analyze is not installed here: nothing verified");
            return;
        }
        // verify wants the program to exist and reads the environment file: both from this machine.
        string unitText = File.ReadAllText(Unit)
            .Replace($"ExecStart={InstalledProgram} ", $"ExecStart={Path.Combine(AppContext.BaseDirectory, "swarm")} ", StringComparison.Ordinal)
            .Replace("EnvironmentFile=/etc/swarm/manager-%i.env", $"EnvironmentFile={Samples}/manager-%i.env", StringComparison.Ordinal);
        string copy = Path.Combine(directory, "swarm-manager@.service");
        File.WriteAllText(copy, unitText);

        using var verify = Process.Start(new ProcessStartInfo("systemd-analyze", ["verify", Path.Combine(directory, $"swarm-manager@{Instance}.service")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var said = verify.StandardError.ReadToEndAsync();
        string stdout = await verify.StandardOutput.ReadToEndAsync();
        await verify.WaitForExitAsync();
        string stderr = await said;
        output.WriteLine(stdout + stderr);
        Assert.Equal(0, verify.ExitCode);
        // Unknown keys and bad values are only warnings, naming the unit file: there must be none.
        Assert.DoesNotContain("swarm-manager@", stderr);
    }

    private static string ExampleEnvironmentFile(SystemdUnitFile unit) => Path.Combine(Samples, Path.GetFileName(unit.Value("Service", "EnvironmentFile")));

    // The example environment file with only its values changed, for this machine: free loopback ports, a store in
    // the test's directory, the farm's engines; every variable is one the example sets.
    private (Dictionary<string, string> Environment, int Port, int ClusterPort, int ShellPort) ExampleOnThisMachine(SystemdUnitFile unit, FarmProcess farm)
    {
        var environment = SystemdEnvironmentFile.Read(ExampleEnvironmentFile(unit));
        int port = LoopbackPorts.FreeRange(1), clusterPort = LoopbackPorts.FreeRange(1), shellPort = LoopbackPorts.FreeRange(1);
        Override(environment, "SWARM_HOST", $"tcp://127.0.0.1:{port}");
        Override(environment, "SWARM_CLUSTER_HOST", "127.0.0.1");
        Override(environment, "SWARM_CLUSTER_PORT", clusterPort.ToString());
        // No other instance runs here: this manager is its only seed, as the first manager of a cluster starting alone.
        Override(environment, "SWARM_SEEDS", $"127.0.0.1:{clusterPort}");
        Override(environment, "SWARM_STORE", Path.Combine(directory, "swarm.db"));
        Override(environment, "SWARM_DISCOVERY", "nodes://" + string.Join(',', farm.Addresses));
        Override(environment, "SWARM_SHELL_PORT", shellPort.ToString());
        return (environment, port, clusterPort, shellPort);
    }

    private static void Override(Dictionary<string, string> environment, string name, string value)
    {
        Assert.True(environment.ContainsKey(name), $"the example environment file sets no {name}");
        environment[name] = value;
    }
}
