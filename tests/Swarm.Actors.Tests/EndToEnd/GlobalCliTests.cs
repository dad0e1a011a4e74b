using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>docker run -e mode:global</c> through a manager over real engines found through a discovery file: one
/// instance on every eligible node, and on a node that joins later; calls on the global container act on all.
/// </summary>
[Collection(EnginesToKillCollection.Name)]
public sealed class GlobalCliTests(EnginesToKill engines, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-global-{Guid.NewGuid():N}.db");
    private readonly string discovery = Path.Combine(Path.GetTempPath(), $"swarm-global-{Guid.NewGuid():N}.txt");
    private readonly string name = "agent-" + Guid.NewGuid().ToString("N")[..6];
    private ManagerProcess manager = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllLinesAsync(discovery, [engines[1].Address, engines[2].Address, engines[3].Address]);
        manager = await ManagerProcess.StartAsync(["file://" + discovery], store, "--heartbeat", "1s");
        await manager.WaitForHealthyNodes(3, Patience);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(manager.Log);
        await manager.DisposeAsync();
        for (int node = 1; node <= 4; node++)
        {
            var left = (await DockerCli.Run(engines[node].Address, "ps", "-aq", "--filter", "label=com.docker.swarm.global-id")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (left.Length > 0) await DockerCli.Run(engines[node].Address, ["rm", "-f", .. left]);
        }
        foreach (string file in new[] { store, store + "-wal", store + "-shm", discovery }) File.Delete(file);
    }

    [Fact]
    public async Task A_global_container_runs_once_on_every_eligible_node_and_on_one_that_joins_later()
    {
        var run = await manager.Docker("run", "-d", "--name", name, "-e", "mode:global", "busybox", "sleep", "600");
        Assert.True(run.ExitCode == 0, run.ToString());
        string globalId = run.Output.Trim();
        Assert.Matches("^[0-9a-f]{64}$", globalId);
        var instances = await WaitForInstances(["node-1", "node-2", "node-3"], "Up");
        Assert.Equal(3, instances.Values.Distinct().Count());
        Assert.DoesNotContain(globalId, instances.Values);
        var conflict = await manager.Docker("run", "-d", "--name", name, "busybox", "true");
        Assert.Contains($"Conflict: The name {name} is already assigned.", conflict.Error);

        // A fourth engine joins through discovery: it gets its instance, started, as the global container is.
        await File.AppendAllLinesAsync(discovery, [engines[4].Address]);
        await WaitForInstances(["node-1", "node-2", "node-3", "node-4"], "Up");

        // By name: on all; by node/name: on one.
        await Succeeds("stop", "-t", "0", name);
        await WaitForInstances(["node-1", "node-2", "node-3", "node-4"], "Exited");
        await Succeeds("start", name);
        await WaitForInstances(["node-1", "node-2", "node-3", "node-4"], "Up");
        await Succeeds("stop", "-t", "0", $"node-2/{name}");
        await WaitUntil(async () => (await Listed(name, "Exited")).Keys.SequenceEqual(["node-2"]) && (await Listed(name, "Up")).Keys.Order().SequenceEqual(["node-1", "node-3", "node-4"]),
            "only node-2's instance stopped");
        await Succeeds("inspect", "--format", "{{.State.Running}}", name);

        // A constraint limits the nodes: only node-1 has region=eu.
        string eu = name + "-eu";
        await Succeeds("run", "-d", "--name", eu, "-e", "mode:global", "-e", "constraint:region==eu", "busybox", "sleep", "600");
        await WaitUntil(async () => (await Listed(eu)).Keys.SequenceEqual(["node-1"]), $"{eu} on node-1 only");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(["node-1"], (await Listed(eu)).Keys);

        await Succeeds("rm", "-f", name, eu);
        await WaitUntil(async () => (await Listed(name)).Count == 0 && (await Listed(eu)).Count == 0, "every instance removed");
        for (int node = 1; node <= 4; node++)
        {
            Assert.Equal("", (await DockerCli.Run(engines[node].Address, "ps", "-aq", "--filter", "label=com.docker.swarm.global-id=" + globalId)).Output);
        }
        var nothing = await manager.Docker("inspect", name);
        Assert.NotEqual(0, nothing.ExitCode);
    }

    private async Task Succeeds(params string[] arguments)
    {
        var result = await manager.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result}");
    }

    // Node → instance ID of the containers named exactly `name` (node/name), from docker ps -a.
    private async Task<Dictionary<string, string>> Listed(string containerName, string status = "")
    {
        var lines = (await manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.Names}} {{.ID}} {{.Status}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => l.Split(' ', 3))
            .Where(p => p[0].EndsWith("/" + containerName, StringComparison.Ordinal) && p[2].StartsWith(status, StringComparison.Ordinal))
            .ToDictionary(p => p[0].Split('/')[0], p => p[1]);
    }

    private async Task<Dictionary<string, string>> WaitForInstances(string[] nodes, string status)
    {
        Dictionary<string, string> listed = [];
        await WaitUntil(async () => (listed = await Listed(name, status)).Keys.Order().SequenceEqual(nodes), $"{name} {status} on {string.Join(", ", nodes)}");
        return listed;
    }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited {Patience.TotalSeconds}s for {what}:\n{(await manager.Docker("ps", "-a")).Output}");
    }
}
