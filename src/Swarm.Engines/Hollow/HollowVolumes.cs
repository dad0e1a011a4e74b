using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>
/// A hollow engine's local volumes, as dockerd keeps them: created through the API or by a container that names
/// one (<c>-v data:/data</c>) or asks for an anonymous one (<c>-v /data</c>). Nothing is stored in them. Not
/// thread-safe: the engine calls it under its own lock.
/// </summary>
internal sealed class HollowVolumes(Func<string, string> hash)
{
    private const string Root = "/var/lib/docker/volumes";

    private readonly Dictionary<string, VolumeResponse> volumes = new(StringComparer.Ordinal);

    public IList<VolumeResponse> List() => [.. volumes.Values.Select(Copy)];

    public VolumeResponse Inspect(string name) =>
        volumes.TryGetValue(name, out var volume) ? Copy(volume) : throw DockerMessages.NoSuchVolume(name);

    /// <summary>dockerd's create: a name already taken gives back that volume, an empty one gets a random name.</summary>
    public VolumeResponse Create(string? name, IDictionary<string, string>? labels)
    {
        string chosen = string.IsNullOrEmpty(name) ? hash("volume/" + Guid.NewGuid()) : name;
        if (!volumes.TryGetValue(chosen, out var volume))
        {
            volume = new VolumeResponse
            {
                Name = chosen,
                Driver = "local",
                Mountpoint = $"{Root}/{chosen}/_data",
                CreatedAt = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                Labels = labels is { Count: > 0 } ? new Dictionary<string, string>(labels) : null,
                Scope = "local",
            };
            volumes[chosen] = volume;
        }
        return Copy(volume);
    }

    /// <summary>Refused while a container (running or not) mounts it, in dockerd's words.</summary>
    public void Remove(string name, IEnumerable<ContainerInspectResponse> containers)
    {
        if (!volumes.ContainsKey(name)) throw DockerMessages.NoSuchVolume(name);
        var users = containers.Where(c => c.Mounts.Any(m => m.Type == "volume" && m.Name == name)).Select(c => c.ID).ToList();
        if (users.Count > 0) throw DockerMessages.VolumeInUse(name, users);
        volumes.Remove(name);
    }

    /// <summary>
    /// The mounts a create asks for: <c>Binds</c> (<c>name:/path[:ro]</c> for a volume, <c>/host:/path</c> for a
    /// bind), <c>Mounts</c>, and <c>Volumes</c> without a bind (anonymous volumes); named volumes are created.
    /// </summary>
    public IList<MountPoint> MountsFor(CreateContainerParameters parameters)
    {
        var mounts = new List<MountPoint>();
        foreach (string bind in parameters.HostConfig?.Binds ?? [])
        {
            string[] parts = bind.Split(':');
            if (parts.Length < 2) continue;
            bool readOnly = parts.Length > 2 && parts[2].Split(',').Contains("ro");
            mounts.Add(parts[0].StartsWith('/') ? Bind(parts[0], parts[1], readOnly) : Volume(parts[0], parts[1], readOnly));
        }
        foreach (var mount in parameters.HostConfig?.Mounts ?? [])
        {
            if (mount.Type == "bind") mounts.Add(Bind(mount.Source, mount.Target, mount.ReadOnly));
            else if (mount.Type is null or "volume") mounts.Add(Volume(mount.Source, mount.Target, mount.ReadOnly));
        }
        foreach (string path in (parameters.Volumes?.Keys ?? []).Where(path => mounts.All(m => m.Destination != path)))
        {
            mounts.Add(Volume(null, path, readOnly: false));
        }
        return mounts;
    }

    /// <summary>Anonymous volumes go with their container when it is removed with <c>v=true</c>, as in dockerd.</summary>
    public void RemoveAnonymous(ContainerInspectResponse container)
    {
        foreach (var mount in container.Mounts.Where(m => m.Type == "volume" && m.Name.Length == 64)) volumes.Remove(mount.Name);
    }

    private MountPoint Volume(string? name, string destination, bool readOnly)
    {
        var volume = Create(name, null);
        return new MountPoint
        {
            Type = "volume", Name = volume.Name, Source = volume.Mountpoint, Destination = destination,
            Driver = "local", Mode = "z", RW = !readOnly, Propagation = "",
        };
    }

    private static MountPoint Bind(string source, string destination, bool readOnly) => new()
    {
        Type = "bind", Source = source, Destination = destination, Mode = "", RW = !readOnly, Propagation = "rprivate",
    };

    private static VolumeResponse Copy(VolumeResponse volume) =>
        System.Text.Json.JsonSerializer.Deserialize<VolumeResponse>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(volume))!;
}
