using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    private readonly IHost host;

    private SwarmManager(IHost host, ActorSystem system, IActorRef scheduler, IActorRef engines, IActorRef containers)
    {
        this.host = host;
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

    /// <summary>
    /// Starts the manager's actor system with Akka.Hosting: the HOCON file under the flags' settings, the scheduler
    /// singleton and its proxy, the engine and container shard regions, the engine directory and discovery.
    /// </summary>
    public static async Task<SwarmManager> StartAsync(ManagerOptions options, string hoconFile)
    {
        var config = Overrides(options).WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(hoconFile)))
            .WithFallback(ConfigurationFactory.ParseString(SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // swarm manage's web host owns SIGTERM; this host stops when the manager is disposed.
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        builder.Services.AddAkka(SystemName, akka => akka
            .AddHocon(config, HoconAddMode.Prepend)
            .WithSingleton<SchedulerActor>(SchedulerSingleton.Name, SchedulerActor.Props(options.Scheduler, announce: true), SchedulerSingleton.HostingOptions, createProxyToo: true)
            .WithShardRegion<EngineActor>(
                EngineShards.TypeName,
                (_, registry, _) => address => EngineActor.Props(new DockerEngineClient(address, options.EngineTls), registry.Get<EngineDirectory>(), options.Engines, publishSnapshots: true),
                EngineShards.MessageExtractor,
                new ShardOptions { Role = SchedulerSingleton.ManagerRole, StateStoreMode = StateStoreMode.DData })
            .WithShardRegion<ContainerActor>(
                ContainerShards.TypeName,
                (_, registry, _) => swarmId => ContainerActor.Props(swarmId, registry.Get<SchedulerActor>(), registry.Get<EngineDirectory>(), ContainerShards.IdleTimeout),
                ContainerShards.MessageExtractor,
                new ShardOptions { Role = SchedulerSingleton.ManagerRole, StateStoreMode = StateStoreMode.DData })
            .WithActors((system, registry) =>
            {
                // Engine actors are sharded over the managers; each reports to the directory of the manager it runs on.
                var engines = system.ActorOf(EngineDirectory.Props(registry.Get<SchedulerActor>(), subscribe: true, shards: registry.Get<EngineActor>()), EngineDirectory.Name);
                registry.Register<EngineDirectory>(engines);
                system.ActorOf(DiscoveryActor.Props(options.Discovery, engines, options.Heartbeat), "discovery");
            })
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                if (options.Seeds.Count > 0) cluster.JoinSeedNodes(options.Seeds.Select(seed => Address.Parse($"akka.tcp://{SystemName}@{seed}")));
                // Seeds written in the HOCON (akka.cluster.seed-nodes) are joined by Akka itself.
                else if (cluster.Settings.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
            }));
        var host = builder.Build();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        return new SwarmManager(host, host.Services.GetRequiredService<ActorSystem>(),
            registry.Get<SchedulerActor>(), registry.Get<EngineDirectory>(), registry.Get<ContainerActor>());
    }

    /// <summary>Leaves the cluster (handing the scheduler over) and stops the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private sealed class OwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Whether <c>--store</c> names a PostgreSQL database (<c>postgres://…</c> or Npgsql's <c>Host=…</c>) rather than a SQLite file.</summary>
    public static bool IsPostgresStore(string store) =>
        store.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    private static Config Overrides(ManagerOptions options)
    {
        bool postgres = IsPostgresStore(options.Store);
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
