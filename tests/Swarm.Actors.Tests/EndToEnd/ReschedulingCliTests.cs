using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>Four real engines of their own, which these tests kill, start again, and add to a manager's discovery.</summary>
public sealed class EnginesToKill() : RealEngines(4, tls: false);

[CollectionDefinition(Name)]
public sealed class EnginesToKillCollection : ICollectionFixture<EnginesToKill>
{
    public const string Name = "engines to kill";
}

/// <summary>
/// SIGKILL a real engine under a manager: containers with <c>reschedule:on-node-failure</c> run again elsewhere
/// with the same virtual ID, name and published port; the others show <c>Host Down</c>; when the engine returns
/// its stale copies go, and no virtual ID is ever listed twice. (How fast: <c>Swarm.Benchmarks -- reschedule</c>.)
/// </summary>
[Collection(EnginesToKillCollection.Name)]
public sealed class ReschedulingCliTests(EnginesToKill engines, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-resched-{Guid.NewGuid():N}.db");
    private readonly string network = "rs-" + Guid.NewGuid().ToString("N")[..6];
    private ManagerProcess manager = null!;

    public async Task InitializeAsync()
    {
        // The engines have no default bridge: a network of the same name on each publishes ports.
        for (int node = 1; node <= 3; node++) Assert.Equal(0, (await DockerCli.Run(engines[node].Address, "network", "create", network)).ExitCode);
        manager = await ManagerProcess.StartHealthy([engines[1].Address, engines[2].Address, engines[3].Address], store);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(manager.Log);
        await manager.DisposeAsync();
        for (int node = 1; node <= 3; node++)
        {
            var all = (await DockerCli.Run(engines[node].Address, "ps", "-aq", "--filter", "network=" + network)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (all.Length > 0) await DockerCli.Run(engines[node].Address, ["rm", "-f", .. all]);
            await DockerCli.Run(engines[node].Address, "network", "rm", network);
        }
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task A_killed_engines_on_node_failure_containers_run_elsewhere_and_come_back_once()
    {
        int port = LoopbackPorts.Free();
        string moving = await Run("web", "-e", "reschedule:on-node-failure", "-e", "constraint:node==~node-2", "-p", $"{port}:8080");
        string staying = await Run("db", "-e", "constraint:node==node-2");
        string pinned = await Run("pinned", "-e", "reschedule:on-node-failure", "-e", "constraint:node==node-2");
        Assert.Equal(["node-2/db", "node-2/pinned", "node-2/web"], (await Names(all: false)).Order());

        engines[2].Kill();
        string landed = await WaitForRunningElsewhere(moving, "web", notOn: "node-2");
        Assert.Contains(landed, new[] { "node-1", "node-3" });
        Assert.Equal($"8080/tcp -> 127.0.0.1:{port}", (await manager.Docker("port", "web")).Output);
        Assert.Equal(moving, (await manager.Docker("inspect", "--format", "{{.Id}}", "web")).Output);
        var listed = await Listing();
        Assert.Equal($"node-2/db Host Down", listed[staying]);
        Assert.Equal($"node-2/pinned Host Down", listed[pinned]);
        Assert.StartsWith($"{landed}/web Up", listed[moving]);

        // Back: the old copy of web goes from node-2; every virtual ID is listed once.
        engines[2].Restart();
        await manager.WaitForHealthyNodes(3, Patience);
        await WaitUntil(async () => (await DockerCli.Run(engines[2].Address, "ps", "-aq", "--filter", "label=com.docker.swarm.id=" + moving)).Output.Length == 0, "the stale copy to be removed from node-2");
        listed = await Listing();
        Assert.StartsWith($"{landed}/web Up", listed[moving]);
        Assert.StartsWith("node-2/db ", listed[staying]);
        Assert.StartsWith("node-2/pinned ", listed[pinned]);
        var ids = (await manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}}")).Output.Split('\n');
        Assert.Equal(ids.Length, ids.Distinct().Count());

        // Its new node dies too: it moves again, to a node that is up.
        int landedNumber = int.Parse(landed["node-".Length..]);
        engines[landedNumber].Kill();
        string again = await WaitForRunningElsewhere(moving, "web", notOn: landed);
        Assert.NotEqual(landed, again);
        Assert.Equal($"8080/tcp -> 127.0.0.1:{port}", (await manager.Docker("port", "web")).Output);
        engines[landedNumber].Restart();
        await manager.WaitForHealthyNodes(3, Patience);
        await WaitUntil(async () => (await DockerCli.Run(engines[landedNumber].Address, "ps", "-aq", "--filter", "label=com.docker.swarm.id=" + moving)).Output.Length == 0, $"the stale copy to be removed from {landed}");

        Assert.Equal(0, (await manager.Docker("rm", "-f", "web", "db", "pinned")).ExitCode);
    }

    private async Task<string> Run(string name, params string[] flags)
    {
        var run = await manager.Docker(["run", "-d", "--name", name, "--net", network, .. flags, "busybox", "sleep", "600"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Trim();
    }

    private async Task<string[]> Names(bool all) =>
        (await manager.Docker(all ? ["ps", "-a", "--format", "{{.Names}}"] : ["ps", "--format", "{{.Names}}"])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // Virtual ID → "node/name status" from docker ps -a.
    private async Task<Dictionary<string, string>> Listing()
    {
        var lines = (await manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    private async Task<string> WaitForRunningElsewhere(string id, string name, string notOn)
    {
        string node = "";
        await WaitUntil(async () =>
        {
            var line = (await manager.Docker("ps", "--no-trunc", "--filter", "id=" + id, "--format", "{{.Names}} {{.Status}}")).Output;
            node = line.Split('/')[0];
            return line.Contains($"/{name} Up", StringComparison.Ordinal) && node != notOn && node.Length > 0;
        }, $"{name} to run on another node than {notOn}");
        return node;
    }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited {Patience.TotalSeconds}s for {what}\n{manager.Log}");
    }
}
