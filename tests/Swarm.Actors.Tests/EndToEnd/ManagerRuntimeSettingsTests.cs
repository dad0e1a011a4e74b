namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm manage</c>'s runtime settings (swarm.runtimeconfig.json, README, Performance): W^X off (with it on, every
/// page of JIT code and stubs is mapped twice through a memfd named "doublemapper", which cost a manager of 1,000
/// engines 180 MB of peak RSS and two thirds of its start-up CPU), gen0 capped at 16 MB a heap, and no instrumented
/// (dynamic PGO) tier.
/// </summary>
public sealed class ManagerRuntimeSettingsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("swarm-wx-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task The_manager_maps_its_code_once()
    {
        await using var manager = await ManagerProcess.StartAsync(["127.0.0.1:1"], Path.Combine(directory, "swarm.db"));
        for (int i = 0; i < 600 && !manager.HasExited && !manager.Log.Contains("swarm manager listening", StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.Contains("swarm manager listening", manager.Log);

        string[] maps = await File.ReadAllLinesAsync($"/proc/{manager.Pid}/maps");
        Assert.Contains(maps, line => line.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
        Assert.DoesNotContain(maps, line => line.Contains("doublemapper", StringComparison.Ordinal));
    }

    [Fact]
    public void The_manager_s_gen0_is_capped_and_its_code_not_instrumented()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "swarm.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(16L << 20, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
