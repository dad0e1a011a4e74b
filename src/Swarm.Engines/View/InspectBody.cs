using System.Text.Json;

namespace Swarm.Engines.View;

/// <summary>
/// The part of an engine's <c>GET /containers/{id}/json</c> that <see cref="EngineContainer"/> keeps, in Docker's
/// own shape, read with System.Text.Json straight from the answer: everything else is skipped unread, where
/// Docker.DotNet would build the whole inspect (with Newtonsoft, from the body as one string) at every event.
/// </summary>
internal sealed class InspectBody
{
    /// <summary>Docker's names match ours but for case (<c>Id</c>, <c>HostIp</c>); unknown fields are skipped.</summary>
    public static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? Path { get; set; }
    public List<string>? Args { get; set; }
    public string? Created { get; set; }
    public StateBody? State { get; set; }
    public ConfigBody? Config { get; set; }
    public HostConfigBody? HostConfig { get; set; }
    public NetworkSettingsBody? NetworkSettings { get; set; }
    public List<MountBody>? Mounts { get; set; }

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
        public Dictionary<string, string>? Labels { get; set; }
        public Dictionary<string, Nothing?>? ExposedPorts { get; set; }
    }

    internal sealed class HostConfigBody
    {
        public Dictionary<string, IList<BindingBody>?>? PortBindings { get; set; }
        public string? NetworkMode { get; set; }
        public List<string>? Links { get; set; }
        public List<string>? VolumesFrom { get; set; }
        public long CpuShares { get; set; }
        public long Memory { get; set; }
    }

    internal sealed class NetworkSettingsBody
    {
        public Dictionary<string, IList<BindingBody>?>? Ports { get; set; }
        public Dictionary<string, EndpointBody?>? Networks { get; set; }
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
