using System.Text.Json;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using DockerModels = Docker.DotNet.Models;

namespace Swarm.Engines.View;

/// <summary>
/// What the cluster keeps of one container on an engine: enough for placement and for listing it, read from
/// a full inspect. Far smaller than the inspect itself, which stays on the engine for whoever asks.
/// </summary>
public sealed record EngineContainer
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Image { get; init; } = "";
    public string ImageId { get; init; } = "";
    public string Command { get; init; } = "";
    public DateTime Created { get; init; }
    public ContainerState State { get; init; }
    public long ExitCode { get; init; }
    public string StartedAt { get; init; } = "";
    public string FinishedAt { get; init; } = "";
    public string HealthStatus { get; init; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];
    public IReadOnlyList<PortBinding> PublishedPorts { get; init; } = [];
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public string NetworkMode { get; init; } = "";

    /// <summary>Volume names and mount destinations, for <c>ps --filter volume=</c>.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];

    /// <summary>The networks it is attached to: name → network ID.</summary>
    public IReadOnlyDictionary<string, string> Networks { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Links { get; init; } = [];
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];

    /// <summary>Relative CPU shares as the engine stores them (1024 = the whole machine).</summary>
    public long CpuShares { get; init; }

    public long Memory { get; init; }

    public string SwarmId => Labels.TryGetValue(SchedulingRequest.SwarmIdLabel, out string? id) ? id : "";

    public static EngineContainer FromInspect(DockerModels.ContainerInspectResponse inspect) => From(InspectBody.Of(inspect), inspect.Created);

    /// <summary>The same view read from an inspect answer's JSON, as <see cref="FromInspect"/> reads Docker.DotNet's model of it.</summary>
    /// <exception cref="JsonException">The answer is not an inspect.</exception>
    public static async Task<EngineContainer> FromInspectJsonAsync(Stream json, CancellationToken cancellationToken)
    {
        var inspect = await JsonSerializer.DeserializeAsync<InspectBody>(json, InspectBody.Options, cancellationToken);
        if (inspect?.Id is not { Length: > 0 }) throw new JsonException("the engine's answer is not a container inspect");
        return From(inspect, EngineTime.ParseUtc(inspect.Created));
    }

    private static EngineContainer From(InspectBody inspect, DateTime created)
    {
        var host = inspect.HostConfig ?? new InspectBody.HostConfigBody();
        var config = inspect.Config ?? new InspectBody.ConfigBody();
        var state = inspect.State ?? new InspectBody.StateBody();
        return new EngineContainer
        {
            Id = SharedIds.Of(inspect.Id ?? ""),
            Name = (inspect.Name ?? "").TrimStart('/'),
            Image = SharedStrings.Of(config.Image ?? ""),
            ImageId = SharedStrings.Of(inspect.Image ?? ""),
            Command = SharedStrings.Of(string.Join(' ', new[] { inspect.Path ?? "" }.Concat(inspect.Args ?? [])).Trim()),
            Created = created,
            State = StateOf(state),
            ExitCode = state.ExitCode,
            StartedAt = state.StartedAt ?? "",
            FinishedAt = SharedStrings.Of(state.FinishedAt ?? ""),
            HealthStatus = SharedStrings.Of(state.Health?.Status ?? ""),
            Labels = SharedLabels.Of(config.Labels ?? new Dictionary<string, string>()),
            PortBindings = Bindings(host.PortBindings),
            PublishedPorts = Bindings(inspect.NetworkSettings?.Ports),
            ExposedPorts = [.. (config.ExposedPorts?.Keys ?? Enumerable.Empty<string>()).Select(SharedStrings.Of)],
            NetworkMode = SharedStrings.Of(host.NetworkMode ?? ""),
            Mounts = [.. (inspect.Mounts ?? []).SelectMany(m => new[] { m.Name ?? "", m.Destination ?? "" }).Where(m => m.Length > 0).Distinct().Select(SharedStrings.Of)],
            Networks = (inspect.NetworkSettings?.Networks ?? new Dictionary<string, InspectBody.EndpointBody?>()).ToDictionary(n => SharedStrings.Of(n.Key), n => SharedStrings.Of(n.Value?.NetworkID ?? "")),
            Links = [.. host.Links ?? []],
            VolumesFrom = [.. host.VolumesFrom ?? []],
            CpuShares = host.CpuShares,
            Memory = host.Memory,
        };
    }

    /// <summary>The container as placement sees it; CPU shares become whole CPUs of this engine, as classic read them.</summary>
    public ContainerInfo ToContainerInfo(long engineCpus) => new()
    {
        Id = Id,
        SwarmId = SwarmId,
        Name = Name,
        Image = Image,
        Labels = Labels,
        PortBindings = PortBindings,
        PublishedPorts = PublishedPorts,
        ExposedPorts = ExposedPorts,
        NetworkMode = NetworkMode,
        Links = Links,
        VolumesFrom = VolumesFrom,
        Cpus = Swarm.Scheduling.Model.CpuShares.FromEngineShares(CpuShares, engineCpus),
        Memory = Memory,
        State = State,
    };

    private static ContainerState StateOf(InspectBody.StateBody state) => state.Status switch
    {
        "created" => ContainerState.Created,
        "running" => ContainerState.Running,
        "paused" => ContainerState.Paused,
        "restarting" => ContainerState.Restarting,
        "removing" => ContainerState.Removing,
        "dead" => ContainerState.Dead,
        "exited" => ContainerState.Exited,
        _ => state.Paused ? ContainerState.Paused : state.Running ? ContainerState.Running : ContainerState.Exited,
    };

    private static IReadOnlyList<PortBinding> Bindings(IDictionary<string, IList<InspectBody.BindingBody>?>? map) =>
        map is null
            ? []
            : [.. map.SelectMany(entry => (entry.Value ?? []).Select(b => new PortBinding(entry.Key, b.HostIp ?? "", b.HostPort ?? "")))];
}
