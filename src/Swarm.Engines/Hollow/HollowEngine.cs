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
    private readonly HollowNetworks networks;
    private readonly HollowVolumes volumes = new(Hash);
    private int nextHostPort = 32768;
    private volatile HollowFault fault;

    public HollowEngine(HollowEngineOptions options)
    {
        this.options = options;
        DockerId = options.DockerId.Length > 0 ? options.DockerId : DeriveDockerId(options.Address);
        networks = new HollowNetworks(DockerId, Hash);
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
            // Under the lock a stream being opened sees it: either the stream is refused or it is among those closed.
            lock (gate)
            {
                fault = value;
                if (value == HollowFault.Refuse) CloseMonitors();
            }
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

    /// <summary>
    /// Reads a container under the engine's lock, uncopied: the farm writes an inspect's answer (or checks a state)
    /// straight from it, where a copy would cost more than the answer (two per container started at scale).
    /// </summary>
    public async Task<T> ReadContainerAsync<T>(string idOrName, Func<ContainerInspectResponse, T> read, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return read(Find(idOrName));
    }

    public async Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return [.. images];
    }

    public async Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return networks.List();
    }

    public async Task<NetworkResponse> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return networks.Inspect(idOrName);
    }

    public async Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var created = networks.Create(parameters.Name, parameters.Driver, parameters.Labels, parameters.CheckDuplicate, DockerId + "/" + Guid.NewGuid());
            PublishNetwork(created.ID, parameters.Name, "create");
            return created;
        }
    }

    public async Task RemoveNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var network = networks.Inspect(idOrName);
            networks.Remove(idOrName);
            PublishNetwork(network.ID, network.Name, "destroy");
        }
    }

    public async Task<IList<VolumeResponse>> ListVolumesAsync(CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return volumes.List();
    }

    public async Task<VolumeResponse> InspectVolumeAsync(string name, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return volumes.Inspect(name);
    }

    public async Task<VolumeResponse> CreateVolumeAsync(string? name, IDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) return volumes.Create(name, labels);
    }

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate) volumes.Remove(name, containers.Values);
    }

    /// <summary>Gives <paramref name="reference"/>'s image one more name, <c>repo:tag</c> (tag <c>latest</c> when empty).</summary>
    public async Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var image = FindImage(reference) ?? throw DockerMessages.NoSuchImage(WithImpliedTag(reference));
            string name = $"{repository}:{(tag.Length > 0 ? tag : "latest")}";
            foreach (var other in images) other.RepoTags.Remove(name);
            image.RepoTags.Add(name);
        }
    }

    /// <summary>
    /// Untags <paramref name="reference"/>, and deletes the image once no name is left; refused (unless forced)
    /// while a container uses it, as dockerd does. Returns dockerd's answer lines.
    /// </summary>
    public async Task<IList<IDictionary<string, string>>> RemoveImageAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var image = FindImage(reference) ?? throw DockerMessages.NoSuchImage(WithImpliedTag(reference));
            bool byId = image.ID == reference || image.ID == "sha256:" + reference;
            var user = containers.Values.FirstOrDefault(c => c.Image == image.ID);
            if (user is not null && !force && (byId || image.RepoTags.Count == 1)) throw DockerMessages.ImageInUse(reference, user.ID, image.ID);
            var answer = new List<IDictionary<string, string>>();
            foreach (string name in byId ? [.. image.RepoTags] : new[] { WithImpliedTag(reference) })
            {
                image.RepoTags.Remove(name);
                answer.Add(new Dictionary<string, string> { ["Untagged"] = name });
            }
            if (image.RepoTags.Count == 0)
            {
                images.Remove(image);
                answer.Add(new Dictionary<string, string> { ["Deleted"] = image.ID });
            }
            return answer;
        }
    }

    public async Task MonitorEventsAsync(string? since, IProgress<Message> progress, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        long sinceNanos = EventTime.ParseNanos(since);
        lock (gate)
        {
            // Refused since Enter checked: a stream opened after the fault was switched on would be left open.
            if (fault == HollowFault.Refuse) throw EngineErrors.ConnectionRefused(Address);
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
            var hostConfig = HollowContainerDefaults.Apply(Copy(parameters.HostConfig) ?? new HostConfig());
            string network = NetworkName(hostConfig.NetworkMode);
            var endpoints = new Dictionary<string, EndpointSettings> { [network] = new EndpointSettings() };
            foreach (var (requested, settings) in parameters.NetworkingConfig?.EndpointsConfig ?? new Dictionary<string, EndpointSettings>())
            {
                endpoints[NetworkName(requested)] = new EndpointSettings { Aliases = settings?.Aliases, IPAMConfig = settings?.IPAMConfig };
            }
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
                GraphDriver = new GraphDriverData { Name = "hollow" },
                Config = new Config
                {
                    Image = image,
                    Env = [.. parameters.Env ?? []],
                    Cmd = [.. parameters.Cmd ?? []],
                    Entrypoint = parameters.Entrypoint is null ? null : [.. parameters.Entrypoint],
                    Labels = new Dictionary<string, string>(parameters.Labels ?? new Dictionary<string, string>()),
                    ExposedPorts = new Dictionary<string, EmptyStruct>(parameters.ExposedPorts ?? new Dictionary<string, EmptyStruct>()),
                    Hostname = string.IsNullOrEmpty(parameters.Hostname) ? id[..12] : parameters.Hostname,
                    Domainname = parameters.Domainname,
                    User = parameters.User,
                    WorkingDir = parameters.WorkingDir,
                    AttachStdin = parameters.AttachStdin,
                    AttachStdout = parameters.AttachStdout,
                    AttachStderr = parameters.AttachStderr,
                    OpenStdin = parameters.OpenStdin,
                    StdinOnce = parameters.StdinOnce,
                    Volumes = parameters.Volumes is { Count: > 0 } ? new Dictionary<string, EmptyStruct>(parameters.Volumes) : null,
                    StopSignal = parameters.StopSignal,
                    StopTimeout = parameters.StopTimeout,
                    Healthcheck = parameters.Healthcheck,
                    Tty = parameters.Tty,
                },
                NetworkSettings = new NetworkSettings { Ports = new Dictionary<string, IList<PortBinding>>(), Networks = endpoints },
                Mounts = volumes.MountsFor(parameters),
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
            foreach (string network in container.NetworkSettings.Networks.Keys) networks.Resolve(network);
            container.State = Running(container.State);
            container.NetworkSettings.Ports = PublishPorts(container.HostConfig.PortBindings);
            ConnectNetworks(container);
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
            ConnectNetworks(container);
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
            if (removeVolumes) volumes.RemoveAnonymous(container);
            Publish(container, "destroy");
        }
    }

    /// <summary>Renames a container, in dockerd's words when the name is empty, the same, invalid or taken.</summary>
    public async Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            string name = newName.TrimStart('/');
            if (name.Length == 0) throw DockerMessages.RenameEmpty();
            if ("/" + name == container.Name) throw DockerMessages.RenameSame();
            if (!ContainerName().IsMatch(name)) throw DockerMessages.RenameInvalid("/" + name);
            var holder = containers.Values.FirstOrDefault(c => c.Name == "/" + name);
            if (holder is not null) throw DockerMessages.RenameInUse(name, holder.ID);
            string oldName = container.Name;
            container.Name = "/" + name;
            Publish(container, "rename", ("oldName", oldName));
        }
    }

    /// <summary>
    /// <c>docker update</c>: the resources and restart policy given (non-zero) replace the container's; the
    /// answer's warnings are always none, as dockerd's usually are.
    /// </summary>
    public async Task UpdateContainerAsync(string id, ContainerUpdateParameters update, CancellationToken cancellationToken)
    {
        await Enter(cancellationToken);
        lock (gate)
        {
            var container = Find(id);
            var hostConfig = container.HostConfig;
            if (update.Memory > 0) hostConfig.Memory = update.Memory;
            if (update.MemorySwap != 0) hostConfig.MemorySwap = update.MemorySwap;
            if (update.MemoryReservation > 0) hostConfig.MemoryReservation = update.MemoryReservation;
            if (update.CPUShares > 0) hostConfig.CPUShares = update.CPUShares;
            if (update.NanoCPUs > 0) hostConfig.NanoCPUs = update.NanoCPUs;
            if (update.CPUQuota > 0) hostConfig.CPUQuota = update.CPUQuota;
            if (update.CPUPeriod > 0) hostConfig.CPUPeriod = update.CPUPeriod;
            if (!string.IsNullOrEmpty(update.CpusetCpus)) hostConfig.CpusetCpus = update.CpusetCpus;
            if (update.PidsLimit > 0) hostConfig.PidsLimit = update.PidsLimit;
            if (update.RestartPolicy is not null) hostConfig.RestartPolicy = update.RestartPolicy;
            Publish(container, "update");
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
        Labels = null,
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

    private void Exit(ContainerInspectResponse container, long exitCode)
    {
        networks.Disconnect(container.ID);
        foreach (string network in container.NetworkSettings.Networks.Keys.ToList()) container.NetworkSettings.Networks[network] = new EndpointSettings();
        SetDefaultBridge(container.NetworkSettings, new EndpointSettings());
        container.NetworkSettings.SandboxID = "";
        container.NetworkSettings.SandboxKey = "";
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

    private static ContainerListResponse ToListEntry(ContainerInspectResponse container) => new HollowListEntry()
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
        Mounts = [.. container.Mounts],
        HostConfig = new HollowListEntry.ListHostConfig { NetworkMode = container.HostConfig.NetworkMode },
        NetworkSettings = new SummaryNetworkSettings { Networks = new Dictionary<string, EndpointSettings>(container.NetworkSettings.Networks) },
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
        Publish(new Message
        {
            Type = "container",
            Action = action,
            Status = action,
            ID = container.ID,
            From = container.Config.Image,
            Actor = new Actor { ID = container.ID, Attributes = attributes },
            Scope = "local",
        });
    }

    private void Publish(Message message)
    {
        long now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        message.Time = now / 1_000_000_000;
        message.TimeNano = now;
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

    // dockerd's default network mode on Linux is the bridge.
    private static string NetworkName(string mode) => mode is "" or "default" ? "bridge" : mode.StartsWith("container:", StringComparison.Ordinal) ? "none" : mode;

    // On start every network the container names gets an endpoint; the default bridge's is also the top-level one.
    private void ConnectNetworks(ContainerInspectResponse container)
    {
        var settings = container.NetworkSettings;
        foreach (string network in settings.Networks.Keys.ToList())
        {
            var endpoint = networks.Connect(network, container.ID, container.Name.TrimStart('/'));
            endpoint.Aliases = settings.Networks[network].Aliases;
            endpoint.IPAMConfig = settings.Networks[network].IPAMConfig;
            settings.Networks[network] = endpoint;
            if (network == "bridge") SetDefaultBridge(settings, endpoint);
        }
        settings.SandboxID = Hash(container.ID + "/sandbox");
        settings.SandboxKey = "/var/run/docker/netns/" + settings.SandboxID[..12];
    }

    private static void SetDefaultBridge(NetworkSettings settings, EndpointSettings endpoint)
    {
        settings.EndpointID = endpoint.EndpointID;
        settings.Gateway = endpoint.Gateway;
        settings.IPAddress = endpoint.IPAddress;
        settings.IPPrefixLen = endpoint.IPPrefixLen;
        settings.MacAddress = endpoint.MacAddress;
    }

    private void PublishNetwork(string id, string name, string action) =>
        Publish(new Message
        {
            Type = "network",
            Action = action,
            Actor = new Actor { ID = id, Attributes = new Dictionary<string, string> { ["name"] = name, ["type"] = "bridge" } },
            Scope = "local",
        });

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
