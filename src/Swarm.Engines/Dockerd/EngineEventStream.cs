using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// One engine's <c>GET /events</c>, read by us instead of Docker.DotNet 3.125, whose reader deserialises every
/// message on a long-running task of its own (a new OS thread per event: a quarter of the manager's CPU at 200
/// engines). Here the newline-delimited JSON is read asynchronously on the caller's task and each line becomes
/// Docker.DotNet's <see cref="Message"/>, as the rest of the cluster consumes it. Over the engine client's own HTTP
/// (<see cref="EngineHttpHandler"/>: TCP, TLS with the client certificate, or the engine's unix socket), which it does not own.
/// </summary>
internal sealed class EngineEventStream(HttpClient http)
{

    /// <summary>
    /// Reports each event until cancelled (then throws <see cref="OperationCanceledException"/>), the engine ends the
    /// stream (returns) or the connection breaks (throws, as an <see cref="IOException"/> or <see cref="HttpRequestException"/>).
    /// An error answer throws <see cref="DockerApiException"/>, as Docker.DotNet does.
    /// </summary>
    /// <param name="apiVersion">The negotiated API version for the path (<c>/v1.41/events</c>); before negotiation none, as Docker.DotNet.</param>
    /// <param name="since">Docker's <c>seconds.nanoseconds</c>; the engine replays what it remembers from then on first.</param>
    public async Task ReadAsync(string? apiVersion, string? since, IProgress<Message> progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RequestTarget(apiVersion, since));
        // Headers only: the body is the stream itself and never ends by itself.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DockerApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        // An event is a few hundred bytes: the default 4 KB blocks, two held by each waiting stream, were 8 MB at 1,000 engines.
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 1024, minimumReadSize: 256));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (TakeLine(ref buffer, out var line)) Report(line, progress);
                if (read.IsCompleted)
                {
                    // The engine ended the stream; a last line without its newline still counts.
                    Report(buffer, progress);
                    return;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static string RequestTarget(string? apiVersion, string? since)
    {
        string path = apiVersion is null ? "events" : $"v{apiVersion}/events";
        return since is null ? path : $"{path}?since={Uri.EscapeDataString(since)}";
    }

    private static bool TakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not SequencePosition end)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    // A line that is not an event (malformed JSON, a field of another type) is passed over: ending the stream for it
    // would only reopen it from the last event's time and read the same line again, for ever. What the skipped event
    // changed still arrives with the engine's next full refresh.
    private static void Report(ReadOnlySequence<byte> line, IProgress<Message> progress)
    {
        if (IsBlank(line)) return;
        Message? message;
        try
        {
            var json = new Utf8JsonReader(line);
            message = JsonSerializer.Deserialize(ref json, EventMessageJson.Default.Message);
        }
        catch (JsonException)
        {
            return;
        }
        if (message is not null) progress.Report(message);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0) return false;
        }
        return true;
    }
}
