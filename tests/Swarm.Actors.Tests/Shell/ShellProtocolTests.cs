using Swarm.Shell;

namespace Swarm.Actors.Tests.Shell;

/// <summary>The shell's wire format: every message survives its line, and what is not a message is recognised as such.</summary>
public sealed class ShellProtocolTests
{
    [Fact]
    public void Client_messages_survive_their_line()
    {
        var run = Assert.IsType<ShellProtocol.Run>(ShellProtocol.DecodeFromClient(ShellProtocol.Encode(new ShellProtocol.Run(["container", "where", "web \"1\"", "--json"]))));
        Assert.Equal(["container", "where", "web \"1\"", "--json"], run.Words);
        Assert.IsType<ShellProtocol.Cancel>(ShellProtocol.DecodeFromClient(ShellProtocol.Encode(ShellProtocol.Cancel.Instance)));
    }

    [Fact]
    public void Server_messages_survive_their_line()
    {
        foreach (object message in new object[] { new ShellProtocol.Output("a\tb\nc"), new ShellProtocol.Failure("no such node"), new ShellProtocol.Exit(2) })
        {
            string line = ShellProtocol.Encode(message);
            Assert.DoesNotContain('\n', line);
            Assert.Equal(message, ShellProtocol.DecodeFromServer(line));
        }
        var greeting = new ShellProtocol.Greeting("akka.tcp://swarm@127.0.0.1:4053", [new ShellProtocol.CommandInfo("engine show", "<node>", "one engine")]);
        var back = ShellProtocol.DecodeGreeting(ShellProtocol.Encode(greeting));
        Assert.NotNull(back);
        Assert.Equal((greeting.Manager, greeting.Palette[0]), (back.Manager, back.Palette[0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"run":"cluster show"}""")]
    [InlineData("""{"run":["cluster",1]}""")]
    [InlineData("""{"cancel":false}""")]
    public void A_line_that_is_no_client_message_decodes_to_nothing(string line) => Assert.Null(ShellProtocol.DecodeFromClient(line));

    [Theory]
    [InlineData("SSH-2.0-OpenSSH")]
    [InlineData("""{"palette":null}""")]
    public void A_line_that_is_no_greeting_decodes_to_nothing(string line) => Assert.Null(ShellProtocol.DecodeGreeting(line));
}
