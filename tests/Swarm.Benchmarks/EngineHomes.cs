using System.Diagnostics;
using System.Text.Json;

namespace Swarm.Benchmarks;

/// <summary>
/// Which manager watches each engine, from a manager's <c>GET /_swarm/engines</c> (ours, not Docker's): engine
/// actors are sharded entities, each engine watched by one manager.
/// </summary>
internal static class EngineHomes
{
    /// <summary>
    /// Engine address to the Akka address of the one manager watching it; null while an engine is not healthy or not
    /// watched by exactly one manager (or the manager does not answer).
    /// </summary>
    public static async Task<Dictionary<string, string>?> Read(HttpClient http, int engines)
    {
        try
        {
            using var listed = JsonDocument.Parse(await http.GetStringAsync("/_swarm/engines"));
            var all = listed.RootElement.EnumerateArray().ToList();
            if (all.Count != engines) return null;
            var homes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var engine in all)
            {
                var managers = engine.GetProperty("Managers").EnumerateArray().Select(m => m.GetString()!).ToList();
                if (engine.GetProperty("Status").GetString() != "Healthy" || managers.Count != 1) return null;
                homes[engine.GetProperty("Address").GetString()!] = managers[0];
            }
            return homes;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until every engine is healthy, watched by one manager, and no engine moved for <paramref name="stable"/>
    /// (sharding moves a few shards every 10 s after a manager joins or leaves). Null if that did not happen in
    /// <paramref name="patience"/>.
    /// </summary>
    public static async Task<Dictionary<string, string>?> WaitForSettled(HttpClient http, int engines, TimeSpan stable, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, string>? last = null;
        var unchanged = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            var homes = await Read(http, engines);
            if (homes is null || last is null || !homes.OrderBy(h => h.Key).SequenceEqual(last.OrderBy(h => h.Key)))
            {
                last = homes;
                unchanged.Restart();
            }
            else if (unchanged.Elapsed >= stable)
            {
                return homes;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return null;
    }

    /// <summary>How many engines the manager whose cluster endpoint listens on <paramref name="clusterPort"/> watches.</summary>
    public static int Watched(IReadOnlyDictionary<string, string>? homes, int clusterPort) =>
        homes?.Values.Count(manager => manager.EndsWith($":{clusterPort}", StringComparison.Ordinal)) ?? 0;
}
