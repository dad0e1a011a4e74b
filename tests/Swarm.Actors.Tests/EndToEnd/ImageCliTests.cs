using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary><c>docker images</c>, <c>tag</c>, <c>image inspect</c>, <c>history</c> and <c>rmi</c> through a manager over three real engines.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class ImageCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    [Fact]
    public async Task Images_are_listed_from_every_engine_tagged_and_removed_on_every_engine_holding_them()
    {
        string repository = "swarmtest/img-" + Guid.NewGuid().ToString("N")[..6];
        // Each engine imported busybox itself, so each holds an image of its own under the same tag.
        var busyboxIds = await EngineImageIds("busybox:latest");
        var listed = await Manager.Docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.All(busyboxIds, id => Assert.Contains($"busybox:latest {id}", listed.Output));

        Assert.Equal(0, (await Manager.Docker("tag", "busybox", repository + ":1")).ExitCode);
        Assert.Equal(busyboxIds, await EngineImageIds(repository + ":1"));
        var tagged = await Manager.Docker("images", repository, "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Equal(busyboxIds.Count, tagged.Output.Split('\n').Count(l => l == repository + ":1"));
        Assert.Contains("sha256:", (await Manager.Docker("image", "inspect", "--format", "{{.Id}}", repository + ":1")).Output);
        Assert.Equal(0, (await Manager.Docker("history", repository + ":1")).ExitCode);

        var removed = await Manager.Docker("rmi", repository + ":1");
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.Contains($"Untagged: {repository}:1", removed.Output);
        Assert.Empty(await EngineImageIds(repository + ":1"));
        Assert.DoesNotContain(repository, (await Manager.Docker("images", "--format", "{{.Repository}}")).Output);

        var missing = await Manager.Docker("rmi", repository + ":nosuch");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"No such image: {repository}:nosuch", missing.Error);
        var noTag = await Manager.Docker("tag", "swarmtest/nosuch", repository + ":2");
        Assert.Contains("No such image: swarmtest/nosuch", noTag.Error);
    }

    // What the engines themselves hold under a reference, one ID per engine that has it.
    private async Task<List<string>> EngineImageIds(string reference)
    {
        var ids = new List<string>();
        for (int node = 1; node <= 3; node++)
        {
            var listed = await DockerCli.Run(Engines[node].Address, "images", "--no-trunc", "--format", "{{.ID}}", reference);
            ids.AddRange(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return ids;
    }
}
