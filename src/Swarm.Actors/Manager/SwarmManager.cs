using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Swarm.Actors.Containers;
using Swarm.Actors.Discovery;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Manager;

/// <summary>
/// One manager: an Akka cluster member hosting (when oldest) the scheduler singleton, a share of the container
/// entities, and the engine actors for the engines it was given.
/// </summary>
public sealed class SwarmManager : IAsyncDisposable
{
    public const string SystemName = "swarm";

    private SwarmManager(ActorSystem system, IActorRef scheduler, IActorRef engines, IActorRef containers)
    {
        System = system;
        Scheduler = scheduler;
        Engines = engines;
        Containers = containers;
    }

    public ActorSystem System { get; }

    /// <summary>The proxy to the scheduler singleton, wherever it runs.</summary>
    public IActorRef Scheduler { get; }

    public IActorRef Engines { get; }
    public IActorRef Containers { get; }

    /// <summary>True on the manager that hosts the scheduler (the oldest manager that is up).</summary>
    public bool IsPrimary => OldestManager() is not { } oldest || oldest.Address == Cluster.Get(System).SelfAddress;

    /// <summary>The oldest manager's cluster address, where the scheduler runs.</summary>
    public string PrimaryAddress => OldestManager() is { } oldest ? $"{oldest.Address.Host}:{oldest.Address.Port}" : "";

    private Member? OldestManager() =>
        Cluster.Get(System).State.Members
            .Where(m => m.HasRole(SchedulerSingleton.ManagerRole) && m.Status == MemberStatus.Up)
            .OrderBy(m => m, Member.AgeOrdering)
            .FirstOrDefault();

    public static SwarmManager Start(ManagerOptions options, string hoconFile)
    {
        var config = Overrides(options).WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(hoconFile)))
            .WithFallback(ConfigurationFactory.ParseString(SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config));
        var system = ActorSystem.Create(SystemName, config);
        var cluster = Cluster.Get(system);
        if (options.Seeds.Count == 0) cluster.Join(cluster.SelfAddress);
        else cluster.JoinSeedNodes(options.Seeds.Select(seed => Address.Parse($"akka.tcp://{SystemName}@{seed}")));

        SchedulerSingleton.StartManager(system, options.Scheduler);
        var scheduler = SchedulerSingleton.StartProxy(system);
        // Engine actors are sharded over the managers; each reports to the directory of the manager it runs on.
        IActorRef engines = ActorRefs.Nobody;
        var engineShards = EngineShards.Start(system, address => EngineActor.Props(new DockerEngineClient(address, options.EngineTls), engines, options.Engines));
        engines = system.ActorOf(EngineDirectory.Props(scheduler, subscribe: true, shards: engineShards), EngineDirectory.Name);
        var containers = ContainerShards.Start(system, scheduler, engines);
        system.ActorOf(DiscoveryActor.Props(options.Discovery, engines, options.Heartbeat), "discovery");
        return new SwarmManager(system, scheduler, engines, containers);
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }

    private static Config Overrides(ManagerOptions options)
    {
        bool postgres = options.Store.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || options.Store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
        string connection = postgres ? PostgresConnection(options.Store) : $"Data Source={options.Store}";
        string provider = postgres ? SqlJournalConfig.PostgresProvider : SqlJournalConfig.SqliteProvider;
        return ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp.hostname = "{{options.ClusterHost}}"
            akka.remote.dot-netty.tcp.port = {{options.ClusterPort}}
            akka.persistence.journal.sql.connection-string = "{{connection}}"
            akka.persistence.journal.sql.provider-name = "{{provider}}"
            akka.persistence.snapshot-store.sql.connection-string = "{{connection}}"
            akka.persistence.snapshot-store.sql.provider-name = "{{provider}}"
            """);
    }

    // postgres://user@host:port/db → Npgsql's form; Npgsql's own form passes through.
    private static string PostgresConnection(string store)
    {
        if (!Uri.TryCreate(store, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("postgres", StringComparison.Ordinal)) return store;
        string[] user = uri.UserInfo.Split(':', 2);
        string password = user.Length > 1 ? $";Password={Uri.UnescapeDataString(user[1])}" : "";
        return $"Host={uri.Host};Port={(uri.Port > 0 ? uri.Port : 5432)};Username={Uri.UnescapeDataString(user[0])}{password};Database={uri.AbsolutePath.TrimStart('/')}";
    }
}
