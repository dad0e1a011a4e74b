using System.Text;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>What the connection middleware gives Kestrel for the docker CLI's hijacked requests.</summary>
public sealed class HijackConnectionsTests
{
    // As docker CLI 28 sends it.
    private const string ExecStart =
        "POST /v1.41/exec/18247a3f/start HTTP/1.1\r\nHost: 127.0.0.1:2375\r\nUser-Agent: Docker-Client/28.2.2 (linux)\r\n" +
        "Content-Length: 29\r\nConnection: Upgrade\r\nContent-Type: application/json\r\nUpgrade: tcp\r\n\r\n";

    private static readonly byte[] Body = Encoding.ASCII.GetBytes("{\"Detach\":false,\"Tty\":false}\n");

    [Fact]
    public void The_body_of_an_upgrade_request_moves_into_a_header()
    {
        string head = HijackConnections.Rewrite(ExecStart, Body)!;

        Assert.EndsWith("\r\n\r\n", head);
        Assert.DoesNotContain("Content-Length", head);
        Assert.StartsWith("POST /v1.41/exec/18247a3f/start HTTP/1.1\r\n", head);
        Assert.Contains("\r\nUpgrade: tcp\r\n", head);
        string header = head.Split("\r\n").Single(l => l.StartsWith(HijackConnections.BodyHeader + ": "));
        Assert.Equal(Body, Convert.FromBase64String(header[(HijackConnections.BodyHeader.Length + 2)..]));
        Assert.Equal(1, head.Split("\r\n\r\n").Length - 1);
    }

    [Fact]
    public void An_upgrade_without_a_body_is_replayed_as_it_came()
    {
        const string attach = "POST /v1.41/containers/abc/attach?stream=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
        Assert.Equal(attach, HijackConnections.Rewrite(attach, []));
    }

    [Theory]
    [InlineData("POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("POST /v1.41/exec/x/start HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nUpgrade: tcp\r\n\r\n")]
    [InlineData("POST /v1.41/exec/x/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nTransfer-Encoding: chunked\r\n\r\n")]
    public void Other_requests_are_left_alone(string head) => Assert.Null(HijackConnections.Rewrite(head, "{}"u8));

    [Fact]
    public void Connection_tokens_are_read_as_a_list()
    {
        const string head = "POST /exec/x/start HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: tcp\r\nContent-Length: 2\r\n\r\n";
        Assert.Contains(HijackConnections.BodyHeader, HijackConnections.Rewrite(head, "{}"u8));
    }
}
