using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines;
using Swarm.Engines.View;
using ContainerState = Swarm.Scheduling.Model.ContainerState;

namespace Swarm.Actors.Engines;

/// <summary>
/// One round of reading an engine (the initial load, or a refresh), done as a task off the actor. It receives
/// what the actor already knows so that only new or changed containers are inspected.
/// </summary>
internal sealed record EngineLoad(
    long Sequence,
    EngineSpecs? Specs,
    IReadOnlyList<EngineContainer> Containers,
    IReadOnlyList<ImagesListResponse> Images,
    IReadOnlyList<NetworkResponse> Networks,
    IReadOnlyList<VolumeResponse> Volumes)
{
    private const int ParallelInspects = 8;

    /// <param name="known">Cached containers and their states: inspected again only when the listed state differs.</param>
    public static async Task<EngineLoad> ReadAsync(
        IEngineClient client, bool readSpecs, IReadOnlyDictionary<string, EngineContainer> known, long sequence, CancellationToken cancellationToken)
    {
        EngineSpecs? specs = null;
        if (readSpecs)
        {
            specs = await client.GetSpecsAsync(cancellationToken);
            if (specs.Cpus == 0 || specs.Memory == 0)
            {
                throw new EngineRefusedException($"cannot get resources for this engine, make sure {client.Address} is a Docker Engine, not a Swarm manager");
            }
        }

        var listed = await client.ListContainersAsync(cancellationToken);
        var containers = new EngineContainer?[listed.Count];
        await Parallel.ForAsync(0, listed.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelInspects, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var entry = listed[i];
            if (known.TryGetValue(entry.ID, out var cached) && SameState(cached.State, entry.State))
            {
                containers[i] = cached;
                return;
            }
            try
            {
                containers[i] = await client.InspectViewAsync(entry.ID, token);
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed between the listing and the inspect.
            }
        });

        var images = await client.ListImagesAsync(cancellationToken);
        var networks = await client.ListNetworksAsync(cancellationToken);
        var volumes = await client.ListVolumesAsync(cancellationToken);
        return new EngineLoad(sequence, specs, [.. containers.OfType<EngineContainer>()], [.. images], [.. networks], [.. volumes]);
    }

    private static bool SameState(ContainerState cached, string? listed) => listed switch
    {
        "created" => cached == ContainerState.Created,
        "running" => cached == ContainerState.Running,
        "paused" => cached == ContainerState.Paused,
        "exited" => cached == ContainerState.Exited,
        "dead" => cached == ContainerState.Dead,
        _ => false,
    };
}

/// <summary>The target answered but is not an engine we can schedule on (classic: a Swarm manager, which reports no resources).</summary>
public sealed class EngineRefusedException(string message) : Exception(message);
