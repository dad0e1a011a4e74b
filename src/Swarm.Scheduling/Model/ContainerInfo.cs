namespace Swarm.Scheduling.Model;

/// <summary>
/// What placement needs to know about a container that sits on a node (created or pending).
/// Resources are already in scheduler units: <see cref="Cpus"/> is a number of CPUs, <see cref="Memory"/> bytes.
/// </summary>
public sealed record ContainerInfo
{
    /// <summary>The engine's container ID; empty while the container is pending.</summary>
    public string Id { get; init; } = "";

    /// <summary>The cluster-wide swarm ID (label <c>com.docker.swarm.id</c>); empty for containers made directly on an engine.</summary>
    public string SwarmId { get; init; } = "";

    /// <summary>The container's name without the leading slash; may be empty for a pending container.</summary>
    public string Name { get; init; } = "";

    public string Image { get; init; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;

    /// <summary>Requested bindings (<c>HostConfig.PortBindings</c>): still held while the container is stopped.</summary>
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];

    /// <summary>Bindings the engine actually made (<c>NetworkSettings.Ports</c>), which catch dynamically chosen host ports.</summary>
    public IReadOnlyList<PortBinding> PublishedPorts { get; init; } = [];

    /// <summary><c>Config.ExposedPorts</c> keys such as <c>80/tcp</c>; they matter for containers in host network mode.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public string NetworkMode { get; init; } = "";
    public IReadOnlyList<string> Links { get; init; } = [];
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    public long Cpus { get; init; }
    public long Memory { get; init; }
    public ContainerState State { get; init; } = ContainerState.Pending;

    /// <summary>The key under which a node holds this container: the engine ID once created, the swarm ID while pending.</summary>
    public string Key => Id.Length > 0 ? Id : SwarmId;

    public bool UsesHostNetwork => NetworkMode == "host";
}
