using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// The answer to <c>GET /containers/json</c>, written straight from each entry's cached JSON
/// (<see cref="ContainerListEntry"/>) with only the status text made afresh: no per-entry objects, one pass.
/// </summary>
public sealed class ContainerListResult(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container, bool Healthy)> listed) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var pieces = new List<ReadOnlyMemory<byte>>(listed.Count * 3);
        long length = 2 + Math.Max(0, listed.Count - 1);
        foreach (var (engine, container, healthy) in listed)
        {
            var parts = ContainerListEntry.Of(engine, container, healthy);
            byte[] status = JsonString(ContainerListEntry.Status(container, healthy));
            pieces.Add(parts.Head);
            pieces.Add(status);
            pieces.Add(parts.Tail);
            length += parts.Head.Length + status.Length + parts.Tail.Length;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        writer.Write("["u8);
        for (int i = 0; i < pieces.Count; i++)
        {
            if (i > 0 && i % 3 == 0) writer.Write(","u8);
            writer.Write(pieces[i].Span);
            // Flushed now and then, so a long answer streams instead of growing one buffer.
            if (i % 3000 == 2999) await writer.FlushAsync(context.RequestAborted);
        }
        writer.Write("]"u8);
        await writer.FlushAsync(context.RequestAborted);
    }

    // Status texts are plain ASCII ("Up 5 minutes", "Exited (0) 2 hours ago"): quoted as they are, without the
    // serializer's cost per entry; anything else goes through the serializer's escaping.
    private static byte[] JsonString(string text)
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
