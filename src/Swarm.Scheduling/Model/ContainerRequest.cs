namespace Swarm.Scheduling.Model;

/// <summary>
/// The parts of a Docker create request (config, host config and name) that placement reads.
/// <see cref="Cpus"/> is classic Swarm's reading of <c>HostConfig.CpuShares</c>: a number of CPUs.
/// </summary>
public sealed record ContainerRequest
{
    public string Name { get; init; } = "";
    public string Image { get; init; } = "";
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Labels;
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];
    public string NetworkMode { get; init; } = "";
    public IReadOnlyList<string> Links { get; init; } = [];
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    public long Cpus { get; init; }
    public long Memory { get; init; }
}
