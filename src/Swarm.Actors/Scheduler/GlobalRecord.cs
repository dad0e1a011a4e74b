using System.Text.Json.Serialization;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// A global container (<c>-e mode:global</c>): one instance, a container record of its own, on every eligible node,
/// now and on nodes that join later. Keyed by its swarm ID, which the create answered; it holds the name.
/// </summary>
/// <param name="Request">The request as placed: hints as labels, the global container's swarm ID label included.</param>
public sealed record GlobalRecord(string GlobalId, string Name, ContainerRequest Request, [property: JsonConverter(typeof(EmbeddedJsonConverter))] string CreateConfig, DesiredState DesiredState);
