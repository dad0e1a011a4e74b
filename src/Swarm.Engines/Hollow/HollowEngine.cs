using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>
/// A simulated ("hollow") engine daemon: containers, images, networks and volumes in memory, answering the
/// engine calls with dockerd 20.10's shapes, errors and events. For scale benchmarks and demos without Docker
/// only; it says so in its labels (<c>hollow=true</c>) and operating system. Thread-safe. Clients reach it
/// through <see cref="Connect"/>, as they would reach a daemon over a connection of their own.
/// </summary>
public sealed partial class HollowEngine
{
    public const string HollowLabel = "hollow=true";
    /// <summary>The version hollow engines report: dockerd 20.10's, marked as simulated.</summary>
    public const string ServerVersion = "20.10.24-hollow";
    public const string OperatingSystemName = "Hollow engine (simulated, no containers really run)";

    private readonly object gate = new();
    private readonly HollowEngineOptions options;
    private readonly Dictionary<string, ContainerInspectResponse> containers = new(StringComparer.Ordinal);
    private readonly List<ImagesListResponse> images = [];
    private readonly List<Channel<Message>> monitors = [];

    // Recent events, replayed to a stream opened with "since", as dockerd keeps its last events in memory.
    private readonly Queue<Message> history = new();
    private const int HistoryLength = 256;
    private int nextHostPort = 32768;
    private volatile HollowFault fault;

    public HollowEngine(HollowEngineOptions options)
    {
        this.options = options;
        DockerId = options.DockerId.Length > 0 ? options.DockerId : DeriveDockerId(options.Address);
        foreach (string tag in options.Images) images.Add(NewImage(tag));
    }

    public string Address => options.Address;
    public string Name => options.Name;
    public string DockerId { get; }

    /// <summary>A client of this engine; disposing it ends only its own event streams.</summary>
    public IEngineClient Connect() => new HollowEngineClient(this);

    /// <summary>Switches the simulated failure; <see cref="HollowFault.Refuse"/> also drops open event streams, as a dead daemon does.</summary>
    public HollowFault Fault
    {
        get => fault;
        set
        {
            fault = value;
            if (value == HollowFault.Refuse) CloseMonitors();
        }
    }

    public async Task<EngineSpecs> GetSpecsAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        return new EngineSpecs(DockerId, options.Name, options.Cpus, options.Memory, [.. options.Labels, HollowLabel],
            "hollow", "hollow", OperatingSystemName, "linux", ServerVersion, "1.41", DateTimeOffset.UtcNow, "x86_64");
    }

    public Task PingAsync(CancellationToken cancellationToken) => Enter(cancellationToken);

    public async Task<IList<ContainerListResponse>> ListContainersAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return [.. containers.Values.OrderByDescending(c => c.Created).Select(ToListEntry)];
    }

    public async Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return Copy(Find(id))!;
    }

    public async Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return [.. images];
    }

    public async Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        return [.. new[] { "bridge", "host", "none" }.Select(name => new NetworkResponse
        {
            Name = name,
            ID = Hash(DockerId + "/network/" + name),
            Driver = name == "bridge" ? "bridge" : "null",
            Scope = "local",
        })];
    }

    public async Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        return [];
    }

    public async Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        long sinceNanos = EventTime.ParseNanos(since);
        lock (gate)
        {
            foreach (var past in history.Where(m => since is not null && m.TimeNano >= sinceNanos)) channel.Writer.TryWrite(past);
            monitors.Add(channel);
        }
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken)) progress.Report(message);
        }
        finally
        {
            lock (gate) monitors.Remove(channel);
        }
        if (fault == HollowFault.Refuse) throw new IOException($"unexpected EOF from engine {Address}");
    }

    public async Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            string image = parameters.Image ?? "";
            var imageEntry = FindImage(image) ?? throw DockerMessages.NoSuchImage(WithImpliedTag(image));
            string id = Hash(DockerId + "/container/" + Guid.NewGuid());
            string name = (parameters.Name ?? "").TrimStart('/');
            if (name.Length == 0) name = GeneratedName(id);
            else if (!ContainerName().IsMatch(name)) throw DockerMessages.InvalidName(parameters.Name!);
            var holder = containers.Values.FirstOrDefault(c => c.Name == "/" + name);
            if (holder is not null) throw DockerMessages.NameInUse(name, holder.ID);

            // Copies: what the caller does with its parameters afterwards must not reach the container.
            var hostConfig = Copy(parameters.HostConfig) ?? new HostConfig();
            hostConfig.NetworkMode = string.IsNullOrEmpty(hostConfig.NetworkMode) ? "default" : hostConfig.NetworkMode;
            containers[id] = new ContainerInspectResponse
            {
                ID = id,
                Created = DateTime.UtcNow,
                Path = parameters.Entrypoint?.FirstOrDefault() ?? parameters.Cmd?.FirstOrDefault() ?? "sh",
                Args = [.. (parameters.Cmd ?? []).Skip(parameters.Entrypoint is null ? 1 : 0)],
                State = new ContainerState { Status = "created", StartedAt = ZeroTime, FinishedAt = ZeroTime },
                Image = imageEntry.ID,
                Name = "/" + name,
                Driver = "hollow",
                Platform = "linux",
                HostConfig = hostConfig,
                Config = new Config
                {
                    Image = image,
                    Env = [.. parameters.Env ?? []],
                    Cmd = [.. parameters.Cmd ?? []],
                    Entrypoint = parameters.Entrypoint is null ? null : [.. parameters.Entrypoint],
                    Labels = new Dictionary<string, string>(parameters.Labels ?? new Dictionary<string, string>()),
                    ExposedPorts = new Dictionary<string, EmptyStruct>(parameters.ExposedPorts ?? new Dictionary<string, EmptyStruct>()),
                    Hostname = id[..12],
                    Tty = parameters.Tty,
                },
                NetworkSettings = new NetworkSettings { Ports = new Dictionary<string, IList<PortBinding>>(), Networks = new Dictionary<string, EndpointSettings>() },
                Mounts = [],
            };
            Publish(containers[id], "create");
            return new CreateContainerResponse { ID = id, Warnings = [] };
        }
    }

    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (container.State.Paused) throw DockerMessages.StartPaused();
            if (container.State.Running) return;
            container.State = Running(container.State);
            container.NetworkSettings.Ports = PublishPorts(container.HostConfig.PortBindings);
            Publish(container, "start");
        }
    }

    public async Task StopContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (!container.State.Running) return;
            Exit(container, 0);
            Publish(container, "kill", ("signal", "15"));
            Publish(container, "die", ("exitCode", "0"));
            Publish(container, "stop");
        }
    }

    public async Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (!container.State.Running) throw DockerMessages.KillNotRunning(id, container.ID);
            Exit(container, 137);
            Publish(container, "kill", ("signal", SignalNumber(signal)));
            Publish(container, "die", ("exitCode", "137"));
        }
    }

    public async Task RestartContainerAsync(string id, uint? waitBeforeKillSeconds, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (container.State.Running)
            {
                Exit(container, 0);
                Publish(container, "kill", ("signal", "15"));
                Publish(container, "die", ("exitCode", "0"));
            }
            container.State = Running(container.State);
            container.NetworkSettings.Ports = PublishPorts(container.HostConfig.PortBindings);
            Publish(container, "start");
            Publish(container, "restart");
        }
    }

    public async Task PauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (!container.State.Running) throw DockerMessages.NotRunning(container.ID);
            if (container.State.Paused) throw DockerMessages.AlreadyPaused(container.ID);
            container.State.Paused = true;
            container.State.Status = "paused";
            Publish(container, "pause");
        }
    }

    public async Task UnpauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (!container.State.Paused) throw DockerMessages.NotPaused(container.ID);
            container.State.Paused = false;
            container.State.Status = "running";
            Publish(container, "unpause");
        }
    }

    public async Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            if (container.State.Paused && !force) throw DockerMessages.RemovePaused(container.ID);
            if (container.State.Running && !force) throw DockerMessages.RemoveRunning(container.ID);
            if (container.State.Running)
            {
                Exit(container, 137);
                Publish(container, "kill", ("signal", "9"));
                Publish(container, "die", ("exitCode", "137"));
            }
            containers.Remove(container.ID);
            Publish(container, "destroy");
        }
    }

    /// <summary>Returns the exit code once the container is not running, as <c>POST /containers/{id}/wait</c> does.</summary>
    public async Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        while (true)
        {
            lock (gate)
            {
                var container = Find(id);
                if (!container.State.Running) return container.State.ExitCode;
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static readonly string ZeroTime = DateTime.MinValue.ToString("yyyy-MM-ddTHH:mm:ss'Z'");

    // Every call pays the configured latency and shows the configured fault first, like a remote daemon would.
    private async Task Enter(CancellationToken cancellationToken)
    {
        if (options.Latency > TimeSpan.Zero) await Task.Delay(options.Latency, cancellationToken);
        switch (fault)
        {
            case HollowFault.Refuse:
                throw EngineErrors.ConnectionRefused(Address);
            case HollowFault.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
    }

    // Docker's lookup: full ID, then name, then unique ID prefix.
    private ContainerInspectResponse Find(string idOrName)
    {
        if (containers.TryGetValue(idOrName, out var byId)) return byId;
        var byName = containers.Values.FirstOrDefault(c => c.Name == "/" + idOrName.TrimStart('/'));
        if (byName is not null) return byName;
        var byPrefix = idOrName.Length > 0 ? containers.Values.Where(c => c.ID.StartsWith(idOrName, StringComparison.Ordinal)).Take(2).ToList() : [];
        return byPrefix.Count == 1 ? byPrefix[0] : throw DockerMessages.NoSuchContainer(idOrName);
    }

    private ImagesListResponse? FindImage(string reference)
    {
        string wanted = WithImpliedTag(reference);
        return images.FirstOrDefault(i => i.ID == reference || i.RepoTags.Contains(wanted));
    }

    private ImagesListResponse NewImage(string tag) => new()
    {
        ID = "sha256:" + Hash("image/" + tag),
        RepoTags = [tag.Contains(':') ? tag : tag + ":latest"],
        RepoDigests = [],
        Created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Size = 1_234_567,
        VirtualSize = 1_234_567,
        Labels = new Dictionary<string, string>(),
        Containers = -1,
        SharedSize = -1,
    };

    private static ContainerState Running(ContainerState previous) => new()
    {
        Status = "running",
        Running = true,
        Pid = 4242,
        StartedAt = DateTime.UtcNow.ToString("O"),
        FinishedAt = previous.FinishedAt ?? ZeroTime,
    };

    private static void Exit(ContainerInspectResponse container, long exitCode)
    {
        container.State = new ContainerState
        {
            Status = "exited",
            ExitCode = exitCode,
            StartedAt = container.State.StartedAt,
            FinishedAt = DateTime.UtcNow.ToString("O"),
        };
        container.NetworkSettings.Ports = new Dictionary<string, IList<PortBinding>>();
    }

    private IDictionary<string, IList<PortBinding>> PublishPorts(IDictionary<string, IList<PortBinding>>? requested)
    {
        var published = new Dictionary<string, IList<PortBinding>>();
        foreach (var (port, bindings) in requested ?? new Dictionary<string, IList<PortBinding>>())
        {
            published[port] = [.. bindings.Select(b => new PortBinding
            {
                HostIP = string.IsNullOrEmpty(b.HostIP) ? "0.0.0.0" : b.HostIP,
                HostPort = string.IsNullOrEmpty(b.HostPort) ? (nextHostPort++).ToString() : b.HostPort,
            })];
        }
        return published;
    }

    private static ContainerListResponse ToListEntry(ContainerInspectResponse container) => new()
    {
        ID = container.ID,
        Names = [container.Name],
        Image = container.Config.Image,
        ImageID = container.Image,
        Command = string.Join(' ', new[] { container.Path }.Concat(container.Args ?? [])),
        Created = container.Created,
        State = container.State.Status,
        Status = StatusText(container.State),
        Labels = new Dictionary<string, string>(container.Config.Labels),
        Ports = [.. container.NetworkSettings.Ports.SelectMany(p => p.Value.Select(b => new Port
        {
            PrivatePort = ushort.Parse(p.Key.Split('/')[0]),
            Type = p.Key.Contains('/') ? p.Key.Split('/')[1] : "tcp",
            IP = b.HostIP,
            PublicPort = ushort.TryParse(b.HostPort, out ushort hostPort) ? hostPort : (ushort)0,
        }))],
        Mounts = [],
    };

    private static string StatusText(ContainerState state) => state.Status switch
    {
        "running" => "Up Less than a second",
        "paused" => "Up Less than a second (Paused)",
        "exited" => $"Exited ({state.ExitCode}) Less than a second ago",
        _ => "Created",
    };

    private void Publish(ContainerInspectResponse container, string action, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(container.Config.Labels)
        {
            ["image"] = container.Config.Image,
            ["name"] = container.Name.TrimStart('/'),
        };
        foreach (var (key, value) in extra) attributes[key] = value;
        long now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var message = new Message
        {
            Type = "container",
            Action = action,
            Status = action,
            ID = container.ID,
            From = container.Config.Image,
            Actor = new Actor { ID = container.ID, Attributes = attributes },
            Scope = "local",
            Time = now / 1_000_000_000,
            TimeNano = now,
        };
        history.Enqueue(message);
        if (history.Count > HistoryLength) history.Dequeue();
        foreach (var monitor in monitors) monitor.Writer.TryWrite(message);
    }

    private void CloseMonitors()
    {
        lock (gate)
        {
            foreach (var monitor in monitors) monitor.Writer.TryComplete();
        }
    }

    private static string GeneratedName(string id) => "hollow_" + id[..8];

    private static string WithImpliedTag(string image) => image.Contains(':') || image.Contains('@') ? image : image + ":latest";

    // dockerd reports the signal's number in kill events.
    private static string SignalNumber(string signal) => signal.ToUpperInvariant().Replace("SIG", "") switch
    {
        "" or "KILL" => "9",
        "TERM" => "15",
        "INT" => "2",
        "HUP" => "1",
        "QUIT" => "3",
        "USR1" => "10",
        "USR2" => "12",
        _ => signal,
    };

    /// <summary>A deep copy, so answers do not change with the engine's state and callers cannot change it.</summary>
    private static T? Copy<T>(T? value) where T : class =>
        value is null ? null : System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value));

    private static string DeriveDockerId(string address)
    {
        string hex = Hash("engine/" + address).ToUpperInvariant();
        return string.Join(':', Enumerable.Range(0, 12).Select(i => hex.Substring(i * 4, 4)));
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ContainerName();
}
