using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;

namespace Swarm.Actors;

/// <summary>
/// Writes the messages that travel between managers (to and from the scheduler singleton and the container
/// shards, engine reports) as JSON under stable manifests, instead of Akka's default serializer, which cannot
/// rebuild our immutable records.
/// </summary>
public sealed class SwarmMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7452;

    private static readonly Type[] Messages =
    [
        typeof(SchedulerCommands.PlaceContainer), typeof(SchedulerCommands.Placed), typeof(SchedulerCommands.Rejected),
        typeof(SchedulerCommands.PreviewPlacement), typeof(SchedulerCommands.PlacementPreview),
        typeof(SchedulerCommands.RecordCreated), typeof(SchedulerCommands.SetDesiredState), typeof(SchedulerCommands.RemoveContainer),
        typeof(SchedulerCommands.CompleteMove), typeof(SchedulerCommands.SetNodeAvailability), typeof(SchedulerCommands.NodeAvailabilitySet),
        typeof(SchedulerCommands.UnknownNode), typeof(SchedulerCommands.GlobalPlaced), typeof(SchedulerCommands.GetGlobal), typeof(SchedulerCommands.GlobalContainer), typeof(SchedulerCommands.GetNodeAvailabilities), typeof(SchedulerCommands.NodeAvailabilities), typeof(ContainerCommands.Move), typeof(ContainerCommands.RemoveStaleCopy),
        typeof(SchedulerCommands.Recorded), typeof(SchedulerCommands.UnknownContainer), typeof(SchedulerCommands.EngineReport),
        typeof(SchedulerCommands.ReportEngines), typeof(SchedulerCommands.EnginesReported), typeof(SchedulerCommands.GetDigest), typeof(SchedulerCommands.StateDigest),
        typeof(SchedulerCommands.GetSummary), typeof(SchedulerCommands.Summary),
        typeof(SchedulerCommands.GetContainer), typeof(ContainerRecord),
        typeof(EngineEvents.EngineConnected), typeof(EngineEvents.EngineReconnected), typeof(EngineEvents.EngineDisconnected),
        typeof(EngineEvents.EngineHealthChanged), typeof(EngineEvents.ContainerUpdated), typeof(EngineEvents.ContainerRemoved),
        typeof(EngineEvents.EngineUnreachable),
        typeof(ContainerCommands.Create), typeof(ContainerCommands.Created), typeof(ContainerCommands.Operate),
        typeof(ContainerCommands.Done), typeof(ContainerCommands.Failed), typeof(ContainerCommands.Verify), typeof(EngineCommands.CheckContainer),
        typeof(EngineCommands.GetSnapshot), typeof(EngineCommands.RefreshNow), typeof(EngineCommands.Watch), typeof(EngineCommands.CreateContainer),
        typeof(EngineCommands.OperateContainer), typeof(EngineCommands.OperationDone), typeof(EngineCommands.WaitContainer), typeof(EngineCommands.Waited),
        typeof(EngineCommands.OperationFailed), typeof(EngineCommands.Disconnect), typeof(Swarm.Engines.View.EngineSnapshot),
        typeof(EngineShards.Envelope), typeof(EngineDirectory.GetLocalEngines), typeof(EngineDirectory.LocalEngineList),
        typeof(EngineDirectory.GetChangedEngines), typeof(EngineDirectory.ChangedEngines),
    ];

    private static readonly Dictionary<Type, string> ManifestsByType = Messages.ToDictionary(t => t, t => t.FullName!.Replace("Swarm.Actors.", "").Replace('+', '.'));
    private static readonly Dictionary<string, Type> TypesByManifest = ManifestsByType.ToDictionary(p => p.Value, p => p.Key);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Binds each message type to this serializer; part of every manager's actor system.</summary>
    public static string Config =>
        "akka.actor {\n" +
        "  serializers.swarm-messages = \"Swarm.Actors.SwarmMessageSerializer, Swarm.Actors\"\n" +
        $"  serialization-identifiers {{ \"Swarm.Actors.SwarmMessageSerializer, Swarm.Actors\" = {SerializerId} }}\n" +
        "  serialization-bindings {\n" +
        string.Concat(Messages.Select(t => $"    \"{t.FullName}, {t.Assembly.GetName().Name}\" = swarm-messages\n")) +
        "  }\n}\n";

    public static IReadOnlyCollection<Type> MessageTypes => Messages;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out string? manifest) ? manifest : throw new ArgumentException($"{o.GetType()} is not a swarm message");

    public override byte[] ToBinary(object obj) => obj is EngineShards.Envelope envelope
        ? JsonSerializer.SerializeToUtf8Bytes(new EnvelopeJson(envelope.Address, Manifest(envelope.Message), JsonSerializer.SerializeToElement(envelope.Message, envelope.Message.GetType(), Json)), Json)
        : JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = TypesByManifest.GetValueOrDefault(manifest) ?? throw new SerializationException($"unknown swarm message manifest {manifest}");
        if (type != typeof(EngineShards.Envelope)) return Read(bytes, type, manifest);
        var envelope = Read<EnvelopeJson>(bytes, manifest);
        var inner = TypesByManifest.GetValueOrDefault(envelope.Manifest) ?? throw new SerializationException($"unknown swarm message manifest {envelope.Manifest}");
        return new EngineShards.Envelope(envelope.Address, envelope.Message.Deserialize(inner, Json) ?? throw new SerializationException($"empty {envelope.Manifest}"));
    }

    private static object Read(byte[] bytes, Type type, string manifest) =>
        JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"empty {manifest}");

    private static T Read<T>(byte[] bytes, string manifest) => (T)Read(bytes, typeof(T), manifest);

    // An envelope's message is any swarm message: written with its own manifest beside it.
    private sealed record EnvelopeJson(string Address, string Manifest, JsonElement Message);
}
