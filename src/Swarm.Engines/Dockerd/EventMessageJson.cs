using System.Text.Json.Serialization;
using Docker.DotNet.Models;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// System.Text.Json's reader of an engine event, generated at build time: no reflection per engine, and it works
/// where reflection-based serialisation is off (trimmed or file-based apps). Message's <c>[DataMember]</c> names are
/// Docker's, which System.Text.Json does not read; dockerd's names (status, id, from, Type, Action,
/// Actor{ID,Attributes}, scope, time, timeNano) differ from the properties only in case.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Message))]
internal sealed partial class EventMessageJson : JsonSerializerContext;
