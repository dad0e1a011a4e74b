using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Support;

/// <summary>One <c>swarm manage</c> (SQLite state of its own) over the three real engines, for a test class driving it with the docker CLI.</summary>
public abstract class ManagerOverRealEngines(RealEngines engines, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-cli-{Guid.NewGuid():N}.db");

    protected RealEngines Engines => engines;

    protected ManagerProcess Manager { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Manager = await ManagerProcess.StartHealthy([engines[1].Address, engines[2].Address, engines[3].Address], store);

    public async Task DisposeAsync()
    {
        output.WriteLine(Manager.Log);
        await Manager.DisposeAsync();
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }
}
