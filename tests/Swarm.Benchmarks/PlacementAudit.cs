using System.Text.Json;

namespace Swarm.Benchmarks;

/// <summary>
/// Whether every acknowledged placement exists exactly once, from the engines themselves (each engine's own
/// <c>GET /containers/json?all=1</c>, not the manager's view): none lost, none made twice.
/// </summary>
/// <param name="Acknowledged">Names the clients saw placed.</param>
/// <param name="OnEngines">Containers of the run the engines hold, all engines together.</param>
/// <param name="Lost">Acknowledged names no engine holds.</param>
/// <param name="Duplicated">Names held more than once (twice on one engine or on several).</param>
/// <param name="Unacknowledged">Names held that no client saw placed (a request that failed after all may have made one).</param>
internal sealed record PlacementAudit(int Acknowledged, int OnEngines, int Lost, int Duplicated, int Unacknowledged)
{
    public static async Task<PlacementAudit> Check(IEnumerable<string> engineAddresses, IReadOnlyCollection<string> acknowledged, string namePrefix)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(engineAddresses, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (address, cancel) =>
        {
            using var listed = JsonDocument.Parse(await http.GetStringAsync($"http://{address}/containers/json?all=1", cancel));
            var names = listed.RootElement.EnumerateArray()
                .Select(c => c.GetProperty("Names")[0].GetString()!.TrimStart('/'))
                .Where(name => name.StartsWith(namePrefix, StringComparison.Ordinal))
                .ToList();
            lock (counts)
            {
                foreach (string name in names) counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        });
        var acknowledgedSet = acknowledged.ToHashSet(StringComparer.Ordinal);
        return new PlacementAudit(
            acknowledgedSet.Count,
            counts.Values.Sum(),
            acknowledgedSet.Count(name => !counts.ContainsKey(name)),
            counts.Values.Count(n => n > 1),
            counts.Keys.Count(name => !acknowledgedSet.Contains(name)));
    }
}
