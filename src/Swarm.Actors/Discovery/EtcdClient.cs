using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Actors.Discovery;

/// <summary>
/// The few calls discovery needs from etcd, over the JSON gateway of its v3 API (<c>POST /v3/…</c>, keys and values in
/// base64, 64-bit numbers as strings). Every etcd from 3.4 on serves it without extra flags, unlike the v2 keys API
/// classic's libkv spoke (off unless <c>--enable-v2</c> since 3.4, removed in 3.6). A call goes to the endpoint that
/// answered last, then to the others in order; when none answers, the error names each endpoint's failure. Every
/// failure is an <see cref="IOException"/>; a cancelled caller gets its <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class EtcdClient
{
    /// <summary>Long enough for a loaded etcd, short enough that an endpoint that swallows packets does not hold a heartbeat up for long.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    // One connection pool for the process: discovery makes a few calls a heartbeat, and sockets are not to leak per client.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly IReadOnlyList<Uri> endpoints;
    private readonly TimeSpan requestTimeout;
    private int preferred;

    public EtcdClient(IReadOnlyList<Uri> endpoints, TimeSpan requestTimeout)
    {
        if (endpoints.Count == 0) throw new ArgumentException("etcd needs at least one endpoint", nameof(endpoints));
        this.endpoints = endpoints;
        this.requestTimeout = requestTimeout;
    }

    public IReadOnlyList<Uri> Endpoints => endpoints;

    /// <summary>Every key starting with <paramref name="prefix"/> and its value, in key order.</summary>
    public async Task<IReadOnlyList<(string Key, string Value)>> RangeAsync(string prefix, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("kv/range", new JsonObject
        {
            ["key"] = Base64(prefix),
            ["range_end"] = Convert.ToBase64String(PrefixEnd(Encoding.UTF8.GetBytes(prefix))),
        }, cancellationToken);
        if (answer["kvs"] is not JsonArray pairs) return [];
        return [.. pairs.Select(pair => (Text(pair?["key"]), Text(pair?["value"])))];
    }

    /// <summary>A new lease of <paramref name="ttl"/>, rounded up to whole seconds as etcd counts them; its ID.</summary>
    public async Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("lease/grant", new JsonObject { ["TTL"] = (long)Math.Ceiling(ttl.TotalSeconds) }, cancellationToken);
        return Number(answer["ID"], "lease/grant");
    }

    /// <summary>Puts the key, attached to <paramref name="lease"/> (it goes when the lease expires); true when the key existed before.</summary>
    public async Task<bool> PutAsync(string key, string value, long lease, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("kv/put", new JsonObject
        {
            ["key"] = Base64(key),
            ["value"] = Base64(value),
            ["lease"] = lease.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["prev_kv"] = true,
        }, cancellationToken);
        return answer["prev_kv"] is not null;
    }

    /// <summary>Ends a lease at once; the keys still attached to it go with it.</summary>
    public Task RevokeLeaseAsync(long lease, CancellationToken cancellationToken) =>
        CallAsync("lease/revoke", new JsonObject { ["ID"] = lease.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);

    /// <summary>etcd's <c>GetPrefixRangeEnd</c>: the first key after every key that starts with the prefix.</summary>
    public static byte[] PrefixEnd(byte[] prefix)
    {
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] == 0xff) continue;
            byte[] end = prefix[..(i + 1)];
            end[i]++;
            return end;
        }
        // Every byte 0xff: no key follows them all, and etcd reads "\0" as "to the end of the key space".
        return [0];
    }

    private async Task<JsonObject> CallAsync(string method, JsonObject request, CancellationToken cancellationToken)
    {
        string body = request.ToJsonString();
        var failures = new List<string>();
        int first = Volatile.Read(ref preferred);
        for (int attempt = 0; attempt < endpoints.Count; attempt++)
        {
            int index = (first + attempt) % endpoints.Count;
            var endpoint = endpoints[index];
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(requestTimeout);
            string failure;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await Http.PostAsync(new Uri(endpoint, "v3/" + method), content, deadline.Token);
                string text = await response.Content.ReadAsStringAsync(deadline.Token);
                var answer = TryParse(text);
                if (response.IsSuccessStatusCode && answer is not null)
                {
                    Volatile.Write(ref preferred, index);
                    return answer;
                }
                string? message = StringOf(answer?["message"]) ?? StringOf(answer?["error"]);
                // etcd answered and refused the request (a lease not found, a bad key): another member would answer the same.
                if (message is not null && (int)response.StatusCode < 500) throw new IOException($"etcd {method} at {endpoint}: {message}");
                failure = message ?? (response.StatusCode == HttpStatusCode.NotFound
                    ? $"HTTP 404 on /v3/{method}: not etcd's v3 API (etcd 3.4 or later is needed)"
                    : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                failure = $"no answer within {requestTimeout.TotalSeconds:0.###}s";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            failures.Add($"error #{failures.Count}: {endpoint.Authority}: {failure}");
        }
        // The wording of the etcd client classic swarm logged ("client: etcd cluster is unavailable or misconfigured; error #0: …").
        throw new IOException("etcd cluster is unavailable or misconfigured; " + string.Join("; ", failures));
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Text(JsonNode? base64)
    {
        try
        {
            return base64 is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetValue<string>()));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new IOException($"etcd answered a key or value that is not base64: {base64}", e);
        }
    }

    private static long Number(JsonNode? node, string method)
    {
        // The gateway writes int64 as a JSON string; a number is taken too.
        string? text = StringOf(node) ?? node?.ToJsonString();
        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out long number)
            ? number
            : throw new IOException($"etcd {method} answered no number where one was expected: {node?.ToJsonString() ?? "nothing"}");
    }
}
