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
            byte[] status = JsonSerializer.SerializeToUtf8Bytes(ContainerListEntry.Status(container, healthy));
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
}
