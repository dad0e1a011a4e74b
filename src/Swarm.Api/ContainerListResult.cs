using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// The answer to <c>GET /containers/json</c>, written straight from each entry's cached JSON
/// (<see cref="ContainerListEntry"/>) with only the status text made afresh: no per-entry objects, one pass.
/// </summary>
/// <param name="listed">Read once, as it is written.</param>
/// <param name="atMost">How many <paramref name="listed"/> may hold (the visible containers): the pooled arrays' size.</param>
public sealed class ContainerListResult(IEnumerable<(EngineSnapshot Engine, EngineContainer Container, bool Healthy)> listed, int atMost) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        // The pieces are gathered first (into pooled arrays: a list of 30,000 would otherwise put large arrays on the
        // heap every docker ps) so the length is known and what is written is what was counted.
        var parts = ArrayPool<ContainerListEntry.Parts>.Shared.Rent(Math.Max(1, atMost));
        var statuses = ArrayPool<byte[]>.Shared.Rent(Math.Max(1, atMost));
        try
        {
            var now = DateTime.UtcNow;
            int count = 0;
            long length = 2;
            foreach (var (engine, container, healthy) in listed)
            {
                if (count == parts.Length) (parts, statuses) = (Grown(parts), Grown(statuses));
                parts[count] = ContainerListEntry.Of(engine, container, healthy);
                statuses[count] = healthy ? RunningStatus(container, now) : HostDown;
                length += parts[count].Head.Length + statuses[count].Length + parts[count].Tail.Length + (count > 0 ? 1 : 0);
                count++;
            }
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = length;
            var writer = response.BodyWriter;
            writer.Write("["u8);
            for (int i = 0; i < count; i++)
            {
                if (i > 0) writer.Write(","u8);
                writer.Write(parts[i].Head);
                writer.Write(statuses[i]);
                writer.Write(parts[i].Tail);
                // Flushed now and then, so a long answer streams instead of growing one buffer.
                if (i % 1000 == 999) await writer.FlushAsync(context.RequestAborted);
            }
            writer.Write("]"u8);
            await writer.FlushAsync(context.RequestAborted);
        }
        finally
        {
            ArrayPool<ContainerListEntry.Parts>.Shared.Return(parts, clearArray: true);
            ArrayPool<byte[]>.Shared.Return(statuses, clearArray: true);
        }
    }

    private static T[] Grown<T>(T[] full)
    {
        var bigger = ArrayPool<T>.Shared.Rent(full.Length * 2);
        full.CopyTo(bigger, 0);
        ArrayPool<T>.Shared.Return(full, clearArray: true);
        return bigger;
    }

    private static readonly byte[] HostDown = Quote("Host Down");

    // Each container's status text, quoted, until its duration reads otherwise ("Up 5 minutes" for a minute): a
    // listing of 30,000 makes only the texts that changed.
    private static readonly ConditionalWeakTable<EngineContainer, StatusUntil> Statuses = new();

    private sealed record StatusUntil(byte[] Quoted, DateTime Until);

    private static byte[] RunningStatus(EngineContainer container, DateTime now)
    {
        if (Statuses.TryGetValue(container, out var held) && now < held.Until) return held.Quoted;
        var (text, until) = StatusText.WithExpiry(container, now);
        var made = new StatusUntil(JsonString(text), until);
        Statuses.AddOrUpdate(container, made);
        return made.Quoted;
    }

    // A listing has a few hundred different status texts among 30,000 entries: each quoted once, not once an entry.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Quoted = new(StringComparer.Ordinal);
    private const int QuotedKept = 4096;

    private static byte[] JsonString(string text)
    {
        if (Quoted.TryGetValue(text, out byte[]? quoted)) return quoted;
        if (Quoted.Count >= QuotedKept) Quoted.Clear();
        return Quoted[text] = Quote(text);
    }

    // Status texts are plain ASCII ("Up 5 minutes", "Exited (0) 2 hours ago"): quoted as they are, without the
    // serializer's cost per entry; anything else goes through the serializer's escaping.
    private static byte[] Quote(string text)
    {
        foreach (char c in text)
        {
            if (c < 0x20 || c > 0x7e || c is '"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') return JsonSerializer.SerializeToUtf8Bytes(text);
        }
        byte[] quoted = new byte[text.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        System.Text.Encoding.ASCII.GetBytes(text, quoted.AsSpan(1));
        return quoted;
    }
}
