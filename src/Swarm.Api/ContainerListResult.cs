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
/// <param name="listed">Read once, as it is written; each with its position in <paramref name="newestFirst"/>.</param>
/// <param name="newestFirst">What <paramref name="listed"/> was chosen from: its size bounds the pooled arrays, and its
/// entries and status texts are remembered by position for the next listing of the same containers.</param>
public sealed class ContainerListResult(
    IEnumerable<(EngineSnapshot Engine, EngineContainer Container, bool Healthy, int Position)> listed,
    IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        // The pieces are gathered first (into pooled arrays: a list of 30,000 would otherwise put large arrays on the
        // heap every docker ps) so the length is known and what is written is what was counted.
        int atMost = newestFirst.Count;
        var parts = ArrayPool<ContainerListEntry.Parts>.Shared.Rent(Math.Max(1, atMost));
        // Neighbours in a newest-first list mostly read alike ("Up 5 seconds"): the last text is tried first.
        var lastKey = default(StatusText.Key?);
        byte[] lastStatus = [];
        var statuses = ArrayPool<byte[]>.Shared.Rent(Math.Max(1, atMost));
        var memo = ListingMemo.For(newestFirst);
        try
        {
            var now = DateTime.UtcNow;
            int count = 0;
            long length = 2;
            foreach (var (engine, container, healthy, position) in listed)
            {
                var entry = memo.Entry(position, engine, container, healthy);
                parts[count] = entry.Parts;
                if (!healthy)
                {
                    statuses[count] = HostDown;
                }
                else
                {
                    var key = StatusText.KeyOf(container, entry.StatusSince, now);
                    if (key != lastKey)
                    {
                        lastStatus = StatusBytes(key);
                        lastKey = key;
                    }
                    statuses[count] = lastStatus;
                }
                length += parts[count].Head.Length + statuses[count].Length + parts[count].Tail.Length + (count > 0 ? 1 : 0);
                count++;
            }
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = length;
            var writer = response.BodyWriter;
            // Entries are copied into the response pipe's blocks, each advanced once when full: three writes an entry
            // (each taking the pipe's lock) were a fifth of the time of listing 30,000.
            var chunk = writer.GetMemory();
            int used = 0;
            Append(ref chunk, ref used, writer, "["u8);
            for (int i = 0; i < count; i++)
            {
                if (i > 0) Append(ref chunk, ref used, writer, ","u8);
                Append(ref chunk, ref used, writer, parts[i].Head);
                Append(ref chunk, ref used, writer, statuses[i]);
                Append(ref chunk, ref used, writer, parts[i].Tail);
                // Flushed now and then, so a long answer streams instead of growing one buffer.
                if (i % 1000 == 999)
                {
                    writer.Advance(used);
                    await writer.FlushAsync(context.RequestAborted);
                    chunk = writer.GetMemory();
                    used = 0;
                }
            }
            Append(ref chunk, ref used, writer, "]"u8);
            writer.Advance(used);
            await writer.FlushAsync(context.RequestAborted);
        }
        finally
        {
            ArrayPool<ContainerListEntry.Parts>.Shared.Return(parts, clearArray: true);
            ArrayPool<byte[]>.Shared.Return(statuses, clearArray: true);
        }
    }

    private static void Append(ref Memory<byte> chunk, ref int used, System.IO.Pipelines.PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        if (chunk.Length - used < bytes.Length)
        {
            writer.Advance(used);
            chunk = writer.GetMemory(bytes.Length);
            used = 0;
        }
        bytes.CopyTo(chunk.Span[used..]);
        used += bytes.Length;
    }

    private static readonly byte[] HostDown = Quote("Host Down");

    /// <summary>
    /// Entries by position in one newest-first list, carried over from the previous list (most listings: no container
    /// changed meanwhile, or a few), so a listing of 30,000 finds its entries in an array instead of in the table kept
    /// per container. Nothing is made per entry: the memo holds the entries kept with the records.
    /// </summary>
    private sealed class ListingMemo(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst)
    {
        private static readonly ConditionalWeakTable<object, ListingMemo> ByList = new();
        // Read and replaced by listings at once: at worst one makes a memo of its own.
        private static volatile ListingMemo? latest;

        private readonly IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> list = newestFirst;
        // Records, not tuples: listings running at once share these slots, and a reference is written whole.
        private readonly ContainerListEntry.Made?[] entries = new ContainerListEntry.Made?[newestFirst.Count];

        public static ListingMemo For(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst)
        {
            if (ByList.TryGetValue(newestFirst, out var memo)) return memo;
            memo = latest?.Following(newestFirst) ?? new ListingMemo(newestFirst);
            ByList.AddOrUpdate(newestFirst, memo);
            latest = memo;
            return memo;
        }

        public ContainerListEntry.Made Entry(int position, EngineSnapshot engine, EngineContainer container, bool healthy)
        {
            // The entry also depends on its node's name and address.
            if (entries[position] is { } held && held.IsFor(engine, container, healthy)) return held;
            var made = ContainerListEntry.Of(engine, container, healthy);
            entries[position] = made;
            return made;
        }

        /// <summary>
        /// This memo's entries over the next list, walking both in order: a container created moves every later one
        /// by a place, one removed or changed leaves a gap. Where the walk loses step, entries are looked up per
        /// container again (<see cref="Entry"/> checks each entry is its container's, so a wrong guess costs only that).
        /// </summary>
        private ListingMemo Following(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> next)
        {
            var memo = new ListingMemo(next);
            int j = 0;
            for (int i = 0; i < next.Count; i++)
            {
                var container = next[i].Container;
                if (j < list.Count && ReferenceEquals(list[j].Container, container))
                {
                    memo.entries[i] = entries[j++];
                }
                else if (j + 1 < list.Count && ReferenceEquals(list[j + 1].Container, container))
                {
                    // The one at j is gone.
                    memo.entries[i] = entries[j + 1];
                    j += 2;
                }
                else if (!(i + 1 < next.Count && j < list.Count && ReferenceEquals(next[i + 1].Container, list[j].Container)))
                {
                    // Not a container put before the one at j: that one changed, and this is its new record.
                    j++;
                }
            }
            return memo;
        }
    }

    // The status text, quoted, of every container whose text reads the same (state, exit code, health, and its
    // duration as worded): a listing makes nothing per entry, though "Up 5 seconds" changes every second.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<StatusText.Key, byte[]> QuotedByKey = new();

    private static byte[] StatusBytes(StatusText.Key key)
    {
        if (QuotedByKey.TryGetValue(key, out byte[]? quoted)) return quoted;
        if (QuotedByKey.Count >= QuotedKept) QuotedByKey.Clear();
        return QuotedByKey[key] = JsonString(StatusText.Of(key));
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
