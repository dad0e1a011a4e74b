using System.Diagnostics;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm join --advertise host:port &lt;discovery&gt;</c>: classic's flag validation messages, registration into a
/// discovery file (kept there every heartbeat, other lines untouched, left behind on SIGTERM), and a manager over that
/// file picking the joined engines up.
/// </summary>
public sealed class SwarmJoinTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("discovery required to join a cluster. See 'swarm join --help'.", "--advertise", "127.0.0.1:2375")]
    [InlineData("missing mandatory --advertise flag", "file:///tmp/none")]
    [InlineData("missing mandatory --advertise flag", "--advertise=", "file:///tmp/none")]
    [InlineData("--advertise should be of the form ip:port or hostname:port", "--advertise=127.0.0.1ac:sh25", "file:///tmp/none")]
    [InlineData("--advertise should be of the form ip:port or hostname:port", "--advertise=127.0.0.1:0", "file:///tmp/none")]
    [InlineData("--advertise should be of the form ip:port or hostname:port", "--advertise=127.0.0.1:65536", "file:///tmp/none")]
    [InlineData("--advertise should be of the form ip:port or hostname:port", "--addr=127.0.0.1", "file:///tmp/none")]
    [InlineData("invalid --delay: time: invalid duration \"asdf\"", "--advertise=127.0.0.1:2376", "--delay=asdf", "file:///tmp/none")]
    [InlineData("--delay should not be a negative number", "--advertise=127.0.0.1:2376", "--delay=-30s", "file:///tmp/none")]
    [InlineData("invalid --heartbeat: time: invalid duration \"asdf\"", "--advertise=127.0.0.1:2376", "--heartbeat=asdf", "file:///tmp/none")]
    [InlineData("--heartbeat should be at least one second", "--advertise=127.0.0.1:2376", "--heartbeat=-10s", "file:///tmp/none")]
    [InlineData("--heartbeat should be at least one second", "--advertise=127.0.0.1:2376", "--heartbeat=500ms", "file:///tmp/none")]
    [InlineData("invalid --ttl: time: invalid duration \"asdf\"", "--advertise=127.0.0.1:2376", "--heartbeat=1s", "--ttl=asdf", "file:///tmp/none")]
    [InlineData("--ttl must be strictly superior to the heartbeat value", "--advertise=127.0.0.1:2376", "--heartbeat=1s", "--ttl=-10s", "file:///tmp/none")]
    [InlineData("--ttl must be strictly superior to the heartbeat value", "--advertise=127.0.0.1:2376", "--heartbeat=2s", "--ttl=2s", "file:///tmp/none")]
    [InlineData("not implemented in this discovery service", "--advertise=127.0.0.1:2376", "nodes://127.0.0.1:2375")]
    [InlineData("not implemented in this discovery service", "--advertise=127.0.0.1:2376", "127.0.0.1:2375,127.0.0.1:2376")]
    [InlineData("discovery backend token:// is not supported by swarm join; use file:///path or etcd://host:2379/path", "--advertise=127.0.0.1:2376", "token://abc")]
    [InlineData("discovery backend consul:// is not supported by swarm join; use file:///path or etcd://host:2379/path", "--advertise=127.0.0.1:2376", "consul://127.0.0.1:8500/swarm")]
    [InlineData("etcd discovery needs at least one host: etcd://host:2379[,host:2379]/prefix", "--advertise=127.0.0.1:2376", "etcd:///swarm")]
    [InlineData("discovery backend zk:// is not supported by swarm join; use file:///path or etcd://host:2379/path", "--advertise=127.0.0.1:2376", "zk://127.0.0.1:2181/swarm")]
    [InlineData("discovery service not supported", "--advertise=127.0.0.1:2376", "foo://bar")]
    [InlineData("flag provided but not defined: -bogus", "--bogus", "file:///tmp/none")]
    public async Task Refuses_bad_flags_with_classics_message_and_exit_code_1(string message, params string[] arguments)
    {
        var (code, _, error) = await Swarm(["join", .. arguments]);
        Assert.Equal((1, message), (code, error.Trim()));
    }

    [Fact]
    public async Task Help_describes_the_flags_and_swarm_help_lists_join()
    {
        var (code, help, _) = await Swarm("join", "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: swarm join [OPTIONS] <discovery>", help, StringComparison.Ordinal);
        foreach (string flag in new[] { "--advertise, --addr", "--heartbeat \"60s\"", "--ttl \"180s\"", "--delay \"0s\"", "--discovery-opt", "SIGTERM" })
        {
            Assert.Contains(flag, help, StringComparison.Ordinal);
        }
        var (topCode, top, _) = await Swarm("--help");
        Assert.Equal(0, topCode);
        Assert.Contains("join, j     Join a docker cluster", top, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registers_in_a_discovery_file_keeps_it_there_every_heartbeat_and_leaves_it_on_SIGTERM()
    {
        string file = Path.Combine(Path.GetTempPath(), $"swarm-join-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "# engines of the test\n10.0.0.1:2375 # another engine\n10.0.0.[2:3]:2375");
        var join = new JoinProcess("--advertise", "127.0.0.1:2375", "--heartbeat", "1s", "file://" + file);
        try
        {
            await WaitForLines(file, lines => lines.Contains("127.0.0.1:2375"), TimeSpan.FromSeconds(15), join);
            Assert.Equal(["# engines of the test", "10.0.0.1:2375 # another engine", "10.0.0.[2:3]:2375", "127.0.0.1:2375"], await File.ReadAllLinesAsync(file));

            // Someone takes the line out: it is back within two heartbeats, the other lines as they were.
            await File.WriteAllLinesAsync(file, ["# engines of the test", "10.0.0.1:2375 # another engine", "10.0.0.[2:3]:2375", "10.0.0.9:2375"]);
            var removed = Stopwatch.StartNew();
            await WaitForLines(file, lines => lines.Contains("127.0.0.1:2375"), 2 * Heartbeat + TimeSpan.FromMilliseconds(500), join);
            output.WriteLine($"re-added after {removed.ElapsedMilliseconds} ms");
            Assert.Equal(["# engines of the test", "10.0.0.1:2375 # another engine", "10.0.0.[2:3]:2375", "10.0.0.9:2375", "127.0.0.1:2375"], await File.ReadAllLinesAsync(file));

            // An entry already there is not written again.
            await Task.Delay(2 * Heartbeat);
            Assert.Single(await File.ReadAllLinesAsync(file), line => line == "127.0.0.1:2375");

            Assert.Equal(0, await join.Terminate());
            Assert.Contains("127.0.0.1:2375", await File.ReadAllLinesAsync(file));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(file)}.*"));

            var (code, listed, _) = await Swarm("list", "file://" + file);
            Assert.Equal(0, code);
            Assert.Equal(["10.0.0.1:2375", "10.0.0.2:2375", "10.0.0.3:2375", "10.0.0.9:2375", "127.0.0.1:2375"], listed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            output.WriteLine(join.Log);
            await join.DisposeAsync();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_file_is_created_and_a_random_delay_is_waited_first()
    {
        string file = Path.Combine(Path.GetTempPath(), $"swarm-join-{Guid.NewGuid():N}.txt");
        var join = new JoinProcess("--advertise", "engine-1:2375", "--heartbeat", "1s", "--delay", "2s", "file://" + file);
        try
        {
            await WaitForLines(file, lines => lines.SequenceEqual(["engine-1:2375"]), TimeSpan.FromSeconds(15), join);
            Assert.Contains("Add a random delay", join.Log, StringComparison.Ordinal);
            Assert.Equal(0, await join.Terminate());
        }
        finally
        {
            output.WriteLine(join.Log);
            await join.DisposeAsync();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_manager_over_the_file_sees_the_engines_that_joined()
    {
        string file = Path.Combine(Path.GetTempPath(), $"swarm-join-{Guid.NewGuid():N}.txt");
        string store = Path.Combine(Path.GetTempPath(), $"swarm-join-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(file, "# filled by swarm join\n");
        var farm = await FarmProcess.OnLoopback(2);
        ManagerProcess? manager = null;
        var joins = new List<JoinProcess>();
        try
        {
            manager = await ManagerProcess.StartAsync(["file://" + file], store, "--heartbeat", "1s");
            foreach (string engine in farm.Addresses) joins.Add(new JoinProcess("--advertise", engine, "--heartbeat", "1s", "file://" + file));
            await manager.WaitForHealthyNodes(2, TimeSpan.FromSeconds(60));
            var info = await manager.Docker("info", "--format", "{{json .SystemStatus}}");
            foreach (string engine in farm.Addresses) Assert.Contains(engine, info.Output, StringComparison.Ordinal);
            foreach (var join in joins) Assert.Equal(0, await join.Terminate());
        }
        finally
        {
            foreach (var join in joins)
            {
                output.WriteLine(join.Log);
                await join.DisposeAsync();
            }
            if (manager is not null)
            {
                output.WriteLine(manager.Log);
                await manager.DisposeAsync();
            }
            await farm.DisposeAsync();
            foreach (string path in new[] { file, store, store + "-wal", store + "-shm" }) File.Delete(path);
        }
    }

    private static async Task WaitForLines(string file, Func<string[], bool> condition, TimeSpan patience, JoinProcess join)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(file) && condition(await File.ReadAllLinesAsync(file))) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"{file} did not change as expected within {patience}:\n{(File.Exists(file) ? await File.ReadAllTextAsync(file) : "(missing)")}\n{join.Log}");
    }

    private static Task<(int Code, string Output, string Error)> Swarm(params string[] arguments) => SwarmCli.Run(arguments);
}
