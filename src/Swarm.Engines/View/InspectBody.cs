using System.Text.Json;
using Docker.DotNet.Models;

namespace Swarm.Engines.View;

/// <summary>
/// The part of an engine's <c>GET /containers/{id}/json</c> that <see cref="EngineContainer"/> keeps, in Docker's
/// own shape, read with System.Text.Json straight from the answer: everything else is skipped unread, where
/// Docker.DotNet would build the whole inspect (with Newtonsoft, from the body as one string) at every event.
/// Docker.DotNet's model of an inspect is read through it too (<see cref="Of"/>), so both make the same view.
/// </summary>
internal sealed class InspectBody
{
    /// <summary>Docker's names match ours but for case (<c>Id</c>, <c>HostIp</c>); unknown fields are skipped.</summary>
    public static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? Path { get; set; }
    public IList<string>? Args { get; set; }
    public string? Created { get; set; }
    public StateBody? State { get; set; }
    public ConfigBody? Config { get; set; }
    public HostConfigBody? HostConfig { get; set; }
    public NetworkSettingsBody? NetworkSettings { get; set; }
    public IList<MountBody>? Mounts { get; set; }

    /// <summary>The same parts of Docker.DotNet's model of an inspect (its lists and label dictionary shared, not copied).</summary>
    public static InspectBody Of(ContainerInspectResponse inspect) => new()
    {
        Id = inspect.ID,
        Name = inspect.Name,
        Image = inspect.Image,
        Path = inspect.Path,
        Args = inspect.Args,
        State = inspect.State is not { } state ? null : new StateBody
        {
            Status = state.Status,
            Running = state.Running,
            Paused = state.Paused,
            ExitCode = state.ExitCode,
            StartedAt = state.StartedAt,
            FinishedAt = state.FinishedAt,
            Health = state.Health is null ? null : new HealthBody { Status = state.Health.Status },
        },
        Config = inspect.Config is not { } config ? null : new ConfigBody
        {
            Image = config.Image,
            Labels = config.Labels,
            ExposedPorts = config.ExposedPorts?.ToDictionary(port => port.Key, _ => (Nothing?)null),
        },
        HostConfig = inspect.HostConfig is not { } host ? null : new HostConfigBody
        {
            PortBindings = BindingsOf(host.PortBindings),
            NetworkMode = host.NetworkMode,
            Links = host.Links,
            VolumesFrom = host.VolumesFrom,
            CpuShares = host.CPUShares,
            Memory = host.Memory,
        },
        NetworkSettings = inspect.NetworkSettings is not { } network ? null : new NetworkSettingsBody
        {
            Ports = BindingsOf(network.Ports),
            Networks = network.Networks?.ToDictionary(n => n.Key, n => n.Value is null ? null : new EndpointBody { NetworkID = n.Value.NetworkID }),
        },
        Mounts = inspect.Mounts?.Select(m => new MountBody { Name = m.Name, Destination = m.Destination }).ToList(),
    };

    private static Dictionary<string, IList<BindingBody>?>? BindingsOf(IDictionary<string, IList<PortBinding>>? map) =>
        map?.ToDictionary(entry => entry.Key, entry => entry.Value is null ? null : (IList<BindingBody>)[.. entry.Value.Select(b => new BindingBody { HostIp = b.HostIP, HostPort = b.HostPort })]);

    internal sealed class StateBody
    {
        public string? Status { get; set; }
        public bool Running { get; set; }
        public bool Paused { get; set; }
        public long ExitCode { get; set; }
        public string? StartedAt { get; set; }
        public string? FinishedAt { get; set; }
        public HealthBody? Health { get; set; }
    }

    internal sealed class HealthBody
    {
        public string? Status { get; set; }
    }

    internal sealed class ConfigBody
    {
        public string? Image { get; set; }
        public IDictionary<string, string>? Labels { get; set; }
        public IDictionary<string, Nothing?>? ExposedPorts { get; set; }
    }

    internal sealed class HostConfigBody
    {
        public IDictionary<string, IList<BindingBody>?>? PortBindings { get; set; }
        public string? NetworkMode { get; set; }
        public IList<string>? Links { get; set; }
        public IList<string>? VolumesFrom { get; set; }
        public long CpuShares { get; set; }
        public long Memory { get; set; }
    }

    internal sealed class NetworkSettingsBody
    {
        public IDictionary<string, IList<BindingBody>?>? Ports { get; set; }
        public IDictionary<string, EndpointBody?>? Networks { get; set; }
    }

    internal sealed class BindingBody
    {
        public string? HostIp { get; set; }
        public string? HostPort { get; set; }
    }

    internal sealed class EndpointBody
    {
        public string? NetworkID { get; set; }
    }

    internal sealed class MountBody
    {
        public string? Name { get; set; }
        public string? Destination { get; set; }
    }

    /// <summary>An exposed port's value: always <c>{}</c>.</summary>
    internal sealed class Nothing;
}
