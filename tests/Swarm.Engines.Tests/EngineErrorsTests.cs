using System.Net;
using System.Net.Sockets;
using Docker.DotNet;

namespace Swarm.Engines.Tests;

public class EngineErrorsTests
{
    public static TheoryData<Exception> ConnectionErrors => new()
    {
        new HttpRequestException("Connection refused"),
        new IOException("unexpected EOF"),
        new SocketException((int)SocketError.HostUnreachable),
        new TimeoutException("no answer"),
        new EndOfStreamException(),
        new AggregateException(new InvalidOperationException("x"), new HttpRequestException("refused")),
        new InvalidOperationException("outer", new SocketException((int)SocketError.ConnectionRefused)),
        new InvalidOperationException("outer", new ArgumentException("middle", new IOException("inner"))),
        new AggregateException(new AggregateException(new TimeoutException())),
    };

    public static TheoryData<Exception> AnswersAndBugs => new()
    {
        new DockerApiException(HttpStatusCode.Conflict, "{\"message\":\"Conflict.\"}"),
        new DockerContainerNotFoundException(HttpStatusCode.NotFound, "{\"message\":\"No such container: x\"}"),
        new DockerApiException(HttpStatusCode.InternalServerError, "{\"message\":\"boom\"}"),
        new ArgumentException("bad"),
        new InvalidOperationException("outer", new ArgumentException("inner")),
        new AggregateException(new ArgumentException("a"), new DockerApiException(HttpStatusCode.Conflict, "{}")),
        new OperationCanceledException(),
    };

    [Theory]
    [MemberData(nameof(ConnectionErrors))]
    public void Failures_to_reach_the_engine_are_connection_errors(Exception error)
    {
        Assert.True(EngineErrors.IsConnectionError(error));
    }

    [Theory]
    [MemberData(nameof(AnswersAndBugs))]
    public void Answers_from_the_engine_and_other_errors_are_not(Exception error)
    {
        Assert.False(EngineErrors.IsConnectionError(error));
    }

    [Fact]
    public void A_refused_connection_reads_like_dockers_and_counts()
    {
        var error = EngineErrors.ConnectionRefused("10.0.0.1:2375");
        Assert.Equal("Cannot connect to the Docker daemon at tcp://10.0.0.1:2375. Connection refused", error.Message);
        var socket = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(SocketError.ConnectionRefused, socket.SocketErrorCode);
        Assert.True(EngineErrors.IsConnectionError(error));
    }
}
