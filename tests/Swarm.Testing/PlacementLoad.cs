using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Swarm.Testing;

/// <summary>
/// Clients creating containers one after another, each through one of the given managers' Docker API, until
/// stopped: what a busy cluster sees while a manager fails. Names start with <see cref="Prefix"/>.
/// </summary>
public sealed class PlacementLoad
{
    private readonly ConcurrentDictionary<string, Ack> acknowledged = new();
    private readonly ConcurrentBag<string> refused = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<Task> clients;
    private int next;

    private PlacementLoad(IReadOnlyList<ManagerProcess> through, int clients)
    {
        Prefix = $"c-{Guid.NewGuid().ToString("N")[..6]}-";
        this.clients = [.. Enumerable.Range(0, clients).Select(client => Task.Run(() => Client(through[client % through.Count])))];
    }

    public string Prefix { get; }

    /// <summary>Time since the load started.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    public IReadOnlyDictionary<string, Ack> Acknowledged => acknowledged;

    /// <summary>Requests answered with anything but 201 Created, with the answer.</summary>
    public IReadOnlyCollection<string> Refused => refused;

    public static PlacementLoad Start(IReadOnlyList<ManagerProcess> through, int clients) => new(through, clients);

    /// <summary>Stops sending and waits for the requests in flight to be answered.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(clients);
    }

    /// <summary>How long after <paramref name="moment"/> the first request sent after it was acknowledged; null if none was.</summary>
    public TimeSpan? FirstAcknowledgedAfter(TimeSpan moment) =>
        acknowledged.Values.Where(a => a.Sent > moment).OrderBy(a => a.Acknowledged).Select(a => (TimeSpan?)(a.Acknowledged - moment)).FirstOrDefault();

    /// <summary>The swarm IDs of this load's containers as the engines themselves list them (one entry per engine container).</summary>
    public Task<List<string>> SwarmIdsOnEngines(IEnumerable<string> engineAddresses) => SwarmIdsOnEngines(engineAddresses, Prefix);

    /// <summary>The swarm IDs of the containers named <paramref name="prefix"/>… as the engines list them, one entry per engine container.</summary>
    public static async Task<List<string>> SwarmIdsOnEngines(IEnumerable<string> engineAddresses, string prefix)
    {
        using var http = new HttpClient();
        var ids = new List<string>();
        foreach (string address in engineAddresses)
        {
            using var listed = JsonDocument.Parse(await http.GetStringAsync($"http://{address}/containers/json?all=1"));
            ids.AddRange(listed.RootElement.EnumerateArray()
                .Where(c => c.GetProperty("Names")[0].GetString()!.StartsWith("/" + prefix, StringComparison.Ordinal))
                .Select(c => c.GetProperty("Labels").GetProperty("com.docker.swarm.id").GetString()!));
        }
        return ids;
    }

    private async Task Client(ManagerProcess manager)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        while (!stop.IsCancellationRequested)
        {
            string name = Prefix + Interlocked.Increment(ref next);
            var sent = clock.Elapsed;
            using var answer = await http.PostAsync($"http://127.0.0.1:{manager.Port}/containers/create?name={name}",
                new StringContent("""{"Image":"busybox","Cmd":["true"]}""", Encoding.UTF8, "application/json"));
            string body = await answer.Content.ReadAsStringAsync();
            if (answer.StatusCode != HttpStatusCode.Created)
            {
                refused.Add($"{name}: {(int)answer.StatusCode} {body}");
                continue;
            }
            using var created = JsonDocument.Parse(body);
            acknowledged[name] = new Ack(created.RootElement.GetProperty("Id").GetString()!, sent, clock.Elapsed);
        }
    }

    /// <param name="Sent">When the request was sent, since the load started.</param>
    /// <param name="Acknowledged">When its 201 arrived.</param>
    public sealed record Ack(string Id, TimeSpan Sent, TimeSpan Acknowledged);
}
