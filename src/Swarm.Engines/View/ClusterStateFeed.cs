using Swarm.Scheduling.State;

namespace Swarm.Engines.View;

/// <summary>
/// Brings what engines report into the placement state. A container the scheduler placed is held there as
/// pending (keyed by its swarm ID) until its engine reports it; the reported one then takes its place, so
/// its reservation counts exactly once, before and after creation.
/// </summary>
public static class ClusterStateFeed
{
    /// <summary>Adds or updates a validated engine: node, health, images and containers; pending reservations stay.</summary>
    public static void ApplyEngine(ClusterState state, EngineSnapshot engine)
    {
        var description = engine.ToNodeDescription() ?? throw new ArgumentException($"engine {engine.Address} was never reached", nameof(engine));
        var node = state.AddNode(description, engine.Health.HealthIndicator);
        state.SetHealth(description.Id, engine.Health.HealthIndicator);
        state.SetImages(description.Id, engine.NodeImages());

        var reported = engine.Containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var vanished = node.Containers.Where(c => c.Id.Length > 0 && !reported.Contains(c.Id)).Select(c => c.Key).ToList();
        foreach (string key in vanished) state.RemoveContainer(description.Id, key);
        foreach (var container in engine.Containers) ApplyContainer(state, description.Id, description.Cpus, container);
    }

    /// <summary>A container appeared or changed on an engine; it replaces the pending reservation it fulfils.</summary>
    public static void ApplyContainer(ClusterState state, string engineId, long engineCpus, EngineContainer container)
    {
        var info = container.ToContainerInfo(engineCpus);
        if (info.SwarmId.Length > 0) state.RemoveContainer(engineId, info.SwarmId);
        state.AddContainer(engineId, info);
    }
}
