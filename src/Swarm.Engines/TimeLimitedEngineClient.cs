using Docker.DotNet.Models;

namespace Swarm.Engines;

/// <summary>
/// Bounds every call of an engine client (the event stream excepted) and reports running out of time as a
/// <see cref="TimeoutException"/>, which counts as a connection failure: a hung engine then fails like a dead one
/// instead of stalling whoever asked. Stop and restart get the container's grace period on top.
/// </summary>
public sealed class TimeLimitedEngineClient(IEngineClient inner, TimeSpan callTimeout) : IEngineClient
{
    private static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    public string Address => inner.Address;

    public Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken) => Call(inner.GetSpecsAsync, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => Call(inner.PingAsync, cancellationToken);

    public Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken) => Call(inner.ListContainersAsync, cancellationToken);

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        Call(c => inner.InspectContainerAsync(id, c), cancellationToken);

    public Task<View.EngineContainer> InspectViewAsync(string id, CancellationToken cancellationToken) =>
        Call(c => inner.InspectViewAsync(id, c), cancellationToken);

    public Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken) => Call(inner.ListImagesAsync, cancellationToken);

    public Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken) => Call(inner.ListNetworksAsync, cancellationToken);

    public Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken) => Call(inner.ListVolumesAsync, cancellationToken);

    public Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken) =>
        inner.MonitorEventsAsync(since, progress, cancellationToken);

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        Call(c => inner.CreateContainerAsync(parameters, c), cancellationToken);

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) => Call(c => inner.StartContainerAsync(id, c), cancellationToken);

    public Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        Call(c => inner.StopContainerAsync(id, waitBeforeKillSeconds, c), cancellationToken, Grace(waitBeforeKillSeconds));

    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) => Call(c => inner.KillContainerAsync(id, signal, c), cancellationToken);

    public Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        Call(c => inner.RestartContainerAsync(id, waitBeforeKillSeconds, c), cancellationToken, Grace(waitBeforeKillSeconds));

    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) => Call(c => inner.PauseContainerAsync(id, c), cancellationToken);

    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) => Call(c => inner.UnpauseContainerAsync(id, c), cancellationToken);

    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        Call(c => inner.RemoveContainerAsync(id, force, removeVolumes, c), cancellationToken);

    public Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken) => inner.WaitContainerAsync(id, cancellationToken);

    public void Dispose() => inner.Dispose();

    private static TimeSpan Grace(uint? waitBeforeKillSeconds) =>
        waitBeforeKillSeconds is uint seconds ? TimeSpan.FromSeconds(seconds) : DefaultStopGrace;

    private Task Call(Func<CancellationToken, Task> call, CancellationToken cancellationToken, TimeSpan extra = default) =>
        Call(async c => { await call(c); return true; }, cancellationToken, extra);

    private async Task<T> Call<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan extra = default)
    {
        var limit = callTimeout + extra;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            return await call(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"engine {Address} did not answer within {limit.TotalSeconds:0.#}s");
        }
    }
}
