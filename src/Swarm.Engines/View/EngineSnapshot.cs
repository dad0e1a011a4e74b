using Docker.DotNet.Models;
using Swarm.Engines.Health;
using Swarm.Scheduling.Model;
using NodeDescription = Swarm.Scheduling.Model.NodeDescription;

namespace Swarm.Engines.View;

/// <summary>An engine as the cluster knows it at one moment: identity, health, specs and caches. Immutable.</summary>
public sealed record EngineSnapshot
{
    /// <summary>Classic's <c>dockerdID|address</c>; empty until the engine was first reached.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Address { get; init; }
    public required EngineHealth Health { get; init; }
    public EngineSpecs? Specs { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<EngineContainer> Containers { get; init; } = [];
    public IReadOnlyList<ImagesListResponse> Images { get; init; } = [];
    public IReadOnlyList<NetworkResponse> Networks { get; init; } = [];
    public IReadOnlyList<VolumeResponse> Volumes { get; init; } = [];
    public DateTime UpdatedAt { get; init; }

    public long ReservedCpus => Containers.Sum(c => CpuShares.FromEngineShares(c.CpuShares, Specs?.Cpus ?? 0));
    public long ReservedMemory => Containers.Sum(c => c.Memory);

    /// <summary>The node placement schedules on, or null before the engine was first reached.</summary>
    public NodeDescription? ToNodeDescription() =>
        Specs is null ? null : new NodeDescription(Id, Name, Address, Labels, Specs.Cpus, Specs.Memory);

    /// <summary>The node's images in the form placement's image affinity reads.</summary>
    public IReadOnlyList<NodeImage> NodeImages() => [.. Images.Select(i => new NodeImage(i.ID, [.. i.RepoTags ?? []]))];
}
