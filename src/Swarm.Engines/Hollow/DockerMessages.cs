using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace Swarm.Engines.Hollow;

/// <summary>The errors dockerd 20.10 answers, word for word, so the simulated engine fails like a real one.</summary>
internal static class DockerMessages
{
    public static DockerContainerNotFoundException NoSuchContainer(string id) =>
        new(HttpStatusCode.NotFound, Body($"No such container: {id}"));

    public static DockerApiException NoSuchImage(string image) =>
        new(HttpStatusCode.NotFound, Body($"No such image: {image}"));

    public static DockerApiException NameInUse(string name, string id) =>
        new(HttpStatusCode.Conflict, Body($"Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."));

    public static DockerApiException RemoveRunning(string id) =>
        new(HttpStatusCode.Conflict, Body($"You cannot remove a running container {id}. Stop the container before attempting removal or force remove"));

    public static DockerApiException RemovePaused(string id) =>
        new(HttpStatusCode.Conflict, Body($"You cannot remove a paused container {id}. Unpause and then stop the container before attempting removal or force remove"));

    public static DockerApiException StartPaused() =>
        new(HttpStatusCode.Conflict, Body("cannot start a paused container, try unpause instead"));

    public static DockerApiException KillNotRunning(string idOrName, string id) =>
        new(HttpStatusCode.Conflict, Body($"Cannot kill container: {idOrName}: Container {id} is not running"));

    public static DockerApiException NotRunning(string id) =>
        new(HttpStatusCode.Conflict, Body($"Container {id} is not running"));

    public static DockerApiException AlreadyPaused(string id) =>
        new(HttpStatusCode.Conflict, Body($"Container {id} is already paused"));

    public static DockerApiException NotPaused(string id) =>
        new(HttpStatusCode.Conflict, Body($"Container {id} is not paused"));

    public static DockerApiException InvalidName(string name) =>
        new(HttpStatusCode.BadRequest, Body($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));

    private static string Body(string message) => JsonSerializer.Serialize(new { message });
}
