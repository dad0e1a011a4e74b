using System.Runtime.CompilerServices;
using System.Text.Json;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// One container's entry in <c>GET /containers/json</c>, serialised once and kept with the container's record (an
/// engine's record of a container is immutable and replaced when it changes), so listing 30,000 containers is
/// mostly copying bytes. Only the <c>Status</c> text (<c>Up 5 minutes</c>) is written afresh each time; the rest
/// depends on the record, its node's name and address and whether the node is healthy (<c>Host Down</c>), and a
/// change of those makes it again.
/// </summary>
public static class ContainerListEntry
{
    /// <summary>The entry's JSON before and after the value of <c>Status</c>.</summary>
    public sealed record Parts(byte[] Head, byte[] Tail);

    /// <summary>The entry of one container record as made for a node's name, address and health.</summary>
    /// <param name="StatusSince">What <see cref="StatusText.Since"/> gives for the record: read once, not at every listing.</param>
    public sealed record Made(EngineContainer Container, string EngineName, string EngineAddress, bool Healthy, Parts Parts, DateTime? StatusSince)
    {
        public bool IsFor(EngineSnapshot engine, EngineContainer container, bool healthy) =>
            ReferenceEquals(Container, container) && Healthy == healthy && EngineName == engine.Name && EngineAddress == engine.Address;
    }

    private static readonly ConditionalWeakTable<EngineContainer, Made> Entries = new();
    private static readonly byte[] StatusKey = "\"Status\":"u8.ToArray();

    /// <summary>The entry kept with the record when it was made for this node as it is now; else made and kept.</summary>
    public static Made Of(EngineSnapshot engine, EngineContainer container, bool healthy)
    {
        if (Entries.TryGetValue(container, out var cached) && cached.IsFor(engine, container, healthy)) return cached;
        // Serialised with an empty status, then cut around it: the first "Status":"" is the entry's own (it comes
        // before Labels, and a quote inside a string is escaped).
        var fields = Fields(engine, container, healthy);
        fields["Status"] = "";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(fields, ApiConventions.Json);
        int status = json.AsSpan().IndexOf([.. StatusKey, (byte)'"', (byte)'"']) + StatusKey.Length;
        var made = new Made(container, engine.Name, engine.Address, healthy, new Parts(json[..status], json[(status + 2)..]), StatusText.Since(container));
        Entries.AddOrUpdate(container, made);
        return made;
    }

    public static string Status(EngineContainer container, bool healthy) => healthy ? StatusText.Of(container) : "Host Down";

    /// <summary>The entry's fields, as dockerd writes a list entry; names are classic's <c>/node/name</c>.</summary>
    public static Dictionary<string, object?> Fields(EngineSnapshot engine, EngineContainer container, bool healthy) => new()
    {
        ["Id"] = ContainerListing.VirtualId(container),
        ["Names"] = new[] { $"/{engine.Name}/{container.Name}" },
        ["Image"] = container.Image,
        ["ImageID"] = container.ImageId,
        ["Command"] = container.Command,
        ["Created"] = new DateTimeOffset(DateTime.SpecifyKind(container.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        ["State"] = container.State.ToString().ToLowerInvariant(),
        ["Status"] = Status(container, healthy),
        ["Ports"] = container.PublishedPorts.Where(p => p.HostPort.Length > 0).Select(p => new Dictionary<string, object?>
        {
            ["IP"] = p.BindsAllInterfaces ? engine.Address.Split(':')[0] : p.HostIp,
            ["PrivatePort"] = int.Parse(p.ContainerPort.Split('/')[0]),
            ["PublicPort"] = int.TryParse(p.HostPort, out int port) ? port : 0,
            ["Type"] = p.ContainerPort.Contains('/') ? p.ContainerPort.Split('/')[1] : "tcp",
        }).ToArray(),
        ["Labels"] = container.Labels,
        ["SizeRw"] = 0,
        ["SizeRootFs"] = 0,
        ["HostConfig"] = new Dictionary<string, object?> { ["NetworkMode"] = container.NetworkMode },
        ["NetworkSettings"] = new Dictionary<string, object?> { ["Networks"] = new Dictionary<string, object?>() },
        ["Mounts"] = Array.Empty<object>(),
    };
}
