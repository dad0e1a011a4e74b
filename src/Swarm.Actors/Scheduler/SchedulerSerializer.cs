using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Writes the scheduler's events and snapshots as JSON under stable manifests. A manifest names a shape, not a
/// CLR type: renaming a class keeps old journals readable; changing a shape means a new manifest (".v2") and
/// reading the old one on. The ".v2" shapes are <see cref="CompactJson"/>, with create bodies nested and kept as
/// <see cref="CreateBody"/> keeps them, and the labels that repeat an event's IDs folded (<see cref="IdLabels"/>);
/// a snapshot is that, compressed.
/// </summary>
public sealed class SchedulerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7451;

    /// <summary>Binds every <see cref="ISchedulerPersisted"/> to this serializer; part of every actor system that hosts the scheduler.</summary>
    public const string Config = """
        akka.actor {
          serializers.swarm-scheduler = "Swarm.Actors.Scheduler.SchedulerSerializer, Swarm.Actors"
          serialization-bindings { "Swarm.Actors.Scheduler.ISchedulerPersisted, Swarm.Actors" = swarm-scheduler }
          serialization-identifiers { "Swarm.Actors.Scheduler.SchedulerSerializer, Swarm.Actors" = 7451 }
        }
        """;

    /// <summary>The ".v1" shapes: every property written, nulls included.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Format[] Written =
    [
        Compact<SchedulerEvents.ContainerPlaced>("ContainerPlaced.v2",
            p => p with { Request = IdLabels.Fold(p.Request, SwarmIdOf(p.SwarmId)) },
            p => p with { Request = IdLabels.Unfold(p.Request, SwarmIdOf(p.SwarmId)) }),
        Full<SchedulerEvents.ContainerCreated>("ContainerCreated.v1"),
        Full<SchedulerEvents.DesiredStateChanged>("DesiredStateChanged.v1"),
        Full<SchedulerEvents.ContainerRemoved>("ContainerRemoved.v1"),
        Full<SchedulerEvents.ContainerRenamed>("ContainerRenamed.v1"),
        Compact<SchedulerEvents.ContainerRescheduled>("ContainerRescheduled.v2",
            r => r with { Request = IdLabels.Fold(r.Request, SwarmIdOf(r.SwarmId)) },
            r => r with { Request = IdLabels.Unfold(r.Request, SwarmIdOf(r.SwarmId)) }),
        Full<SchedulerEvents.RescheduleCompleted>("RescheduleCompleted.v1"),
        Full<SchedulerEvents.NodeAvailabilityChanged>("NodeAvailabilityChanged.v1"),
        Compact<SchedulerEvents.GlobalContainerCreated>("GlobalContainerCreated.v2",
            g => g with { Request = IdLabels.Fold(g.Request, SwarmIdOf(g.SwarmId)) },
            g => g with { Request = IdLabels.Unfold(g.Request, SwarmIdOf(g.SwarmId)) }),
        Compact<SchedulerEvents.GlobalInstancePlaced>("GlobalInstancePlaced.v2",
            i => i with { Request = IdLabels.Fold(i.Request, SwarmIdOf(i.SwarmId), GlobalIdOf(i.GlobalId)) },
            i => i with { Request = IdLabels.Unfold(i.Request, SwarmIdOf(i.SwarmId), GlobalIdOf(i.GlobalId)) }),
        // Compressed: a snapshot is one blob of the whole state, in which all but the IDs repeats from record to record.
        Compact<SchedulerSnapshot>("SchedulerSnapshot.v2",
            s => EachRecord(s, r => r with { Request = IdLabels.Fold(r.Request, SwarmIdOf(r.SwarmId)) }, g => g with { Request = IdLabels.Fold(g.Request, SwarmIdOf(g.GlobalId)) }),
            s => EachRecord(s, r => r with { Request = IdLabels.Unfold(r.Request, SwarmIdOf(r.SwarmId)) }, g => g with { Request = IdLabels.Unfold(g.Request, SwarmIdOf(g.GlobalId)) }),
            compressed: true),
    ];

    // Shapes written before, read on: create bodies were kept in full, and are kept as now once read.
    private static readonly Format[] Superseded =
    [
        Full<SchedulerEvents.ContainerPlaced>("ContainerPlaced.v1", p => p with { CreateConfig = CreateBody.Compact(p.CreateConfig) }),
        Full<SchedulerEvents.ContainerRescheduled>("ContainerRescheduled.v1"),
        Full<SchedulerEvents.GlobalContainerCreated>("GlobalContainerCreated.v1", g => g with { CreateConfig = CreateBody.Compact(g.CreateConfig) }),
        Full<SchedulerEvents.GlobalInstancePlaced>("GlobalInstancePlaced.v1"),
        Full<SchedulerSnapshot>("SchedulerSnapshot.v1",
            s => EachRecord(s, r => r with { CreateConfig = CreateBody.Compact(r.CreateConfig) }, g => g with { CreateConfig = CreateBody.Compact(g.CreateConfig) })),
    ];

    private static readonly Dictionary<Type, Format> FormatsByType = Written.ToDictionary(f => f.Type);
    private static readonly Dictionary<string, Format> FormatsByManifest = Written.Concat(Superseded).ToDictionary(f => f.Manifest);

    /// <summary>The manifest each type is written under.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests { get; } = Written.ToDictionary(f => f.Type, f => f.Manifest);

    /// <summary>Every manifest read: those written and those written before.</summary>
    public static IReadOnlyCollection<string> ReadManifests => FormatsByManifest.Keys;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => FormatOf(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var format = FormatOf(obj);
        object stored = format.ToStored(obj);
        return format.Compressed
            ? Brotli.Compress(stream => JsonSerializer.Serialize(stream, stored, format.Type, format.Options))
            : JsonSerializer.SerializeToUtf8Bytes(stored, format.Type, format.Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!FormatsByManifest.TryGetValue(manifest, out var format)) throw new SerializationException($"unknown scheduler journal manifest {manifest}");
        object? stored;
        if (format.Compressed)
        {
            using var json = Brotli.Decompress(bytes);
            stored = JsonSerializer.Deserialize(json, format.Type, format.Options);
        }
        else
        {
            stored = JsonSerializer.Deserialize(bytes, format.Type, format.Options);
        }
        return format.FromStored(stored ?? throw new SerializationException($"empty {manifest}"));
    }

    private static Format FormatOf(object o) =>
        FormatsByType.TryGetValue(o.GetType(), out var format) ? format : throw new ArgumentException($"{o.GetType()} is not a scheduler journal type");

    private static SchedulerSnapshot EachRecord(SchedulerSnapshot snapshot, Func<ContainerRecord, ContainerRecord> container, Func<GlobalRecord, GlobalRecord> global) =>
        new([.. snapshot.Containers.Select(container)], snapshot.Nodes, snapshot.Globals?.Select(global).ToList());

    private static (string, string) SwarmIdOf(string swarmId) => (SchedulingRequest.SwarmIdLabel, swarmId);

    private static (string, string) GlobalIdOf(string globalId) => (ContainerMode.GlobalIdLabel, globalId);

    private static Format Compact<T>(string manifest, Func<T, T> toStored, Func<T, T> fromStored, bool compressed = false) where T : notnull =>
        new(manifest, typeof(T), CompactJson.Options, o => toStored((T)o), o => fromStored((T)o), compressed);

    private static Format Full<T>(string manifest, Func<T, T>? fromStored = null) where T : notnull =>
        new(manifest, typeof(T), JsonOptions, o => o, o => fromStored is null ? o : fromStored((T)o), Compressed: false);

    /// <summary>One shape: how an object is written under its manifest, and read back.</summary>
    private sealed record Format(string Manifest, Type Type, JsonSerializerOptions Options, Func<object, object> ToStored, Func<object, object> FromStored, bool Compressed);
}
