using Swarm.Actors.Engines;
using Swarm.Scheduling;

namespace Swarm.Actors.Manager;

/// <summary>What a manager is told by <c>swarm manage</c>'s flags.</summary>
/// <param name="Heartbeat">How often discovery is read again (<c>--heartbeat</c>).</param>
/// <param name="Store">Where the scheduler's journal lives: a SQLite file path, or a PostgreSQL connection string (<c>postgres://</c> or <c>Host=…</c>).</param>
/// <param name="Seeds">Akka addresses of other managers (<c>host:port</c>); none means the HOCON's <c>akka.cluster.seed-nodes</c>, and when those are empty too this manager starts a cluster.</param>
public sealed record ManagerOptions(
    SchedulerOptions Scheduler,
    EngineSettings Engines,
    Discovery.IDiscovery Discovery,
    TimeSpan Heartbeat,
    string Store,
    IReadOnlyList<string> Seeds,
    string ClusterHost,
    int ClusterPort,
    Swarm.Engines.EngineTlsOptions? EngineTls = null);
