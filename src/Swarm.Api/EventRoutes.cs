using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>GET /events</c>: every healthy engine's own event stream, merged, plus classic's synthetic cluster events
/// (<c>engine_connect</c>, <c>engine_disconnect</c>, <c>engine_reconnect</c>, type <c>swarm</c>). <c>since</c>,
/// <c>until</c> and <c>filters</c> go to the engines, which honour them as Docker does (classic ignored since and
/// filters); the manager applies <c>until</c> and <c>filters</c> to its own events (which have no history, so
/// <c>since</c> brings none of them back). The engines are looked at every <see cref="PollInterval"/> while the
/// stream is open (their actors run sharded on any manager; <see cref="EngineHealthWatch"/> turns two views into
/// events); an engine that connects or comes back is followed from where its stream stopped. Without <c>until</c> the
/// stream lasts until the client leaves; with it, it ends then, once the engines' own streams have ended (at most
/// <see cref="UntilGrace"/> later: a simulated engine ignores until).
/// </summary>
public static partial class EventRoutes
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan UntilGrace = TimeSpan.FromSeconds(5);

    public static void MapEventRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapGet("/events", async (HttpContext context) =>
        {
            var opened = DateTimeOffset.UtcNow;
            var query = context.Request.Query;
            var filter = ClusterEventFilter.TryParse(query["filters"].ToString(), out string? error);
            if (filter is null)
            {
                await ApiConventions.Error(400, error!).ExecuteAsync(context);
                return;
            }
            DateTimeOffset? since = null, until = null;
            foreach (var (name, value) in new[] { ("since", query["since"].ToString()), ("until", query["until"].ToString()) })
            {
                if (value.Length == 0) continue;
                if (!DockerTimestamp.TryParse(value, opened, out var parsed))
                {
                    await ApiConventions.Error(400, $"failed to parse value as time or duration: \"{value}\"").ExecuteAsync(context);
                    return;
                }
                if (name == "since") since = parsed;
                else until = parsed;
            }

            var engines = await owners.Engines();
            var passedOn = query.Where(q => q.Key is not ("filters" or "since")).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
            string engineFilters = EventRewriting.EngineFilters(query["filters"].ToString(), ContainerListing.LookupEntries(engines));
            if (engineFilters.Length > 0) passedOn.Add(new("filters", engineFilters));

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            var stream = new EventStream(proxy, owners, context, filter, passedOn, query["since"].ToString(), since ?? opened, until, engines);
            try
            {
                await stream.Run();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
            {
                // The client left (docker events without --until ends with Ctrl-C).
            }
        });
    }

    /// <summary>One open <c>GET /events</c>: the engines followed, the synthetic events, every line written whole.</summary>
    private sealed partial class EventStream(
        EngineProxy proxy,
        ContainerOwners owners,
        HttpContext context,
        ClusterEventFilter filter,
        IReadOnlyList<KeyValuePair<string, string>> passedOn,
        string clientSince,
        DateTimeOffset resumeFrom,
        DateTimeOffset? until,
        IReadOnlyList<EngineSnapshot> initial)
    {
        // An engine whose stream ended though it stayed healthy is followed again after this long.
        private static readonly TimeSpan Refollow = TimeSpan.FromSeconds(5);

        private readonly SemaphoreSlim writing = new(1, 1);
        private readonly Dictionary<string, Follow> follows = new(StringComparer.Ordinal);
        private readonly EngineHealthWatch watch = new(initial);
        private readonly CancellationToken aborted = context.RequestAborted;

        public async Task Run()
        {
            using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            foreach (var engine in initial.Where(e => e.Health.Status == EngineStatus.Healthy)) StartFollow(engine, clientSince, stopFollowing.Token);
            try
            {
                await Watch(stopFollowing.Token);
                // until has passed: the engines end their streams themselves; a simulated one does not.
                var pending = Task.WhenAll(follows.Values.Select(f => f.Task));
                await Task.WhenAny(pending, Task.Delay(UntilGrace, aborted));
                aborted.ThrowIfCancellationRequested();
            }
            finally
            {
                await stopFollowing.CancelAsync();
                await Task.WhenAll(follows.Values.Select(f => f.Task));
                foreach (var follow in follows.Values) follow.Stop.Dispose();
            }
        }

        // Every PollInterval until `until`: the engines' health compared with the last view, turned into events.
        private async Task Watch(CancellationToken following)
        {
            while (true)
            {
                var now = DateTimeOffset.UtcNow;
                if (until is { } end && now >= end) return;
                var wait = until is { } last && last - now < PollInterval ? last - now : PollInterval;
                await Task.Delay(wait, aborted);
                IReadOnlyList<EngineSnapshot> view;
                try
                {
                    view = await owners.Engines();
                }
                catch (Akka.Actor.AskTimeoutException)
                {
                    continue;
                }
                var at = DateTimeOffset.UtcNow;
                var changes = watch.Next(view);
                foreach (var change in changes)
                {
                    if (change.Action == ClusterEventNames.EngineDisconnect) StopFollow(change.Engine.Address);
                    if (until is { } end2 && at > end2) continue;
                    string line = EventRewriting.ClusterEvent(change.Action, change.Engine, at);
                    if (filter.Includes((JsonObject)JsonNode.Parse(line)!)) await Write(line);
                }
                foreach (var engine in view.Where(e => e.Health.Status == EngineStatus.Healthy))
                {
                    bool cameBack = changes.Any(c => c.Engine.Address == engine.Address && c.Action != ClusterEventNames.EngineDisconnect);
                    if (!follows.TryGetValue(engine.Address, out var follow)) StartFollow(engine, Since(null), following);
                    else if (follow.Task.IsCompleted && (cameBack || at - follow.Started >= Refollow)) StartFollow(engine, Since(follow), following);
                }
            }
        }

        // Where a new follow of an engine starts: after its last event seen, else where the stream started.
        private string Since(Follow? previous) =>
            previous is { LastEvent: > 0 } ? DockerTimestamp.Format(previous.LastEvent + 1) : DockerTimestamp.Format(DockerTimestamp.UnixNanoseconds(resumeFrom));

        private void StartFollow(EngineSnapshot engine, string since, CancellationToken following)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(following);
            var query = new QueryBuilder(passedOn);
            if (since.Length > 0) query.Add("since", since);
            var follow = new Follow(stop, DateTimeOffset.UtcNow);
            if (follows.TryGetValue(engine.Address, out var ended)) ended.Stop.Dispose();
            follows[engine.Address] = follow;
            follow.Task = FollowEngine(engine, "/events" + query.ToQueryString(), follow);
        }

        // The engine went away: its stream may hang rather than end (a stopped process), so it is let go now.
        private void StopFollow(string address)
        {
            if (follows.TryGetValue(address, out var follow) && !follow.Task.IsCompleted) follow.Stop.Cancel();
        }

        // One engine's stream, line by line, rewritten and written whole so that lines of two engines never mix.
        private async Task FollowEngine(EngineSnapshot engine, string target, Follow follow)
        {
            await Task.Yield();
            var token = follow.Stop.Token;
            try
            {
                using var response = await proxy.SendAsync(engine, HttpMethod.Get, target, null, token);
                if (!response.IsSuccessStatusCode) return;
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    if (line.Length == 0) continue;
                    if (TimeNano().Match(line) is { Success: true } time && long.TryParse(time.Groups[1].Value, out long nanoseconds)) follow.LastEvent = nanoseconds;
                    await Write(EventRewriting.Rewrite(line, engine));
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                // Cut (the engine died or refuses), let go, or the client left: the others go on.
            }
        }

        private async Task Write(string line)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            await writing.WaitAsync(aborted);
            try
            {
                await context.Response.Body.WriteAsync(bytes, aborted);
                await context.Response.Body.FlushAsync(aborted);
            }
            finally
            {
                writing.Release();
            }
        }

        [GeneratedRegex("\"timeNano\":(\\d+)")]
        private static partial Regex TimeNano();

        private sealed class Follow(CancellationTokenSource stop, DateTimeOffset started)
        {
            public CancellationTokenSource Stop { get; } = stop;
            public DateTimeOffset Started { get; } = started;
            public Task Task { get; set; } = Task.CompletedTask;

            // Unix nanoseconds of the last event read (0: none yet); written by the follow, read by the watch.
            private long lastEvent;

            public long LastEvent
            {
                get => Interlocked.Read(ref lastEvent);
                set => Interlocked.Exchange(ref lastEvent, value);
            }
        }
    }
}
