using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary><c>docker commit</c> and <c>docker container prune</c> through a manager over three real engines.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class CommitAndPruneCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    [Fact]
    public async Task Commit_makes_the_image_on_the_containers_engine_only()
    {
        string name = "commit-" + Guid.NewGuid().ToString("N")[..6];
        string repository = "swarmtest/" + name;
        var run = await Manager.Docker("run", "-d", "--name", name, "-e", "constraint:node==node-2", "busybox", "sh", "-c", "echo made > /made; sleep 300");
        Assert.True(run.ExitCode == 0, run.Error);
        string id = run.Output.Trim();
        try
        {
            var committed = await Manager.Docker("commit", name, repository + ":1");
            Assert.True(committed.ExitCode == 0, committed.ToString());
            Assert.StartsWith("sha256:", committed.Output);
            // By virtual ID prefix too, with the commit options passed on.
            var byId = await Manager.Docker("commit", "--message", "second", "--change", "ENV FROM_SWARM=1", id[..12], repository + ":2");
            Assert.True(byId.ExitCode == 0, byId.ToString());

            Assert.Equal([$"{repository}:1", $"{repository}:2"], (await ImagesOn(2, repository)).Order());
            Assert.Empty(await ImagesOn(1, repository));
            Assert.Empty(await ImagesOn(3, repository));
            var listed = await Manager.Docker("images", repository, "--format", "{{.Repository}}:{{.Tag}}");
            Assert.Equal([$"{repository}:1", $"{repository}:2"], listed.Output.Split('\n').Order());
            var inspected = await Manager.Docker("image", "inspect", "--format", "{{.Comment}} {{json .Config.Env}}", repository + ":2");
            Assert.StartsWith("second ", inspected.Output);
            Assert.Contains("FROM_SWARM=1", inspected.Output);
            // The committed layer holds what the container wrote.
            var file = await Manager.Docker("run", "--rm", "-e", "constraint:node==node-2", repository + ":1", "cat", "/made");
            Assert.Equal("made", file.Output);

            var missing = await Manager.Docker("commit", "no-such-" + name, repository + ":3");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("No such container: no-such-" + name, missing.Error);
        }
        finally
        {
            await Manager.Docker("rm", "-f", name);
            await Manager.Docker("rmi", repository + ":1", repository + ":2");
        }
    }

    [Fact]
    public async Task Prune_removes_stopped_containers_cluster_wide_through_the_scheduler_and_those_made_on_engines()
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        string mine = "prunetest=" + run;
        string Name(string what) => $"prune-{run}-{what}";
        var created = await Manager.Docker("create", "--name", Name("created"), "--label", mine, "-e", "constraint:node==node-1", "busybox", "true");
        Assert.True(created.ExitCode == 0, created.Error);
        // Exits at once, after writing 200 kB to its writable layer: the space reclaimed.
        var exited = await Manager.Docker("run", "--name", Name("exited"), "--label", mine, "-e", "constraint:node==node-3", "busybox", "sh", "-c", "head -c 200000 /dev/zero > /big");
        Assert.True(exited.ExitCode == 0, exited.Error);
        var running = await Manager.Docker("run", "-d", "--name", Name("running"), "--label", mine, "busybox", "sleep", "300");
        var kept = await Manager.Docker("create", "--name", Name("kept"), "--label", mine, "--label", "keep=yes", "busybox", "true");
        // Made on the engine itself: no swarm ID, its virtual ID is the engine's.
        var direct = await DockerCli.Run(Engines[2].Address, "create", "--name", Name("direct"), "--label", mine, "busybox", "true");
        Assert.True(running.ExitCode == 0 && kept.ExitCode == 0 && direct.ExitCode == 0, $"{running}\n{kept}\n{direct}");
        string createdId = (await Manager.Docker("inspect", "--format", "{{.Id}}", Name("created"))).Output;
        string exitedId = (await Manager.Docker("inspect", "--format", "{{.Id}}", Name("exited"))).Output;
        try
        {
            int recordedBefore = await RecordedContainers();

            // until: only containers created before an hour ago, none of these.
            var none = await Manager.Docker("container", "prune", "-f", "--filter", "label=" + mine, "--filter", "until=1h");
            Assert.True(none.ExitCode == 0, none.ToString());
            Assert.DoesNotContain("Deleted Containers", none.Output);
            Assert.Contains("Total reclaimed space: 0B", none.Output);

            var pruned = await Manager.Docker("container", "prune", "-f", "--filter", "label=" + mine, "--filter", "label!=keep");
            Assert.True(pruned.ExitCode == 0, pruned.ToString());
            var deleted = pruned.Output.Split('\n').Skip(1).TakeWhile(l => l.Length > 0).ToList();
            Assert.Equal(new[] { createdId, exitedId, direct.Output }.Order(), deleted.Order());
            var reclaimed = System.Text.RegularExpressions.Regex.Match(pruned.Output, @"Total reclaimed space: ([\d.]+)(B|kB|MB)");
            Assert.True(reclaimed.Success, pruned.Output);
            double bytes = double.Parse(reclaimed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (reclaimed.Groups[2].Value switch { "kB" => 1e3, "MB" => 1e6, _ => 1 });
            Assert.InRange(bytes, 200_000, 2_000_000);

            var left = await Manager.Docker("ps", "-a", "--filter", "label=" + mine, "--format", "{{.Names}}");
            Assert.Equal([Name("kept"), Name("running")], left.Output.Split('\n').Select(n => n[(n.LastIndexOf('/') + 1)..]).Order());
            Assert.Equal("", (await DockerCli.Run(Engines[2].Address, "ps", "-aq", "--filter", "name=" + Name("direct"))).Output);
            // The scheduler forgot the two it held: its record count fell by two, and their names are free at once.
            Assert.Equal(recordedBefore - 2, await RecordedContainers());
            var again = await Manager.Docker("create", "--name", Name("created"), "busybox", "true");
            Assert.True(again.ExitCode == 0, again.Error);

            var invalid = await Manager.Docker("container", "prune", "-f", "--filter", "status=exited");
            Assert.NotEqual(0, invalid.ExitCode);
            Assert.Contains("invalid filter 'status'", invalid.Error);
        }
        finally
        {
            foreach (string what in new[] { "created", "exited", "running", "kept" }) await Manager.Docker("rm", "-f", Name(what));
            await DockerCli.Run(Engines[2].Address, "rm", "-f", Name("direct"));
        }
    }

    private async Task<List<string>> ImagesOn(int node, string repository) =>
        [.. (await DockerCli.Run(Engines[node].Address, "images", repository, "--format", "{{.Repository}}:{{.Tag}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private async Task<int> RecordedContainers()
    {
        using var state = JsonDocument.Parse(await Manager.StateDigest());
        return state.RootElement.GetProperty("Containers").GetInt32();
    }
}
