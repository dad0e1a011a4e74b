namespace Swarm.Actors.Tests.Support;

/// <summary>
/// A <c>hollow-farm</c> of simulated engines and one <c>swarm manage</c> (SQLite state of its own) over them, shared by
/// the tests of a class: for what needs a manager but no container to really run. Both processes stopped by PID.
/// </summary>
public class ManagerOverHollowEngines : IAsyncLifetime
{
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-hollow-{Guid.NewGuid():N}.db");
    private readonly int engines;

    public ManagerOverHollowEngines() : this(2)
    {
    }

    protected ManagerOverHollowEngines(int engines)
    {
        this.engines = engines;
    }

    /// <summary>The manager's SQLite file.</summary>
    public string Store => store;

    public FarmProcess Farm { get; private set; } = null!;

    public ManagerProcess Manager { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Farm = await FarmProcess.OnLoopback(engines);
        Manager = await ManagerProcess.StartHealthy(Farm.Addresses, store);
    }

    public async Task DisposeAsync()
    {
        if (Manager is not null) await Manager.DisposeAsync();
        if (Farm is not null) await Farm.DisposeAsync();
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }
}
