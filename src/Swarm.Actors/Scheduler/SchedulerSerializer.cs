using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Writes the scheduler's events and snapshots as JSON under stable manifests. A manifest names a shape, not a
/// CLR type: renaming a class keeps old journals readable; changing a shape means a new manifest (".v2") and
/// reading the old one on.
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

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Dictionary<Type, string> ManifestsByType = new()
    {
        [typeof(SchedulerEvents.ContainerPlaced)] = "ContainerPlaced.v1",
        [typeof(SchedulerEvents.ContainerCreated)] = "ContainerCreated.v1",
        [typeof(SchedulerEvents.DesiredStateChanged)] = "DesiredStateChanged.v1",
        [typeof(SchedulerEvents.ContainerRemoved)] = "ContainerRemoved.v1",
        [typeof(SchedulerEvents.ContainerRenamed)] = "ContainerRenamed.v1",
        [typeof(SchedulerEvents.ContainerRescheduled)] = "ContainerRescheduled.v1",
        [typeof(SchedulerEvents.RescheduleCompleted)] = "RescheduleCompleted.v1",
        [typeof(SchedulerEvents.NodeAvailabilityChanged)] = "NodeAvailabilityChanged.v1",
        [typeof(SchedulerEvents.GlobalContainerCreated)] = "GlobalContainerCreated.v1",
        [typeof(SchedulerEvents.GlobalInstancePlaced)] = "GlobalInstancePlaced.v1",
        [typeof(SchedulerSnapshot)] = "SchedulerSnapshot.v1",
    };

    private static readonly Dictionary<string, Type> TypesByManifest = ManifestsByType.ToDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyDictionary<Type, string> Manifests => ManifestsByType;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out string? manifest) ? manifest : throw new ArgumentException($"{o.GetType()} is not a scheduler journal type");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), JsonOptions);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, JsonOptions) ?? throw new SerializationException($"empty {manifest}")
            : throw new SerializationException($"unknown scheduler journal manifest {manifest}");
}
