using Swarm.Engines;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Actors.Tests.Support;

/// <summary>Engine views as engine actors report them, for feeding the scheduler without engines.</summary>
public static class EngineSnapshots
{
    public const long GiB = 1L << 30;

    public static EngineSnapshot Healthy(string name, long cpus = 4, long memory = 8 * GiB, IReadOnlyList<EngineContainer>? containers = null, params string[] labels)
    {
        string address = $"10.0.0.{name.GetHashCode() & 0xff}:2375";
        var specs = new EngineSpecs("DOCKER-" + name.ToUpperInvariant(), name, cpus, memory, labels, "vfs", "6.1.0", "Debian GNU/Linux 12", "linux", "20.10.24", "1.41");
        var nodeLabels = NodeLabels.TryBuild(specs, specs.DockerId + "|" + address, address, [], out _)!;
        return new EngineSnapshot
        {
            Id = EngineSpecs.EngineId(specs.DockerId, address),
            Name = name,
            Address = address,
            Health = EngineHealth.Pending(3).Validated().Health,
            Specs = specs,
            Labels = nodeLabels,
            Containers = containers ?? [],
        };
    }
}
