using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>One engine as a swarm-mode node: the engine, its node ID, and the availability the scheduler holds for it.</summary>
public sealed record NodeEntry(EngineSnapshot Engine, NodeAvailability Availability)
{
    public string Id { get; } = NodeObject.IdOf(Engine);

    public string Hostname => Engine.Name;

    /// <summary>Every engine as a node, in natural order of their names; <paramref name="availabilities"/> lists only the nodes that are not active.</summary>
    public static IReadOnlyList<NodeEntry> Of(IEnumerable<EngineSnapshot> engines, IReadOnlyDictionary<string, NodeAvailability> availabilities) =>
        [.. engines
            .Select(e => new NodeEntry(e, e.Id.Length > 0 && availabilities.TryGetValue(e.Id, out var set) ? set : NodeAvailability.Active))
            .OrderBy(n => n.Hostname, NaturalOrder.Instance)
            .ThenBy(n => n.Id, StringComparer.Ordinal)];
}
