using Docker.DotNet.Models;

namespace Swarm.Engines;

/// <summary>
/// The seam between the cluster and where containers run (classic Swarm's cluster-driver idea): one engine's
/// API, in Docker's own shapes and errors. <see cref="Dockerd.DockerEngineClient"/> talks to a real dockerd;
/// <see cref="Hollow.HollowEngine"/> simulates one in memory. Another driver only has to implement this.
/// Failures to reach the engine surface as <see cref="HttpRequestException"/>, <see cref="IOException"/> or
/// <see cref="TimeoutException"/>; answers from the engine as Docker.DotNet's <c>DockerApiException</c>.
/// </summary>
public interface IEngineClient : IDisposable
{
    /// <summary>The engine's address as discovery gave it, e.g. <c>127.0.0.1:2375</c>.</summary>
    string Address { get; }

    /// <summary><c>GET /info</c> and <c>GET /version</c>; also settles the API version used from then on.</summary>
    Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken);

    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Every container, running or not (<c>docker ps -a</c>).</summary>
    Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken);

    Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>An inspect as the cluster's view keeps it; a client may read it more cheaply than the whole inspect.</summary>
    async Task<View.EngineContainer> InspectViewAsync(string id, CancellationToken cancellationToken) =>
        View.EngineContainer.FromInspect(await InspectContainerAsync(id, cancellationToken));

    Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken);

    Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken);

    Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reports each engine event until cancelled or the connection drops (then it throws or returns). With
    /// <paramref name="since"/> (Docker's <c>seconds.nanoseconds</c>), events the engine still remembers from that
    /// time on come first, so a reopened stream misses nothing.
    /// </summary>
    Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken);

    Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken);

    Task StartContainerAsync(string id, CancellationToken cancellationToken);

    Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken);

    Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken);

    Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken);

    Task PauseContainerAsync(string id, CancellationToken cancellationToken);

    Task UnpauseContainerAsync(string id, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken);

    /// <summary>Waits until the container stops and returns its exit code; as long as it takes (no call timeout).</summary>
    Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken);
}
