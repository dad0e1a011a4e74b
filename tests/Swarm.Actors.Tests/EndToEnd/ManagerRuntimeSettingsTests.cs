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
    public async Task The_manager_started_as_the_samples_start_it_keeps_to_two_malloc_arenas()
    {
        string root = Support.SampleScript.RepositoryRoot();
        string limit = "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-" + ManagerProcess.MallocArenaMax + "}";
        Assert.Contains(limit, await File.ReadAllTextAsync(Path.Combine(root, "samples", "local", "cluster.sh")));
        Assert.Contains(limit, await File.ReadAllTextAsync(Path.Combine(root, "samples", "three-managers", "cluster.sh")));
        Assert.Contains("ENV MALLOC_ARENA_MAX=" + ManagerProcess.MallocArenaMax, await File.ReadAllTextAsync(Path.Combine(root, "samples", "kubernetes", "Dockerfile")));

        await using var manager = await ManagerProcess.StartAsync(["127.0.0.1:1"], Path.Combine(directory, "swarm.db"));
        for (int i = 0; i < 600 && !manager.HasExited && !manager.Log.Contains("swarm manager listening", StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.Contains("swarm manager listening", manager.Log);
        // Threads enough to ask for arenas of their own: concurrent requests.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{manager.Port}") };
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => http.GetStringAsync("/info")));
        Assert.InRange(MallocHeaps(await File.ReadAllLinesAsync($"/proc/{manager.Pid}/maps")), 0, int.Parse(ManagerProcess.MallocArenaMax) - 1);
    }

    // glibc's arenas besides the main one: each a 64 MB-aligned mapping of 64 MB, its used part read-write and the
    // rest reserved (without the limit, a manager had 7 or 8 after a burst of requests; with MALLOC_ARENA_MAX=2, one).
    private static int MallocHeaps(string[] maps)
    {
        const long HeapSize = 64L << 20;
        var regions = maps.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Start: Convert.ToInt64(f[0].Split('-')[0], 16), End: Convert.ToInt64(f[0].Split('-')[1], 16), Permissions: f[1], Anonymous: f.Length == 5))
            .ToList();
        int heaps = 0;
        for (int i = 0; i < regions.Count; i++)
        {
            var (start, end, permissions, anonymous) = regions[i];
            if (start % HeapSize != 0 || !permissions.StartsWith("rw", StringComparison.Ordinal) || !anonymous) continue;
            if (end - start == HeapSize || (i + 1 < regions.Count && regions[i + 1].Start == end && regions[i + 1].Permissions == "---p" && regions[i + 1].End - start == HeapSize)) heaps++;
        }
        return heaps;
    }

    [Fact]
    public void The_manager_s_gen0_is_capped_its_old_generation_compacted_and_its_code_not_instrumented()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "swarm.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(16L << 20, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.Equal(9, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
