using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Swarm.Api;

/// <summary>
/// Kestrel connection middleware for the docker CLI's hijacked requests (attach, exec start), which Kestrel alone
/// cannot serve:
/// <list type="bullet">
/// <item>the CLI sends exec start with <c>Connection: Upgrade</c> and a JSON body, and Kestrel treats an upgrade
/// request with a body as a plain request; the body is moved into the <see cref="BodyHeader"/> header (base64) so
/// the request can be upgraded, and the route reads it back from there;</item>
/// <item>the CLI closes its write side when stdin ends (at once without stdin) and keeps reading, and Kestrel takes
/// that FIN for a closed connection and aborts the response; here only a failed connection counts as closed, and
/// the FIN reaches the upgraded stream as its end.</item>
/// </list>
/// Only the first request of a connection is looked at: the CLI dials a fresh connection for every hijack. Must see
/// the plain bytes: install it before any HTTPS on the endpoint.
/// </summary>
public static class HijackConnections
{
    public const string BodyHeader = "Swarm-Upgrade-Body";

    private const int MaxHead = 16 * 1024;
    private const int MaxBody = 64 * 1024;
    private static readonly TimeSpan FirstRequestWait = TimeSpan.FromSeconds(10);
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Post = "POST "u8.ToArray();

    /// <summary>For <see cref="KestrelServerOptions.ConfigureEndpointDefaults"/>, before the endpoints are listed.</summary>
    public static void Install(ListenOptions listen) => listen.Use(next => connection => Handle(connection, next));

    /// <summary>
    /// The head to give Kestrel for a request head (with its blank line) and body: null if it is no upgrade
    /// request (left alone); otherwise the head with a non-empty body moved into <see cref="BodyHeader"/>.
    /// </summary>
    public static string? Rewrite(string head, ReadOnlySpan<byte> body)
    {
        var lines = head.TrimEnd('\r', '\n').Split("\r\n").ToList();
        bool upgrade = false, hasUpgradeHeader = false;
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) upgrade |= value.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase));
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)) hasUpgradeHeader = true;
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) return null;
        }
        if (!upgrade || !hasUpgradeHeader) return null;
        lines.RemoveAll(line => line.StartsWith(BodyHeader + ":", StringComparison.OrdinalIgnoreCase));
        if (body.Length > 0)
        {
            lines.RemoveAll(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            lines.Add($"{BodyHeader}: {Convert.ToBase64String(body)}");
        }
        return string.Join("\r\n", lines) + "\r\n\r\n";
    }

    private static async Task Handle(ConnectionContext connection, ConnectionDelegate next)
    {
        byte[]? head;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            wait.CancelAfter(FirstRequestWait);
            try
            {
                head = await TryTakeUpgradeRequest(connection.Transport.Input, wait.Token);
            }
            catch (OperationCanceledException)
            {
                head = null;
            }
        }
        if (head is null)
        {
            await next(connection);
            return;
        }
        await using var hijacked = await HijackedConnection.StartAsync(connection, head);
        await next(hijacked);
    }

    // Consumes the first request's head and body only when it is an upgrade request; otherwise consumes nothing.
    private static async Task<byte[]?> TryTakeUpgradeRequest(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            int prefix = (int)Math.Min(buffer.Length, Post.Length);
            if (!buffer.Slice(0, prefix).ToArray().AsSpan().SequenceEqual(Post.AsSpan(0, prefix))) return LeaveAlone(input, buffer);
            long headLength = IndexOf(buffer, HeadEnd);
            if (headLength < 0)
            {
                if (result.IsCompleted || buffer.Length > MaxHead) return LeaveAlone(input, buffer);
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            headLength += HeadEnd.Length;
            string head = Encoding.Latin1.GetString(buffer.Slice(0, headLength));
            long bodyLength = Math.Max(0, ContentLength(head));
            if (bodyLength > MaxBody || Rewrite(head, []) is null) return LeaveAlone(input, buffer);
            if (buffer.Length < headLength + bodyLength)
            {
                if (result.IsCompleted) return LeaveAlone(input, buffer);
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            byte[] body = buffer.Slice(headLength, bodyLength).ToArray();
            input.AdvanceTo(buffer.GetPosition(headLength + bodyLength));
            return Encoding.Latin1.GetBytes(Rewrite(head, body)!);
        }
    }

    private static byte[]? LeaveAlone(PipeReader input, ReadOnlySequence<byte> buffer)
    {
        input.AdvanceTo(buffer.Start);
        return null;
    }

    private static long ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && long.TryParse(line["Content-Length:".Length..].Trim(), out long length)) return length;
        }
        return -1;
    }

    private static long IndexOf(ReadOnlySequence<byte> buffer, byte[] value)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> before, value, advancePastDelimiter: false) ? before.Length : -1;
    }

    /// <summary>
    /// The connection as Kestrel's HTTP layer sees it: the (rewritten) head, then the client's bytes as they come;
    /// closed only when the client's connection fails or Kestrel aborts it, not when the client merely stops sending.
    /// </summary>
    private sealed class HijackedConnection : ConnectionContext
    {
        private readonly ConnectionContext inner;
        private readonly Pipe replay = new();
        private readonly CancellationTokenSource closed = new();
        private Task pump = Task.CompletedTask;

        private HijackedConnection(ConnectionContext inner)
        {
            this.inner = inner;
            Transport = new DuplexPipe(replay.Reader, inner.Transport.Output);
        }

        public static async Task<HijackedConnection> StartAsync(ConnectionContext inner, byte[] head)
        {
            var connection = new HijackedConnection(inner);
            await connection.replay.Writer.WriteAsync(head);
            connection.pump = connection.PumpAsync();
            return connection;
        }

        public override IDuplexPipe Transport { get; set; }
        public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }
        public override IFeatureCollection Features => inner.Features;
        public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }
        public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }
        public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }
        public override CancellationToken ConnectionClosed { get => closed.Token; set => throw new NotSupportedException(); }

        public override void Abort(ConnectionAbortedException abortReason)
        {
            inner.Abort(abortReason);
            Close();
        }

        public override async ValueTask DisposeAsync()
        {
            await replay.Reader.CompleteAsync();
            inner.Transport.Input.CancelPendingRead();
            await pump;
            closed.Dispose();
        }

        private async Task PumpAsync()
        {
            var from = inner.Transport.Input;
            Exception? failure = null;
            try
            {
                while (true)
                {
                    var result = await from.ReadAsync();
                    if (result.IsCanceled) break;
                    foreach (var segment in result.Buffer) replay.Writer.Write(segment.Span);
                    from.AdvanceTo(result.Buffer.End);
                    var flushed = await replay.Writer.FlushAsync();
                    if (result.IsCompleted || flushed.IsCompleted) break;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
            await replay.Writer.CompleteAsync(failure);
            if (failure is not null) Close();
        }

        private void Close()
        {
            try
            {
                closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already over.
            }
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
