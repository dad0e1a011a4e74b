using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// A client's create body as the scheduler keeps it, to create the container again (on another node after a
/// move, or as a global container's instance): without what the container's request holds (name, image, env,
/// labels, memory and CPUs, which <see cref="ForEngine"/> takes from the request), in <see cref="CompactJson"/>,
/// and, when that is shorter, as a merge patch over a body the docker CLI sends (<see cref="CreateBodyDefaults"/>).
/// Reading it gives back the body it was made of, less those parts.
/// </summary>
public static class CreateBody
{
    /// <summary>Names the defaults a stored body is a patch over; absent when it is the body itself.</summary>
    public const string DefaultsProperty = "$defaults";

    /// <summary>The body to keep for <paramref name="parameters"/>.</summary>
    public static string Store(CreateContainerParameters parameters)
    {
        var kept = Copy(parameters);
        kept.Name = null;
        kept.Image = null;
        kept.Env = null;
        kept.Labels = null;
        if (kept.HostConfig is { } host)
        {
            host.Memory = 0;
            host.CPUShares = 0;
        }
        string plain = JsonSerializer.Serialize(kept, CompactJson.Options);
        if (StoredByPlain.TryGetValue(plain, out string? stored)) return stored;
        stored = Shorter(JsonNode.Parse(plain)!.AsObject(), plain);
        if (Interlocked.Increment(ref storedCount) > StoredKept)
        {
            StoredByPlain.Clear();
            Interlocked.Exchange(ref storedCount, 1);
        }
        return StoredByPlain.GetOrAdd(plain, stored);
    }

    // What each body kept in full became: bodies repeat (the same docker run again and again), and finding the
    // shorter form anew (a merge patch over the CLI's defaults) left ~12 KB of garbage per placement.
    private const int StoredKept = 1_024;
    private static readonly ConcurrentDictionary<string, string> StoredByPlain = new(StringComparer.Ordinal);
    private static int storedCount;

    private static string Shorter(JsonObject body, string plain)
    {
        if (JsonMergePatch.Between(CreateBodyDefaults.DockerCli, body) is not { } patch) return plain;
        var patched = new JsonObject { [DefaultsProperty] = CreateBodyDefaults.DockerCliName };
        foreach (var (name, value) in patch) patched[name] = value?.DeepClone();
        string overDefaults = patched.ToJsonString(CompactJson.Options);
        return overDefaults.Length < plain.Length ? overDefaults : plain;
    }

    /// <summary>The body a stored one stands for (less the request's parts); empty parameters for none.</summary>
    public static CreateContainerParameters Read(string stored)
    {
        if (stored.Length == 0) return new CreateContainerParameters();
        var body = JsonNode.Parse(stored)!.AsObject();
        if (body[DefaultsProperty] is { } named)
        {
            string name = named.GetValue<string>();
            var defaults = CreateBodyDefaults.Find(name) ?? throw new JsonException($"unknown create body defaults {name}");
            body.Remove(DefaultsProperty);
            body = JsonMergePatch.Apply(defaults, body);
        }
        return body.Deserialize<CreateContainerParameters>(CompactJson.Options)!;
    }

    /// <summary>A body kept in full (as journals written before kept it), stored as <see cref="Store"/> would.</summary>
    public static string Compact(string stored) => stored.Length == 0 ? "" : Store(Read(stored));

    /// <summary>The create body as the engine must get it: the request's name, env and labels, and CPUs as that engine's shares.</summary>
    public static CreateContainerParameters ForEngine(CreateContainerParameters parameters, ContainerRequest request, long nodeCpus)
    {
        var copy = Copy(parameters);
        copy.Name = request.Name.TrimStart('/');
        copy.Image = request.Image;
        copy.Env = [.. request.Env];
        copy.Labels = new Dictionary<string, string>(request.Labels);
        copy.HostConfig ??= new HostConfig();
        copy.HostConfig.Memory = request.Memory;
        copy.HostConfig.CPUShares = CpuShares.ToEngineShares(request.Cpus, nodeCpus);
        return copy;
    }

    /// <summary>
    /// A copy whose own properties and host config may be set without touching <paramref name="parameters"/>; what
    /// else it holds is shared, and read only. A JSON round trip per placement made the same copy at ~5% of the
    /// manager's CPU under load.
    /// </summary>
    private static CreateContainerParameters Copy(CreateContainerParameters parameters)
    {
        var copy = (CreateContainerParameters)ShallowCopy(parameters);
        if (parameters.HostConfig is { } host) copy.HostConfig = (HostConfig)ShallowCopy(host);
        return copy;
    }

    private static readonly Func<object, object> ShallowCopy =
        typeof(object).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.CreateDelegate<Func<object, object>>();
}
