using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

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
        // Written with an empty status, then cut around it: the first "Status":"" is the entry's own (it comes
        // before Labels, and a quote inside a string is escaped).
        byte[] json = Write(engine, container, healthy);
        int status = json.AsSpan().IndexOf([.. StatusKey, (byte)'"', (byte)'"']) + StatusKey.Length;
        var made = new Made(container, engine.Name, engine.Address, healthy, new Parts(json[..status], json[(status + 2)..]), StatusText.Since(container));
        Entries.AddOrUpdate(container, made);
        return made;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? bufferOnThisThread;

    /// <summary>
    /// <see cref="Fields"/> with an empty status, written field by field as the serializer writes that dictionary (a
    /// test holds the two equal): serialising a dictionary of boxed fields cost ~15 µs an entry, and every container
    /// changed since the last listing needs a new one (a burst of changes made the next docker ps ~10 ms slower).
    /// </summary>
    private static byte[] Write(EngineSnapshot engine, EngineContainer container, bool healthy)
    {
        var buffer = bufferOnThisThread ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Id", ContainerListing.VirtualId(container));
            json.WriteStartArray("Names");
            json.WriteStringValue($"/{engine.Name}/{container.Name}");
            json.WriteEndArray();
            json.WriteString("Image", container.Image);
            json.WriteString("ImageID", container.ImageId);
            json.WriteString("Command", container.Command);
            json.WriteNumber("Created", CreatedSeconds(container));
            json.WriteString("State", StateName(container));
            json.WriteString("Status", "");
            json.WriteStartArray("Ports");
            foreach (var port in container.PublishedPorts)
            {
                if (port.HostPort.Length == 0) continue;
                json.WriteStartObject();
                json.WriteString("IP", PortIp(engine, port));
                json.WriteNumber("PrivatePort", PrivatePort(port));
                json.WriteNumber("PublicPort", PublicPort(port));
                json.WriteString("Type", PortType(port));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("Labels");
            foreach (var (name, value) in container.Labels) json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteNumber("SizeRw", 0);
            json.WriteNumber("SizeRootFs", 0);
            json.WriteStartObject("HostConfig");
            json.WriteString("NetworkMode", container.NetworkMode);
            json.WriteEndObject();
            json.WriteStartObject("NetworkSettings");
            json.WriteStartObject("Networks");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("Mounts");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static long CreatedSeconds(EngineContainer container) => new DateTimeOffset(DateTime.SpecifyKind(container.Created, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static string StateName(EngineContainer container) => container.State.ToString().ToLowerInvariant();

    private static string PortIp(EngineSnapshot engine, PortBinding port) => port.BindsAllInterfaces ? engine.Address.Split(':')[0] : port.HostIp;

    private static int PrivatePort(PortBinding port) => int.Parse(port.ContainerPort.Split('/')[0]);

    private static int PublicPort(PortBinding port) => int.TryParse(port.HostPort, out int number) ? number : 0;

    private static string PortType(PortBinding port) => port.ContainerPort.Contains('/') ? port.ContainerPort.Split('/')[1] : "tcp";

    public static string Status(EngineContainer container, bool healthy) => healthy ? StatusText.Of(container) : "Host Down";

    /// <summary>
    /// The entry's fields, as dockerd writes a list entry; names are classic's <c>/node/name</c>. The reference for
    /// what <see cref="Of"/> writes field by field (the tests serialise these and compare).
    /// </summary>
    public static Dictionary<string, object?> Fields(EngineSnapshot engine, EngineContainer container, bool healthy) => new()
    {
        ["Id"] = ContainerListing.VirtualId(container),
        ["Names"] = new[] { $"/{engine.Name}/{container.Name}" },
        ["Image"] = container.Image,
        ["ImageID"] = container.ImageId,
        ["Command"] = container.Command,
        ["Created"] = CreatedSeconds(container),
        ["State"] = StateName(container),
        ["Status"] = Status(container, healthy),
        ["Ports"] = container.PublishedPorts.Where(p => p.HostPort.Length > 0).Select(p => new Dictionary<string, object?>
        {
            ["IP"] = PortIp(engine, p),
            ["PrivatePort"] = PrivatePort(p),
            ["PublicPort"] = PublicPort(p),
            ["Type"] = PortType(p),
        }).ToArray(),
        ["Labels"] = container.Labels,
        ["SizeRw"] = 0,
        ["SizeRootFs"] = 0,
        ["HostConfig"] = new Dictionary<string, object?> { ["NetworkMode"] = container.NetworkMode },
        ["NetworkSettings"] = new Dictionary<string, object?> { ["Networks"] = new Dictionary<string, object?>() },
        ["Mounts"] = Array.Empty<object>(),
    };
}
