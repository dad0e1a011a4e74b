using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm manage … file:///path</c> as an operator edits the file: an engine added shows in <c>docker info</c>, an
/// engine removed leaves it, a missing file is reported and polled again without losing the engines known.
/// </summary>
public sealed class FileDiscoveryCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string file = Path.Combine(Path.GetTempPath(), $"swarm-discovery-{Guid.NewGuid():N}.txt");
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-discovery-{Guid.NewGuid():N}.db");
    private FarmProcess farm = null!;
    private ManagerProcess? manager;

    public async Task InitializeAsync()
    {
        farm = await FarmProcess.OnLoopback(3);
        await File.WriteAllLinesAsync(file, ["# engines of this cluster", farm.Addresses[0], farm.Addresses[1] + "   # the second"]);
        manager = await ManagerProcess.StartAsync(["file://" + file], store, "--heartbeat", "1s");
    }

    public async Task DisposeAsync()
    {
        if (manager is not null)
        {
            output.WriteLine(manager.Log);
            await manager.DisposeAsync();
        }
        await farm.DisposeAsync();
        foreach (string path in new[] { file, store, store + "-wal", store + "-shm" }) File.Delete(path);
    }

    [Fact]
    public async Task Lines_added_to_and_removed_from_the_file_are_engines_added_to_and_removed_from_docker_info()
    {
        await NodesAre([farm.Addresses[0], farm.Addresses[1]]);

        await File.AppendAllLinesAsync(file, [farm.Addresses[2]]);
        await NodesAre([.. farm.Addresses]);

        await File.WriteAllLinesAsync(file, [farm.Addresses[2]]);
        await NodesAre([farm.Addresses[2]]);

        // A file that vanishes is an error to report, not an empty cluster.
        File.Delete(file);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await NodesAre([farm.Addresses[2]]);
        Assert.Contains("Discovery error", manager!.Log);
    }

    // docker info's node lines ("hollow-N: host:port"), waited for: each heartbeat (1 s) re-reads the file.
    private async Task NodesAre(string[] addresses)
    {
        var deadline = DateTime.UtcNow + Patience;
        string shown = "";
        while (DateTime.UtcNow < deadline)
        {
            var info = await manager!.Docker("info");
            var nodes = info.Output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("hollow-", StringComparison.Ordinal) && !line.Contains('└')).ToList();
            shown = string.Join(", ", nodes);
            if (nodes.Count == addresses.Length && addresses.All(address => nodes.Any(node => node.EndsWith(": " + address, StringComparison.Ordinal)))) return;
            await Task.Delay(250);
        }
        Assert.Fail($"docker info shows [{shown}], not [{string.Join(", ", addresses)}]");
    }
}
