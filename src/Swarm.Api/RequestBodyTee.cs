using System.IO.Pipelines;

namespace Swarm.Api;

/// <summary>
/// One request body copied as it arrives to several engine requests, as classic's <c>io.MultiWriter</c> over pipes:
/// each engine reads its own copy through a bounded pipe, so memory stays bounded (the copy goes at the pace of the
/// slowest engine still reading); an engine that stops reading (it failed) is dropped and the others go on.
/// </summary>
public sealed class RequestBodyTee
{
    private const int ChunkSize = 64 * 1024;
    private static readonly PipeOptions Options = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    private readonly Pipe[] pipes;

    public RequestBodyTee(int copies)
    {
        pipes = [.. Enumerable.Range(0, copies).Select(_ => new Pipe(Options))];
    }

    /// <summary>The body one engine request sends; disposing it (the request's content is disposed) stops that copy.</summary>
    public Stream Copy(int index) => pipes[index].Reader.AsStream();

    /// <summary>
    /// Copies <paramref name="source"/> to every copy still read, then ends them; if reading the source fails (the
    /// client went away), every copy fails with it, so no engine takes a cut body for a whole one.
    /// </summary>
    public async Task CopyFrom(Stream source, CancellationToken cancellationToken)
    {
        var live = pipes.Select(p => p.Writer).ToList();
        byte[] buffer = new byte[ChunkSize];
        try
        {
            int read;
            while (live.Count > 0 && (read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var chunk = buffer.AsMemory(0, read);
                var results = await Task.WhenAll(live.Select(writer => writer.WriteAsync(chunk, cancellationToken).AsTask()));
                for (int i = live.Count - 1; i >= 0; i--)
                {
                    if (!results[i].IsCompleted) continue;
                    await live[i].CompleteAsync();
                    live.RemoveAt(i);
                }
            }
        }
        catch (Exception e)
        {
            foreach (var writer in live) await writer.CompleteAsync(e);
            throw;
        }
        foreach (var writer in live) await writer.CompleteAsync();
    }
}
