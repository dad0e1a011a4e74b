using Docker.DotNet.Models;
using Swarm.Engines;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// An engine client that counts container inspects and, while closed, holds them until opened: to see how many
/// inspects a burst of engine events costs, and what an inspect that ends after a later event does.
/// </summary>
public sealed class GatedInspects(IEngineClient inner) : IEngineClient
{
    private volatile TaskCompletionSource gate = Opened();
    private int inspects;
    private int networkLists;
    private volatile IProgress<Message>? events;

    public int Inspects => inspects;

    public int NetworkLists => networkLists;

    /// <summary>An event as if the engine had sent it, to whoever follows its stream now.</summary>
    public void Inject(Message message) => events?.Report(message);

    public void Close() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => gate.TrySetResult();

    public string Address => inner.Address;

    public async Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref inspects);
        // Read before the engine is asked, answered after the gate opens: as a slow engine would.
        var answer = await inner.InspectContainerAsync(id, cancellationToken);
        await gate.Task.WaitAsync(cancellationToken);
        return answer;
    }

    public Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken) => inner.GetSpecsAsync(cancellationToken);
    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    public Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken) => inner.ListContainersAsync(cancellationToken);
    public Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken) => inner.ListImagesAsync(cancellationToken);
    public Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref networkLists);
        return inner.ListNetworksAsync(cancellationToken);
    }

    public Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken) => inner.ListVolumesAsync(cancellationToken);
    public Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken)
    {
        events = progress;
        return inner.MonitorEventsAsync(since, progress, cancellationToken);
    }

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) => inner.CreateContainerAsync(parameters, cancellationToken);
    public Task StartContainerAsync(string id, CancellationToken cancellationToken) => inner.StartContainerAsync(id, cancellationToken);
    public Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) => inner.StopContainerAsync(id, waitBeforeKillSeconds, cancellationToken);
    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) => inner.KillContainerAsync(id, signal, cancellationToken);
    public Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) => inner.RestartContainerAsync(id, waitBeforeKillSeconds, cancellationToken);
    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) => inner.PauseContainerAsync(id, cancellationToken);
    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) => inner.UnpauseContainerAsync(id, cancellationToken);
    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) => inner.RemoveContainerAsync(id, force, removeVolumes, cancellationToken);
    public Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken) => inner.WaitContainerAsync(id, cancellationToken);
    public void Dispose() => inner.Dispose();

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
