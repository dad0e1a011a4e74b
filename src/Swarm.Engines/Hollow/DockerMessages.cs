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

    public static DockerApiException NoSuchNetwork(string idOrName) =>
        new(HttpStatusCode.NotFound, Body($"network {idOrName} not found"));

    public static DockerApiException AmbiguousNetwork(string name) =>
        new(HttpStatusCode.BadRequest, Body($"2 matches found based on name: network {name} is ambiguous"));

    // dockerd answers an empty name with a 500.
    public static DockerApiException InvalidNetworkName(string name) =>
        new(HttpStatusCode.InternalServerError, Body($"invalid name: {name}"));

    public static DockerApiException PredefinedNetworkOperation(string name) =>
        new(HttpStatusCode.Forbidden, Body($"operation is not permitted on predefined {name} network "));

    public static DockerApiException NetworkExists(string name) =>
        new(HttpStatusCode.Conflict, Body($"network with name {name} already exists"));

    public static DockerApiException SingleInstanceNetwork(string driver) =>
        new(HttpStatusCode.Forbidden, Body($"only one instance of \"{driver}\" network is allowed"));

    public static DockerApiException NetworkPluginNotFound(string driver) =>
        new(HttpStatusCode.NotFound, Body($"plugin \"{driver}\" not found"));

    public static DockerApiException PredefinedNetwork(string name) =>
        new(HttpStatusCode.Forbidden, Body($"{name} is a pre-defined network and cannot be removed"));

    public static DockerApiException NetworkInUse(string name, string id) =>
        new(HttpStatusCode.Forbidden, Body($"error while removing network: network {name} id {id} has active endpoints"));

    public static DockerApiException NoSuchVolume(string name) =>
        new(HttpStatusCode.NotFound, Body($"get {name}: no such volume"));

    public static DockerApiException VolumeInUse(string name, IEnumerable<string> containerIds) =>
        new(HttpStatusCode.Conflict, Body($"remove {name}: volume is in use - [{string.Join(", ", containerIds)}]"));

    public static DockerApiException RenameEmpty() =>
        new(HttpStatusCode.BadRequest, Body("Neither old nor new names may be empty"));

    public static DockerApiException RenameSame() =>
        new(HttpStatusCode.BadRequest, Body("Renaming a container with the same name as its current name"));

    public static DockerApiException RenameInvalid(string name) =>
        new(HttpStatusCode.BadRequest, Body($"Error when allocating new name: Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));

    public static DockerApiException RenameInUse(string name, string id) =>
        new(HttpStatusCode.Conflict, Body($"Error when allocating new name: Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."));

    public static DockerApiException ImageInUse(string reference, string containerId, string imageId) =>
        new(HttpStatusCode.Conflict, Body($"conflict: unable to remove repository reference \"{reference}\" (must force) - container {containerId[..12]} is using its referenced image {imageId.Replace("sha256:", "")[..12]}"));

    private static string Body(string message) => JsonSerializer.Serialize(new { message });
}
