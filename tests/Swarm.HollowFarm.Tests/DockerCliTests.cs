using System.Text.Json;
using Swarm.HollowFarm.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.HollowFarm.Tests;

/// <summary>The unmodified docker CLI (28.x) against one hollow engine of a farm, as against dockerd 20.10.</summary>
public sealed class DockerCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FarmProcess farm = null!;

    private string Engine => farm.Addresses[0];

    public async Task InitializeAsync() => farm = await FarmProcess.OnLoopback(2, "--label", "region=eu");

    public async Task DisposeAsync()
    {
        output.WriteLine(farm.Log);
        await farm.DisposeAsync();
    }

    [Fact]
    public async Task Docker_info_and_version_show_a_labelled_hollow_engine_speaking_api_1_41()
    {
        var info = await Docker("info");
        foreach (string line in (string[])["Name: hollow-1", "Server Version: 20.10.24-hollow", "CPUs: 2", "Total Memory: 2GiB", "Storage Driver: hollow", "Images: 1"])
        {
            Assert.Contains(line, info.Output);
        }
        var labels = info.Output.Split('\n').SkipWhile(l => l.Trim() != "Labels:").Skip(1).TakeWhile(l => l.StartsWith("  ")).Select(l => l.Trim());
        Assert.Equal(["region=eu", "hollow=true"], labels);
        Assert.Contains("hollow engine", info.Error);

        var version = await Docker("version");
        Assert.Contains("Server: Docker Engine - Hollow", version.Output);
        Assert.Matches(@"API version:\s+1\.41 \(downgraded from", version.Output);
        Assert.Matches(@"API version:\s+1\.41 \(minimum version 1\.12\)", version.Output);
    }

    [Fact]
    public async Task Docker_runs_lists_inspects_logs_stops_and_removes_a_container()
    {
        var run = await Docker("run", "-d", "--name", "web", "-p", "8080:80", "--restart", "unless-stopped", "busybox", "sleep", "100");
        string id = run.Output;
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal($"web Up Less than a second {id[..12]} busybox \"sleep 100\" 0.0.0.0:8080->80/tcp",
            (await Docker("ps", "-a", "--format", "{{.Names}} {{.Status}} {{.ID}} {{.Image}} {{.Command}} {{.Ports}}")).Output);

        using (var inspect = JsonDocument.Parse((await Docker("inspect", "web")).Output))
        {
            var container = inspect.RootElement[0];
            Assert.Equal(id, container.GetProperty("Id").GetString());
            Assert.Equal("/web", container.GetProperty("Name").GetString());
            Assert.True(container.GetProperty("State").GetProperty("Running").GetBoolean());
            Assert.True(DateTimeOffset.TryParse(container.GetProperty("Created").GetString(), out _));
            Assert.Equal("unless-stopped", container.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
            Assert.Equal("busybox", container.GetProperty("Config").GetProperty("Image").GetString());
        }
        Assert.Equal("running sleep [100]", (await Docker("inspect", "--format", "{{.State.Status}} {{.Path}} {{.Args}}", "web")).Output);

        var logs = await Docker("logs", "web");
        Assert.Equal("hollow engine hollow-1: container web (sleep 100) is simulated", logs.Output);
        Assert.Equal("hollow engine: no process ran, so there is no real output", logs.Error);

        Assert.Equal("web", (await Docker("stop", "web")).Output);
        Assert.StartsWith("web Exited (0)", (await Docker("ps", "-a", "--format", "{{.Names}} {{.Status}}")).Output);
        Assert.Equal("", (await Docker("ps", "--format", "{{.Names}}")).Output);
        Assert.Equal("web", (await Docker("rm", "web")).Output);
        Assert.Equal("", (await Docker("ps", "-a", "--format", "{{.Names}}")).Output);
        Assert.Equal("busybox latest", (await Docker("images", "--format", "{{.Repository}} {{.Tag}}")).Output);
    }

    [Fact]
    public async Task Docker_shows_the_engines_errors_in_dockerds_words()
    {
        await Docker("create", "--name", "taken", "busybox");
        var conflict = await DockerFailing("create", "--name", "taken", "busybox");
        Assert.Contains("Conflict. The container name \"/taken\" is already in use by container", conflict.Error);
        Assert.Contains("Error response from daemon: No such container: nothing-here", (await DockerFailing("stop", "nothing-here")).Error);
        Assert.Contains("Error: No such object: nothing-here", (await DockerFailing("inspect", "nothing-here")).Error);
        await Docker("start", "taken");
        Assert.Contains("You cannot remove a running container", (await DockerFailing("rm", "taken")).Error);
        Assert.Equal("taken", (await Docker("rm", "-f", "taken")).Output);
    }

    [Fact]
    public async Task Docker_pull_succeeds_for_images_the_engine_holds_and_is_refused_for_others_without_a_registry()
    {
        var pull = await Docker("pull", "busybox");
        Assert.Contains("Status: Image is up to date for busybox:latest", pull.Output);

        var elsewhere = await DockerFailing("run", "-d", "alpine:3.19", "true");
        Assert.Contains("pull access denied for alpine", elsewhere.Error);
        Assert.Contains("hollow engine hollow-1 only holds the images it was started with", elsewhere.Error);
    }

    [Fact]
    public async Task Docker_renames_updates_and_filters_containers()
    {
        await Docker("run", "-d", "--name", "old-name", "-l", "tier=front", "busybox", "sleep", "100");
        await Docker("create", "--name", "idle", "-l", "tier=back", "busybox");
        await Docker("rename", "old-name", "front");
        Assert.Contains("Error when allocating new name: Conflict. The container name \"/idle\" is already in use", (await DockerFailing("rename", "front", "idle")).Error);
        await Docker("update", "--memory", "100m", "--memory-swap", "200m", "--restart", "always", "front");
        Assert.Equal("/front 104857600 209715200 always",
            (await Docker("inspect", "--format", "{{.Name}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.RestartPolicy.Name}}", "front")).Output);

        Assert.Equal("front", (await Docker("ps", "--format", "{{.Names}}")).Output);
        Assert.Equal("idle", (await Docker("ps", "--filter", "status=created", "--format", "{{.Names}}")).Output);
        Assert.Equal("idle", (await Docker("ps", "-a", "--filter", "label=tier=back", "--format", "{{.Names}}")).Output);
        Assert.Equal("front", (await Docker("ps", "-a", "--filter", "name=^/fr", "--filter", "network=bridge", "--format", "{{.Names}}")).Output);
        Assert.Equal("idle", (await Docker("ps", "-n", "1", "--format", "{{.Names}}")).Output);
        Assert.Contains("Invalid filter 'colour'", (await DockerFailing("ps", "--filter", "colour=blue")).Error);
    }

    [Fact]
    public async Task Docker_manages_networks_volumes_and_image_tags()
    {
        await Docker("network", "create", "--label", "zone=a", "front-net");
        await Docker("volume", "create", "cache");
        await Docker("run", "-d", "--name", "cached", "--network", "front-net", "-v", "cache:/cache", "busybox", "sleep", "100");
        Assert.Equal("front-net bridge 172.18.0.0/16 map[zone:a] cached",
            (await Docker("network", "inspect", "--format", "{{.Name}} {{.Driver}} {{(index .IPAM.Config 0).Subnet}} {{.Labels}} {{range .Containers}}{{.Name}}{{end}}", "front-net")).Output);
        Assert.Equal("172.18.0.2", (await Docker("inspect", "--format", "{{(index .NetworkSettings.Networks \"front-net\").IPAddress}}", "cached")).Output);
        Assert.Contains("has active endpoints", (await DockerFailing("network", "rm", "front-net")).Error);
        Assert.Contains("volume is in use", (await DockerFailing("volume", "rm", "cache")).Error);
        Assert.Contains("bridge is a pre-defined network and cannot be removed", (await DockerFailing("network", "rm", "bridge")).Error);
        Assert.Equal("cache local /var/lib/docker/volumes/cache/_data",
            (await Docker("volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Mountpoint}}", "cache")).Output);

        await Docker("rm", "-f", "cached");
        await Docker("network", "rm", "front-net");
        await Docker("volume", "rm", "cache");
        Assert.Contains("network front-net not found", (await DockerFailing("network", "inspect", "front-net")).Error);
        Assert.Contains("no such volume", (await DockerFailing("volume", "inspect", "cache")).Error);

        await Docker("tag", "busybox", "mybox:1");
        Assert.Equal("busybox:latest mybox:1", string.Join(' ', (await Docker("images", "--format", "{{.Repository}}:{{.Tag}}")).Output.Split('\n').Order()));
        Assert.Equal("Untagged: mybox:1", (await Docker("rmi", "mybox:1")).Output);
        Assert.Contains("No such image: nothing:latest", (await DockerFailing("rmi", "nothing")).Error);
    }

    [Fact]
    public async Task Each_engine_of_the_farm_is_its_own_daemon()
    {
        await Docker("create", "--name", "only-on-one", "busybox");
        var second = await DockerCli.Run(farm.Addresses[1], "ps", "-a", "--format", "{{.Names}}");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("", second.Output);
        Assert.Contains("Name: hollow-2", (await DockerCli.Run(farm.Addresses[1], "info")).Output);
        Assert.NotEqual(await Id(farm.Addresses[0]), await Id(farm.Addresses[1]));

        static async Task<string> Id(string address) => (await DockerCli.Run(address, "info", "--format", "{{.ID}}")).Output;
    }

    private async Task<DockerCli.Result> Docker(params string[] arguments)
    {
        var result = await DockerCli.Run(Engine, arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result}");
        return result;
    }

    private async Task<DockerCli.Result> DockerFailing(params string[] arguments)
    {
        var result = await DockerCli.Run(Engine, arguments);
        Assert.True(result.ExitCode != 0, $"docker {string.Join(' ', arguments)} should fail: {result}");
        return result;
    }
}
