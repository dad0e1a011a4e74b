using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>A synthetic cluster event: <c>engine_connect</c>, <c>engine_disconnect</c> or <c>engine_reconnect</c> of one engine.</summary>
public sealed record EngineHealthEvent(string Action, EngineSnapshot Engine);

/// <summary>
/// Classic's synthetic engine events, read off successive views of the cluster's engines (one per poll) rather
/// than heard from the engine actors, which run sharded on whichever manager. Pure: each <see cref="Next"/> compares
/// a view with what was seen before, by engine address.
/// <list type="bullet">
/// <item>Healthy, and before not seen, or seen but never healthy while pending, or let go by discovery: <c>engine_connect</c>.</item>
/// <item>Healthy, and before unhealthy, or pending after having been healthy (its actor restarted): <c>engine_reconnect</c>.</item>
/// <item>Healthy before, now unhealthy, pending or disconnected, or missing from <see cref="MissingViewsBeforeGone"/>
/// views in a row: <c>engine_disconnect</c>.</item>
/// </list>
/// The engines of the first view are the starting point: nothing is reported for them.
/// </summary>
public sealed class EngineHealthWatch
{
    private readonly Dictionary<string, Seen> engines = new(StringComparer.Ordinal);

    /// <param name="initial">The engines when the watch starts (an events stream opens).</param>
    /// <param name="missingViewsBeforeGone">
    /// How many views in a row an engine must be missing from before it counts as gone: a view can leave an engine
    /// out for a moment (its actor moving to another manager did not answer in time).
    /// </param>
    public EngineHealthWatch(IEnumerable<EngineSnapshot> initial, int missingViewsBeforeGone = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(missingViewsBeforeGone, 1);
        MissingViewsBeforeGone = missingViewsBeforeGone;
        foreach (var engine in initial) engines[engine.Address] = new Seen(engine, engine.Health.Status == EngineStatus.Healthy, 0);
    }

    public int MissingViewsBeforeGone { get; }

    /// <summary>The events between the previous view and this one, in the view's order, then those of engines gone.</summary>
    public IReadOnlyList<EngineHealthEvent> Next(IEnumerable<EngineSnapshot> view)
    {
        var events = new List<EngineHealthEvent>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var engine in view)
        {
            if (!present.Add(engine.Address)) continue;
            bool healthy = engine.Health.Status == EngineStatus.Healthy;
            if (!engines.TryGetValue(engine.Address, out var before))
            {
                if (healthy) events.Add(new EngineHealthEvent(ClusterEventNames.EngineConnect, engine));
                engines[engine.Address] = new Seen(Identified(engine, null), healthy, 0);
                continue;
            }
            string? action = (before.Engine.Health.Status, engine.Health.Status) switch
            {
                (EngineStatus.Healthy, EngineStatus.Healthy) => null,
                (EngineStatus.Healthy, _) => ClusterEventNames.EngineDisconnect,
                (_, EngineStatus.Healthy) when before.Engine.Health.Status == EngineStatus.Unhealthy
                                            || (before.Engine.Health.Status == EngineStatus.Pending && before.WasHealthy) => ClusterEventNames.EngineReconnect,
                (_, EngineStatus.Healthy) => ClusterEventNames.EngineConnect,
                _ => null,
            };
            var identified = Identified(engine, before.Engine);
            // A disconnect names the engine as it was known, its ID included (a pending actor may not know it yet).
            if (action is not null) events.Add(new EngineHealthEvent(action, action == ClusterEventNames.EngineDisconnect ? before.Engine with { Health = engine.Health } : identified));
            bool wasHealthy = engine.Health.Status != EngineStatus.Disconnected && (before.WasHealthy || healthy);
            engines[engine.Address] = new Seen(identified, wasHealthy, 0);
        }

        foreach (var (address, before) in engines.Where(e => !present.Contains(e.Key)).ToList())
        {
            int missing = before.Missing + 1;
            if (missing < MissingViewsBeforeGone)
            {
                engines[address] = before with { Missing = missing };
                continue;
            }
            engines.Remove(address);
            if (before.Engine.Health.Status == EngineStatus.Healthy)
            {
                events.Add(new EngineHealthEvent(ClusterEventNames.EngineDisconnect, before.Engine with { Health = before.Engine.Health with { Status = EngineStatus.Disconnected } }));
            }
        }
        return events;
    }

    // The engine with the ID it was last known by, while its actor has not learnt it (yet) again.
    private static EngineSnapshot Identified(EngineSnapshot engine, EngineSnapshot? before) =>
        engine.Id.Length == 0 && before is { Id.Length: > 0 } ? engine with { Id = before.Id, Name = engine.Name.Length > 0 ? engine.Name : before.Name } : engine;

    /// <param name="WasHealthy">Seen healthy since the watch started (or healthy at its start), and not let go by discovery since.</param>
    /// <param name="Missing">Views in a row it was missing from.</param>
    private sealed record Seen(EngineSnapshot Engine, bool WasHealthy, int Missing);
}
