using Docker.DotNet.Models;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEngineLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    [Fact]
    public async Task A_created_container_has_dockerd_shape()
    {
        var parameters = new CreateContainerParameters
        {
            Name = "web",
            Image = "busybox",
            Cmd = ["sleep", "1000"],
            Env = ["A=1"],
            Labels = new Dictionary<string, string> { ["tier"] = "front" },
        };
        var created = await client.CreateContainerAsync(parameters, None);
        Assert.Matches("^[0-9a-f]{64}$", created.ID);
        Assert.Empty(created.Warnings);

        var inspect = await client.Inspect(created.ID);
        Assert.Equal(created.ID, inspect.ID);
        Assert.Equal("/web", inspect.Name);
        Assert.Equal("created", inspect.State.Status);
        Assert.False(inspect.State.Running);
        Assert.Equal("busybox", inspect.Config.Image);
        var busybox = (await client.ListImagesAsync(None)).Single(i => i.RepoTags.Contains("busybox:latest"));
        Assert.Equal(busybox.ID, inspect.Image);
        Assert.Equal("sleep", inspect.Path);
        Assert.Equal(["1000"], inspect.Args);
        Assert.Equal(["A=1"], inspect.Config.Env);
        Assert.Equal("front", inspect.Config.Labels["tier"]);
        Assert.Equal("default", inspect.HostConfig.NetworkMode);
        Assert.Equal(created.ID[..12], inspect.Config.Hostname);
    }

    [Fact]
    public async Task A_container_created_without_a_name_gets_one()
    {
        string id = await client.Create();
        var inspect = await client.Inspect(id);
        Assert.Matches("^/[a-zA-Z0-9][a-zA-Z0-9_.-]+$", inspect.Name);
        string other = await client.Create();
        Assert.NotEqual(inspect.Name, (await client.Inspect(other)).Name);
    }

    [Fact]
    public async Task A_leading_slash_in_the_name_is_dropped()
    {
        string id = await client.Create("/web");
        Assert.Equal("/web", (await client.Inspect(id)).Name);
    }

    [Fact]
    public async Task A_tagged_image_reference_is_found()
    {
        string id = await client.Create("web", "nginx:1.25");
        Assert.Equal("nginx:1.25", (await client.Inspect(id)).Config.Image);
    }

    [Fact]
    public async Task Start_runs_the_container()
    {
        string id = await client.Run("web");
        var inspect = await client.Inspect(id);
        Assert.Equal("running", inspect.State.Status);
        Assert.True(inspect.State.Running);
        Assert.False(inspect.State.Paused);
        Assert.True(inspect.State.Pid > 0);
    }

    [Fact]
    public async Task Starting_a_running_container_changes_nothing()
    {
        string id = await client.Run("web");
        string startedAt = (await client.Inspect(id)).State.StartedAt;
        await client.StartContainerAsync(id, None);
        var inspect = await client.Inspect(id);
        Assert.Equal("running", inspect.State.Status);
        Assert.Equal(startedAt, inspect.State.StartedAt);
    }

    [Fact]
    public async Task Stop_exits_with_code_zero()
    {
        string id = await client.Run("web");
        await client.StopContainerAsync(id, 10, None);
        var inspect = await client.Inspect(id);
        Assert.Equal("exited", inspect.State.Status);
        Assert.False(inspect.State.Running);
        Assert.Equal(0, inspect.State.ExitCode);
    }

    [Fact]
    public async Task Stopping_a_stopped_container_changes_nothing()
    {
        string id = await client.Create("web");
        await client.StopContainerAsync(id, null, None);
        Assert.Equal("created", (await client.Inspect(id)).State.Status);
    }

    [Fact]
    public async Task Kill_exits_with_code_137()
    {
        string id = await client.Run("web");
        await client.KillContainerAsync(id, "SIGKILL", None);
        var inspect = await client.Inspect(id);
        Assert.Equal("exited", inspect.State.Status);
        Assert.False(inspect.State.Running);
        Assert.Equal(137, inspect.State.ExitCode);
    }

    [Fact]
    public async Task A_stopped_container_starts_again()
    {
        string id = await client.Run("web");
        await client.StopContainerAsync(id, null, None);
        await client.StartContainerAsync(id, None);
        var inspect = await client.Inspect(id);
        Assert.Equal("running", inspect.State.Status);
        Assert.True(inspect.State.Running);
    }

    [Fact]
    public async Task Restart_runs_a_running_or_stopped_container()
    {
        string running = await client.Run("running");
        string stopped = await client.Create("stopped");
        await client.RestartContainerAsync(running, 1, None);
        await client.RestartContainerAsync(stopped, null, None);
        Assert.Equal("running", (await client.Inspect(running)).State.Status);
        Assert.Equal("running", (await client.Inspect(stopped)).State.Status);
    }

    [Fact]
    public async Task Pause_and_unpause()
    {
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        var paused = await client.Inspect(id);
        Assert.Equal("paused", paused.State.Status);
        Assert.True(paused.State.Paused);
        Assert.True(paused.State.Running);

        await client.UnpauseContainerAsync(id, None);
        var resumed = await client.Inspect(id);
        Assert.Equal("running", resumed.State.Status);
        Assert.False(resumed.State.Paused);
        Assert.True(resumed.State.Running);
    }

    [Fact]
    public async Task A_paused_container_can_be_stopped()
    {
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        await client.StopContainerAsync(id, null, None);
        var inspect = await client.Inspect(id);
        Assert.Equal("exited", inspect.State.Status);
        Assert.False(inspect.State.Paused);
    }

    [Fact]
    public async Task Remove_deletes_a_stopped_container()
    {
        string id = await client.Create("web");
        await client.RemoveContainerAsync(id, false, false, None);
        await Assert.ThrowsAsync<Docker.DotNet.DockerContainerNotFoundException>(() => client.InspectContainerAsync(id, None));
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task Forced_remove_deletes_a_running_container()
    {
        string id = await client.Run("web");
        await client.RemoveContainerAsync(id, true, false, None);
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task A_removed_container_frees_its_name()
    {
        string first = await client.Create("web");
        await client.RemoveContainerAsync(first, false, false, None);
        string second = await client.Create("web");
        Assert.NotEqual(first, second);
        Assert.Equal("/web", (await client.Inspect(second)).Name);
    }

    [Fact]
    public async Task Containers_are_found_by_full_id_name_and_unique_prefix()
    {
        string id = await client.Create("web");
        Assert.Equal(id, (await client.Inspect(id)).ID);
        Assert.Equal(id, (await client.Inspect("web")).ID);
        Assert.Equal(id, (await client.Inspect("/web")).ID);
        Assert.Equal(id, (await client.Inspect(id[..12])).ID);
        Assert.Equal(id, (await client.Inspect(id[..4])).ID);
    }

    [Fact]
    public async Task Every_call_finds_containers_by_name()
    {
        string id = await client.Create("web");
        await client.StartContainerAsync("web", None);
        await client.PauseContainerAsync("web", None);
        await client.UnpauseContainerAsync("web", None);
        await client.RestartContainerAsync("web", 0, None);
        await client.KillContainerAsync("web", "SIGKILL", None);
        await client.StartContainerAsync("web", None);
        await client.StopContainerAsync("web", 0, None);
        Assert.Equal(0, (await client.Inspect(id)).State.ExitCode);
        await client.RemoveContainerAsync("web", false, false, None);
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task A_name_wins_over_an_id_prefix()
    {
        string first = await client.Create("web");
        string prefix = first[..6];
        string named = await client.Create(prefix);
        Assert.Equal(named, (await client.Inspect(prefix)).ID);
        Assert.Equal(first, (await client.Inspect(first[..7])).ID);
    }
}
