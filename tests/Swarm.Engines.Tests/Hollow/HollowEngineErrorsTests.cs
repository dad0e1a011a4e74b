using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEngineErrorsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    public static TheoryData<string> ContainerCalls => ["inspect", "start", "stop", "kill", "restart", "pause", "unpause", "remove"];

    private Task Call(string call, string id) => call switch
    {
        "inspect" => client.InspectContainerAsync(id, None),
        "start" => client.StartContainerAsync(id, None),
        "stop" => client.StopContainerAsync(id, null, None),
        "kill" => client.KillContainerAsync(id, "SIGKILL", None),
        "restart" => client.RestartContainerAsync(id, null, None),
        "pause" => client.PauseContainerAsync(id, None),
        "unpause" => client.UnpauseContainerAsync(id, None),
        "remove" => client.RemoveContainerAsync(id, true, false, None),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    [Theory]
    [MemberData(nameof(ContainerCalls))]
    public async Task An_unknown_container_is_404_no_such_container(string call)
    {
        await client.Create("web");
        var error = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Call(call, "nope"));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No such container: nope", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task An_unknown_image_is_404_no_such_image()
    {
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.CreateContainerAsync(HollowEngines.Params("web", "nosuch:1.0"), None));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No such image: nosuch:1.0", DockerErrorMessage.Of(error));
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task An_unknown_untagged_image_is_named_with_its_latest_tag()
    {
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.CreateContainerAsync(HollowEngines.Params("web", "nosuch"), None));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No such image: nosuch:latest", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task A_taken_name_is_409_with_dockerd_text()
    {
        string holder = await client.Create("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.Create("web"));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(
            $"Conflict. The container name \"/web\" is already in use by container \"{holder}\". You have to remove (or rename) that container to be able to reuse that name.",
            DockerErrorMessage.Of(error));
        Assert.Single(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task A_taken_name_given_with_a_slash_is_409_too()
    {
        await client.Create("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.Create("/web"));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("-web")]
    [InlineData("_web")]
    [InlineData("we b")]
    [InlineData("web/1")]
    [InlineData("web:1")]
    public async Task An_invalid_name_is_400_with_dockerd_text(string name)
    {
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.Create(name));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", DockerErrorMessage.Of(error));
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("web_1.blue-2")]
    [InlineData("1web")]
    public async Task Names_docker_allows_are_accepted(string name)
    {
        string id = await client.Create(name);
        Assert.Equal("/" + name, (await client.Inspect(id)).Name);
    }

    [Fact]
    public async Task Removing_a_running_container_without_force_is_409()
    {
        string id = await client.Run("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.RemoveContainerAsync(id, false, false, None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(
            $"You cannot remove a running container {id}. Stop the container before attempting removal or force remove",
            DockerErrorMessage.Of(error));
        Assert.Equal("running", (await client.Inspect(id)).State.Status);
    }

    [Fact]
    public async Task Removing_a_paused_container_without_force_is_409_with_the_paused_text()
    {
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.RemoveContainerAsync(id, false, false, None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(
            $"You cannot remove a paused container {id}. Unpause and then stop the container before attempting removal or force remove",
            DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Killing_a_container_that_is_not_running_is_409()
    {
        string id = await client.Create("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.KillContainerAsync(id, "SIGKILL", None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains($"Container {id} is not running", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Killing_a_container_that_is_not_running_has_dockerd_text()
    {
        string id = await client.Create("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.KillContainerAsync("web", "SIGKILL", None));
        Assert.Equal($"Cannot kill container: web: Container {id} is not running", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Pausing_a_container_that_is_not_running_is_409()
    {
        string id = await client.Create("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.PauseContainerAsync(id, None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal($"Container {id} is not running", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Pausing_twice_is_409_already_paused()
    {
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.PauseContainerAsync(id, None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal($"Container {id} is already paused", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Unpausing_a_container_that_is_not_paused_fails()
    {
        string id = await client.Run("web");
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.UnpauseContainerAsync(id, None));
        Assert.Equal($"Container {id} is not paused", DockerErrorMessage.Of(error));
        Assert.Equal("running", (await client.Inspect(id)).State.Status);
    }

    [Fact]
    public async Task Starting_a_paused_container_is_409()
    {
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        var error = await Assert.ThrowsAnyAsync<DockerApiException>(() => client.StartContainerAsync(id, None));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("cannot start a paused container, try unpause instead", DockerErrorMessage.Of(error));
    }

    [Fact]
    public async Task Engine_answers_are_not_connection_errors()
    {
        var error = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.InspectContainerAsync("nope", None));
        Assert.False(EngineErrors.IsConnectionError(error));
    }
}
