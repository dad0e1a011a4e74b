using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Benchmarks;

/// <summary>
/// The scale benchmarks' clients: each takes the next container number N and places <c>scale-N</c> as the docker CLI
/// does (create with the name, then start) through one of the Docker API endpoints, until all are placed.
/// Without <c>retry</c> a request that fails is counted as failed. With it (a manager may be killed), the same
/// container is asked for again by the same name until placed: through the client's next endpoint when the connection
/// failed (the client stays there), after a pause when a manager answered 5xx; a 409 to a create sent again means an
/// earlier attempt made it, so the container is started by its name.
/// </summary>
internal sealed class ScaleLoad
{
    private static readonly TimeSpan RetryPatience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MovePause = TimeSpan.FromMilliseconds(100);
    // A placement slower than this keeps its requests' history (retry only).
    private static readonly TimeSpan SlowTrace = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<HttpClient> endpoints;
    private readonly int containers;
    private readonly Func<int, JsonObject> body;
    private readonly bool spreadByRequest;
    private readonly bool retry;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource abort = new();
    private readonly int[] createsSentTo;
    private readonly TaskCompletionSource<TimeSpan> milestone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int milestoneCount = -1;
    private int[] moved = [];
    private int next = -1;
    private int placed;
    private int retries;
    private int madeByEarlierAttempt;
    private int moves;

    /// <param name="endpoints">Docker APIs (BaseAddress set), each client starting on its own in turn.</param>
    /// <param name="body">The create body of container N.</param>
    /// <param name="spreadByRequest">True: container N goes to endpoint N modulo their count (round-robin); false: client K's to endpoint K modulo their count.</param>
    /// <param name="retry">Ask again by the same name until placed (see the class summary).</param>
    public ScaleLoad(IReadOnlyList<HttpClient> endpoints, int containers, Func<int, JsonObject> body, bool spreadByRequest = false, bool retry = false)
    {
        this.endpoints = endpoints;
        this.containers = containers;
        this.body = body;
        this.spreadByRequest = spreadByRequest;
        this.retry = retry;
        createsSentTo = new int[endpoints.Count];
    }

    /// <summary>One placement acknowledged (its start answered 204 or 304); times since the load began; requests sent for it (create and start: 2 at least).</summary>
    public sealed record Placement(string Name, TimeSpan Sent, TimeSpan Acknowledged, int Requests);

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Each placement's time from the first create sent to the start answered, failed ones too.</summary>
    public ConcurrentBag<double> Latencies { get; } = [];

    public ConcurrentBag<Placement> Placements { get; } = [];

    /// <summary>When each placement's start was answered, since the load began.</summary>
    public IEnumerable<TimeSpan> Completions => Placements.Select(p => p.Acknowledged);

    public ConcurrentBag<string> Failures { get; } = [];

    /// <summary>Placements that took 5 s or more, with each request sent for them and its answer (retry only).</summary>
    public ConcurrentDictionary<string, string> SlowPlacements { get; } = new();

    // Placements under way (retry only): their requests so far and the one awaiting an answer, for a stall's report.
    private readonly ConcurrentDictionary<string, Func<string>> underWay = new();

    /// <summary>Each placement under way with its requests so far (retry only): what a stall leaves unanswered.</summary>
    public IReadOnlyList<string> UnderWay() => [.. underWay.Select(p => $"{p.Key}: {p.Value()}")];

    /// <summary>Creates sent through each endpoint (a request sent again counts again).</summary>
    public IReadOnlyList<int> CreatesSentTo => createsSentTo;

    /// <summary>Requests sent again (retry only).</summary>
    public int Retries => retries;

    /// <summary>Creates sent again and answered 409: an earlier attempt had made the container (retry only).</summary>
    public int MadeByEarlierAttempt => madeByEarlierAttempt;

    /// <summary>Clients that moved to their next endpoint after a failed connection (retry only).</summary>
    public int Moves => moves;

    /// <summary>Completes with the load's elapsed time when the <paramref name="count"/>th placement is acknowledged. Ask before <see cref="Run"/>, once.</summary>
    public Task<TimeSpan> Placed(int count)
    {
        milestoneCount = count;
        return milestone.Task;
    }

    /// <summary>Starts <paramref name="clients"/> clients; completes when all containers were tried.</summary>
    public Task Run(int clients)
    {
        moved = new int[clients];
        return Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => Client(client))));
    }

    /// <summary>Stops the clients: requests in flight are abandoned.</summary>
    public Task Abort() => abort.CancelAsync();

    private async Task Client(int client)
    {
        for (int i = Interlocked.Increment(ref next); i < containers && !abort.IsCancellationRequested; i = Interlocked.Increment(ref next))
        {
            string name = $"scale-{i}";
            var sent = clock.Elapsed;
            try
            {
                int requests = await (retry ? PlaceRetrying(client, i, name) : PlaceOnce(client, i, name));
                if (requests > 0)
                {
                    Placements.Add(new Placement(name, sent, clock.Elapsed, requests));
                    if (Interlocked.Increment(ref placed) == milestoneCount) milestone.TrySetResult(clock.Elapsed);
                }
                Latencies.Add((clock.Elapsed - sent).TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Failures.Add($"{name}: {e.Message}");
            }
        }
    }

    private (int Index, HttpClient Http) Endpoint(int client, int i)
    {
        int index = ((spreadByRequest ? i : client) + moved[client]) % endpoints.Count;
        return (index, endpoints[index]);
    }

    /// <returns>The requests sent (2) if placed, else 0.</returns>
    private async Task<int> PlaceOnce(int client, int i, string name)
    {
        var (index, http) = Endpoint(client, i);
        Interlocked.Increment(ref createsSentTo[index]);
        using var created = await http.PostAsync($"/containers/create?name={name}", Content(i), abort.Token);
        string answer = await created.Content.ReadAsStringAsync();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            Failures.Add($"{name} create: {(int)created.StatusCode} {answer.Trim()}");
            return 0;
        }
        string id = JsonDocument.Parse(answer).RootElement.GetProperty("Id").GetString()!;
        using var started = await http.PostAsync($"/containers/{id}/start", null, abort.Token);
        if (started.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified) return 2;
        Failures.Add($"{name} start: {(int)started.StatusCode} {(await started.Content.ReadAsStringAsync()).Trim()}");
        return 0;
    }

    /// <returns>The requests sent if placed, else 0.</returns>
    private async Task<int> PlaceRetrying(int client, int i, string name)
    {
        var began = clock.Elapsed;
        var giveUpAt = began + RetryPatience;
        // The ID from the create's answer, or the name when a create sent again found the container made.
        string? container = null;
        int createsSent = 0;
        // Each request and its answer, for a placement that turns out slow.
        var trace = new List<string>();
        string awaiting = "";
        underWay[name] = () => string.Join("; ", trace.Append(awaiting));
        int Done(bool placed)
        {
            underWay.TryRemove(name, out _);
            if (!placed) Failures.Add($"{name}: {string.Join("; ", trace)}");
            else if (clock.Elapsed - began >= SlowTrace) SlowPlacements[name] = string.Join("; ", trace);
            return placed ? trace.Count : 0;
        }
        for (int attempt = 0; !abort.IsCancellationRequested; attempt++)
        {
            if (attempt > 0)
            {
                if (clock.Elapsed > giveUpAt)
                {
                    trace.Add($"not placed in {RetryPatience.TotalMinutes:F0} min of asking again");
                    return Done(placed: false);
                }
                Interlocked.Increment(ref retries);
            }
            var (index, http) = Endpoint(client, i);
            var sent = clock.Elapsed;
            string At() => $"{sent.TotalSeconds:F1}-{clock.Elapsed.TotalSeconds:F1} s via endpoint {index + 1}";
            try
            {
                if (container is null)
                {
                    createsSent++;
                    Interlocked.Increment(ref createsSentTo[index]);
                    awaiting = $"create from {sent.TotalSeconds:F1} s via endpoint {index + 1}: no answer yet";
                    using var created = await http.PostAsync($"/containers/create?name={name}", Content(i), abort.Token);
                    string answer = (await created.Content.ReadAsStringAsync()).Trim();
                    trace.Add($"create {At()}: {(int)created.StatusCode}{(created.StatusCode == HttpStatusCode.Created ? "" : " " + answer)}");
                    if (created.StatusCode == HttpStatusCode.Created)
                    {
                        container = JsonDocument.Parse(answer).RootElement.GetProperty("Id").GetString()!;
                    }
                    else if (created.StatusCode == HttpStatusCode.Conflict && createsSent > 1)
                    {
                        container = name;
                        Interlocked.Increment(ref madeByEarlierAttempt);
                    }
                    else if ((int)created.StatusCode >= 500)
                    {
                        await Task.Delay(RetryPause);
                        continue;
                    }
                    else
                    {
                        return Done(placed: false);
                    }
                }
                sent = clock.Elapsed;
                awaiting = $"start of {container} from {sent.TotalSeconds:F1} s via endpoint {index + 1}: no answer yet";
                using var started = await http.PostAsync($"/containers/{container}/start", null, abort.Token);
                string startAnswer = (await started.Content.ReadAsStringAsync()).Trim();
                trace.Add($"start {At()}: {(int)started.StatusCode} {startAnswer}".TrimEnd());
                if (started.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified) return Done(placed: true);
                // 404: a container made by an earlier attempt may not be known to this manager yet.
                if ((int)started.StatusCode < 500 && started.StatusCode != HttpStatusCode.NotFound) return Done(placed: false);
                await Task.Delay(RetryPause);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !abort.IsCancellationRequested))
            {
                // No answer from this manager (killed, or timed out): the client goes on through its next one.
                trace.Add($"{(container is null ? "create" : "start")} {At()}: {e.Message}");
                moved[client]++;
                Interlocked.Increment(ref moves);
                await Task.Delay(MovePause);
            }
        }
        return 0;
    }

    private StringContent Content(int i) => new(body(i).ToJsonString(), Encoding.UTF8, "application/json");
}
