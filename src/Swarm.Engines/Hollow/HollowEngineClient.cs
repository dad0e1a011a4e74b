using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>One client's connection to a <see cref="HollowEngine"/>: the engine's calls, with event streams that end when the client is disposed.</summary>
internal sealed class HollowEngineClient(HollowEngine engine) : IEngineClient
{
    private readonly CancellationTokenSource closed = new();

    public string Address => engine.Address;

    public Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken) => engine.GetSpecsAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => engine.PingAsync(cancellationToken);

    public Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken) => engine.ListContainersAsync(cancellationToken);

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken) => engine.InspectContainerAsync(id, cancellationToken);

    public Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken) => engine.ListImagesAsync(cancellationToken);

    public Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken) => engine.ListNetworksAsync(cancellationToken);

    public Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken) => engine.ListVolumesAsync(cancellationToken);

    public async Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closed.Token);
        await engine.MonitorEventsAsync(since, progress, stream.Token);
    }

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        engine.CreateContainerAsync(parameters, cancellationToken);

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) => engine.StartContainerAsync(id, cancellationToken);

    public Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        engine.StopContainerAsync(id, waitBeforeKillSeconds, cancellationToken);

    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) => engine.KillContainerAsync(id, signal, cancellationToken);

    public Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        engine.RestartContainerAsync(id, waitBeforeKillSeconds, cancellationToken);

    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) => engine.PauseContainerAsync(id, cancellationToken);

    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) => engine.UnpauseContainerAsync(id, cancellationToken);

    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        engine.RemoveContainerAsync(id, force, removeVolumes, cancellationToken);

    public Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken) => engine.WaitContainerAsync(id, cancellationToken);

    // Not disposed: a stream opened after disposal must still see the token as cancelled.
    public void Dispose() => closed.Cancel();
}
