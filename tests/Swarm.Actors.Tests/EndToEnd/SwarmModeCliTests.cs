using System.Net;
using System.Text.Json;
using Swarm.Api;
using Swarm.Actors.Tests.Support;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Swarm-mode commands of today's docker CLI through a manager (over two hollow engines: no container runs): a
/// clear refusal that exits non-zero, while <c>docker info</c> keeps working and says swarm mode is inactive.
/// </summary>
public sealed class SwarmModeCliTests(ManagerOverHollowEngines cluster) : IClassFixture<ManagerOverHollowEngines>
{
    private ManagerProcess Manager => cluster.Manager;

    [Theory]
    [InlineData("service", "ls")]
    [InlineData("service", "create", "--name", "web", "busybox")]
    [InlineData("swarm", "init")]
    [InlineData("swarm", "join-token", "worker")]
    [InlineData("secret", "ls")]
    [InlineData("config", "ls")]
    [InlineData("stack", "ls")]
    public async Task Swarm_mode_commands_print_the_managers_refusal_and_exit_non_zero(params string[] command)
    {
        var result = await Manager.Docker(command);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("Error response from daemon: This node is not a swarm manager: it is a classic (standalone) Swarm manager", result.Error);
        Assert.Contains("swarm mode (docker swarm init/join, service, stack, secret, config) is not supported here", result.Error);
    }

    [Fact]
    public async Task Plugin_commands_are_refused_too()
    {
        var result = await Manager.Docker("plugin", "ls");
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("Error response from daemon: Plugins are not supported by this classic (standalone) Swarm manager", result.Error);
    }

    [Theory]
    [InlineData("GET", "/swarm")]
    [InlineData("POST", "/v1.41/swarm/init")]
    [InlineData("GET", "/v1.24/services")]
    [InlineData("DELETE", "/services/web")]
    [InlineData("GET", "/tasks?filters=%7B%7D")]
    [InlineData("POST", "/v1.41/secrets/create")]
    [InlineData("PUT", "/configs/x/update")]
    [InlineData("POST", "/plugins/pull")]
    public async Task Every_method_with_or_without_a_version_prefix_answers_503_with_a_json_message(string method, string path)
    {
        using var http = new HttpClient();
        using var answer = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{Manager.Port}{path}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        string expected = path.Contains("/plugins", StringComparison.Ordinal) ? SwarmModeRoutes.PluginsNotSupported : SwarmModeRoutes.NotSupported;
        Assert.Equal(expected, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Nodes_are_not_answered_by_the_swarm_mode_refusal()
    {
        using var http = new HttpClient();
        using var answer = await http.GetAsync($"http://127.0.0.1:{Manager.Port}/nodes");
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
    }

    [Fact]
    public async Task Docker_info_keeps_working_and_says_swarm_mode_is_inactive()
    {
        var info = await Manager.Docker("info");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("Swarm: inactive", info.Output);
        Assert.Contains("Nodes: 2", info.Output);
        var state = await Manager.Docker("info", "--format", "{{.Swarm.LocalNodeState}}");
        Assert.Equal("inactive", state.Output);

        // The ping's Swarm header, as dockerd sends it: the CLI hides the swarm-mode commands from its help.
        using var http = new HttpClient();
        using var ping = await http.GetAsync($"http://127.0.0.1:{Manager.Port}/_ping");
        Assert.Equal("inactive", ping.Headers.GetValues("Swarm").Single());
        var help = await Manager.Docker("--help");
        Assert.DoesNotContain("service     Manage Swarm services", help.Output);
    }
}
