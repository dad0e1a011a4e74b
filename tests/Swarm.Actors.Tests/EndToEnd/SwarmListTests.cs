namespace Swarm.Actors.Tests.EndToEnd;

/// <summary><c>swarm list &lt;discovery&gt;</c> prints one address per line, as classic did.</summary>
public sealed class SwarmListTests
{
    [Fact]
    public async Task Lists_a_static_list_with_ranges()
    {
        var (code, output, _) = await Swarm("list", "nodes://10.0.0.[1:3]:2375,node-9:2376");
        Assert.Equal(0, code);
        Assert.Equal(["10.0.0.1:2375", "10.0.0.2:2375", "10.0.0.3:2375", "node-9:2376"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Lists_a_discovery_file_and_fails_clearly_without_one()
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# comment", "127.0.0.1:2375", "127.0.0.1:2376 # inline"]);
            var (code, output, _) = await Swarm("list", "file://" + file);
            Assert.Equal(0, code);
            Assert.Equal(["127.0.0.1:2375", "127.0.0.1:2376"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
        var (missingCode, _, error) = await Swarm("list", "file://" + file);
        Assert.Equal(1, missingCode);
        Assert.Contains(file, error);
        var (noneCode, _, noneError) = await Swarm("list");
        Assert.Equal((1, "discovery required to list a cluster. See 'swarm list --help'."), (noneCode, noneError.Trim()));
        var (tokenCode, _, tokenError) = await Swarm("list", "token://abc");
        Assert.Equal(1, tokenCode);
        Assert.Contains("token:// is not supported", tokenError);
    }

    [Fact]
    public async Task An_etcd_nobody_answers_on_is_a_clear_error()
    {
        int port = LoopbackPorts.Free();
        var (code, output, error) = await Swarm("list", $"etcd://127.0.0.1:{port}/swarm");
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith($"etcd cluster is unavailable or misconfigured; error #0: 127.0.0.1:{port}: Connection refused", error, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output, string Error)> Swarm(params string[] arguments) => SwarmCli.Run(arguments);
}
