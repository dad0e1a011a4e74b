using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines.View;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// A real engine over Docker.DotNet's models and calls (tcp://, unix://, TLS with client certificates), on our pooled
/// transport (<see cref="PooledEngineCredentials"/>); its event stream is read by <see cref="EngineEventStream"/>.
/// The API version is negotiated on the first <see cref="GetSpecsAsync"/>: the engine's own, capped at
/// <see cref="MaxApiVersion"/>. Calls are not time-limited here: wrap the client in <see cref="TimeLimitedEngineClient"/>.
/// </summary>
public sealed class DockerEngineClient : IEngineClient
{
    public static readonly System.Version MaxApiVersion = new(1, 41);

    // How long a replaced client stays usable for the calls already begun on it.
    private static readonly TimeSpan ReplacedClientGrace = TimeSpan.FromMinutes(2);

    private readonly DockerClientConfiguration configuration;
    // One connection pool to the engine, for Docker.DotNet's calls and our own HTTP (the event stream, starts and the
    // inspects the view reads): a connection one of them left idle serves the other.
    private readonly SocketsHttpHandler handler;
    private readonly HttpClient http;
    private readonly EngineEventStream events;
    private DockerClient client;
    // Null until negotiated: the event stream's path then has no version, as Docker.DotNet's requests.
    private string? apiVersion;

    public DockerEngineClient(string address, EngineTlsOptions? tls = null)
    {
        var endpoint = EngineAddress.TryParse(address, out string? error) ?? throw new ArgumentException(error, nameof(address));
        if (tls is not null && endpoint.Scheme == "tcp") endpoint = new UriBuilder(endpoint) { Scheme = "https" }.Uri;
        Address = address;
        var authentication = tls is null ? null : new EngineTlsAuthentication(tls);
        handler = EngineHttpHandler.Create(endpoint, authentication);
        configuration = new DockerClientConfiguration(endpoint, new PooledEngineCredentials(handler, authentication is not null), Timeout.InfiniteTimeSpan);
        client = configuration.CreateClient();
        http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = EngineHttpHandler.BaseAddress(endpoint, authentication),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        events = new EngineEventStream(http);
    }

    public string Address { get; }

    public async Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken)
    {
        var version = await client.System.GetVersionAsync(cancellationToken);
        var negotiated = System.Version.TryParse(version.APIVersion, out var engineVersion) && engineVersion < MaxApiVersion ? engineVersion : MaxApiVersion;
        if (apiVersion != negotiated.ToString())
        {
            // A new client only when the version changes (the first time, as a rule): this runs again at every
            // reconnection, while calls of the engine's actor may still be on the current client. The one replaced
            // is disposed once calls begun on it are long done, not under them ("Cannot access a disposed object").
            var replaced = client;
            client = configuration.CreateClient(negotiated);
            apiVersion = negotiated.ToString();
            _ = Task.Delay(ReplacedClientGrace, CancellationToken.None).ContinueWith(_ => replaced.Dispose(), TaskScheduler.Default);
        }
        var info = await client.System.GetSystemInfoAsync(cancellationToken);
        return new EngineSpecs(
            info.ID ?? "", info.Name ?? "", info.NCPU, info.MemTotal, [.. info.Labels ?? []],
            info.Driver ?? "", info.KernelVersion ?? "", info.OperatingSystem ?? "", info.OSType ?? "",
            version.Version ?? "", negotiated.ToString(),
            EngineTime.Parse(info.SystemTime), info.Architecture ?? "");
    }

    public Task PingAsync(CancellationToken cancellationToken) => client.System.PingAsync(cancellationToken);

    public Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken) =>
        client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken);

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        client.Containers.InspectContainerAsync(id, cancellationToken);

    /// <summary>Read from the answer as it streams in (two per container started: its create and start events).</summary>
    public async Task<EngineContainer> InspectViewAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(ContainerPath(id, "json"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowUnlessSucceeded(response, cancellationToken);
        await using var json = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await EngineContainer.FromInspectJsonAsync(json, cancellationToken);
    }

    // The path of a call about one container, versioned as Docker.DotNet's are once negotiated.
    private string ContainerPath(string id, string action) => Versioned($"containers/{Uri.EscapeDataString(id)}/{action}");

    private string Versioned(string path) => (apiVersion is null ? "" : $"v{apiVersion}/") + path;

    // Failures as Docker.DotNet reports them; 304 (nothing to do: started already) is not one, as for Docker.DotNet.
    private static async Task ThrowUnlessSucceeded(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotModified) return;
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? new DockerContainerNotFoundException(response.StatusCode, body)
            : new DockerApiException(response.StatusCode, body);
    }

    public Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken) =>
        client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken);

    public Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken) =>
        client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);

    public async Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken) =>
        (await client.Volumes.ListAsync(cancellationToken)).Volumes ?? [];

    public Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken) =>
        events.ReadAsync(apiVersion, since, progress, cancellationToken);

    /// <summary>
    /// Over our own HTTP, with the body Docker.DotNet would send (<see cref="CreateRequestJson"/>): Docker.DotNet read
    /// the parameters' attributes by reflection for the query string at every create.
    /// </summary>
    public async Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        string query = string.Join('&', new[] { ("name", parameters.Name), ("platform", parameters.Platform) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
        using var content = new StringContent(CreateRequestJson(parameters), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(Versioned("containers/create") + (query.Length > 0 ? "?" + query : ""), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? new DockerImageNotFoundException(response.StatusCode, body)
                : new DockerApiException(response.StatusCode, body);
        }
        await using var json = await response.Content.ReadAsStreamAsync(cancellationToken);
        var created = await System.Text.Json.JsonSerializer.DeserializeAsync<CreatedBody>(json, cancellationToken: cancellationToken);
        return new CreateContainerResponse { ID = created?.Id ?? "", Warnings = created?.Warnings ?? [] };
    }

    /// <summary>A create body as Docker.DotNet writes one: its models' data-member names, nulls left out, enums by name.</summary>
    public static string CreateRequestJson(CreateContainerParameters parameters) => Newtonsoft.Json.JsonConvert.SerializeObject(parameters, CreateBodySettings);

    private static readonly Newtonsoft.Json.JsonSerializerSettings CreateBodySettings = new()
    {
        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
        Converters = [new Newtonsoft.Json.Converters.StringEnumConverter()],
    };

    private sealed record CreatedBody(string? Id, IList<string>? Warnings);

    /// <summary>
    /// Over our own HTTP, as the docker CLI sends it (no body, no query): Docker.DotNet made each start's empty query
    /// string by reading its parameters' attributes through reflection (~4 KB of garbage per container started).
    /// </summary>
    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(ContainerPath(id, "start"), null, cancellationToken);
        await ThrowUnlessSucceeded(response, cancellationToken);
    }

    public Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = waitBeforeKillSeconds }, cancellationToken);

    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) =>
        client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = signal }, cancellationToken);

    public Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        client.Containers.RestartContainerAsync(id, new ContainerRestartParameters { WaitBeforeKillSeconds = waitBeforeKillSeconds }, cancellationToken);

    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) =>
        client.Containers.PauseContainerAsync(id, cancellationToken);

    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) =>
        client.Containers.UnpauseContainerAsync(id, cancellationToken);

    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = force, RemoveVolumes = removeVolumes }, cancellationToken);

    public async Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken) =>
        (await client.Containers.WaitContainerAsync(id, cancellationToken)).StatusCode;

    public void Dispose()
    {
        client.Dispose();
        configuration.Dispose();
        http.Dispose();
        handler.Dispose();
    }
}
