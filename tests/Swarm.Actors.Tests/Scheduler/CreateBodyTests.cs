using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>The create body as the scheduler keeps it: small, and the engine gets from it exactly what it got from the client's.</summary>
public sealed class CreateBodyTests(ITestOutputHelper output)
{
    // A body another client (Docker.DotNet, docker-py) sends: no CLI defaults, an empty entrypoint (which clears the
    // image's, unlike none), a health check, a named network, a label whose value is null.
    private const string OtherClient = """
        {"Image":"redis:7","Entrypoint":[],"Cmd":["redis-server"],"Env":["A=1"],"Labels":{"tier":"cache"},
         "Healthcheck":{"Test":["CMD","true"],"Interval":30000000000,"Retries":3},"StopTimeout":5,
         "HostConfig":{"NetworkMode":"backend","Memory":1048576,"CpuShares":2,"Binds":["/data:/data"],"LogConfig":{"Type":"json-file","Config":{"max-size":null}}},
         "NetworkingConfig":{"EndpointsConfig":{"backend":{"Aliases":["db"]}}}}
        """;

    // The scale benchmark's body: a few fields, as a script would send them.
    private const string Benchmark = """
        {"Hostname":"","Image":"redis:7","Cmd":["sleep","3600"],"Labels":{"com.example.tier":"web"},"Tty":false,"OpenStdin":false,
         "Env":["PATH=/usr/bin"],"HostConfig":{"NetworkMode":"default","RestartPolicy":{"Name":"no","MaximumRetryCount":0},"Memory":67108864,"CpuShares":1}}
        """;

    public static TheoryData<string, string> Bodies => new()
    {
        { "docker run -d busybox", DockerCliBodies.Bare },
        { "docker run -d --name web -e … -p 8080:80 -m 64m busybox sleep 3600", DockerCliBodies.Typical },
        { "the CLI's with a default changed, one left out and another network", DockerCliBodies.Typical
            .Replace("\"LogConfig\":{\"Type\":\"\"", "\"LogConfig\":{\"Type\":\"syslog\"", StringComparison.Ordinal)
            .Replace("\"Dns\":[],", "", StringComparison.Ordinal)
            .Replace("\"EndpointsConfig\":{\"default\":", "\"EndpointsConfig\":{\"backend\":", StringComparison.Ordinal) },
        { "another client's", OtherClient },
        { "the scale benchmark's", Benchmark },
        { "empty", "{}" },
    };

    [Fact]
    public void A_bare_docker_run_is_kept_as_the_cli_defaults_alone()
    {
        Assert.Equal($$"""{"$defaults":"{{CreateBodyDefaults.DockerCliName}}"}""", CreateBody.Store(FromClient(DockerCliBodies.Bare)));
    }

    [Fact]
    public void A_typical_docker_run_keeps_only_what_differs_from_the_cli_defaults()
    {
        string stored = CreateBody.Store(FromClient(DockerCliBodies.Typical));
        output.WriteLine($"{stored.Length} bytes, from {DockerCliBodies.Typical.Length}: {stored}");
        Assert.Equal("""{"$defaults":"docker-cli-28","ExposedPorts":{"80/tcp":{}},"Cmd":["sleep","3600"],"HostConfig":{"PortBindings":{"80/tcp":[{"HostIP":"","HostPort":"8080"}]}}}""", stored);
    }

    [Fact]
    public void A_body_stored_again_is_the_text_stored_before_not_made_anew()
    {
        var first = FromClient(DockerCliBodies.Typical);
        var again = FromClient(DockerCliBodies.Typical);
        again.Name = "another";
        again.Labels = new Dictionary<string, string> { ["tier"] = "web" };

        Assert.Same(CreateBody.Store(first), CreateBody.Store(again));
    }

    [Fact]
    public void Another_clients_body_is_kept_as_itself_without_nulls_and_zeros()
    {
        string stored = CreateBody.Store(FromClient(Benchmark));
        Assert.Equal("""{"Hostname":"","Cmd":["sleep","3600"],"HostConfig":{"NetworkMode":"default","RestartPolicy":{"Name":"No"}}}""", stored);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void The_engine_gets_the_same_body_from_the_kept_one_as_from_the_clients(string description, string body)
    {
        var original = FromClient(body);
        string stored = CreateBody.Store(original);
        output.WriteLine($"{description}: {body.Length} bytes sent, {stored.Length} kept: {stored}");
        var request = ContainerRoutes.PlacementView(original, "web") with { Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = "x" } };

        string expected = ForEngine(original, request);
        string again = ForEngine(CreateBody.Read(stored), request);
        // Names of a map (networks) may come back in another order, which Docker does not read.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(again)), $"sent:  {expected}\nagain: {again}");
    }

    [Fact]
    public void Storing_a_body_and_making_the_engines_leave_the_clients_as_it_was()
    {
        // Both copy only what they change (no JSON round trip): the client's parameters must not see the changes.
        var original = FromClient(OtherClient);
        string before = Newtonsoft.Json.JsonConvert.SerializeObject(original);
        var request = ContainerRoutes.PlacementView(original, "web") with
        {
            Name = "other", Image = "busybox", Env = ["B=2"], Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = "x" }, Memory = 4 << 20, Cpus = 2,
        };
        CreateBody.Store(original);
        var forEngine = CreateBody.ForEngine(original, request, nodeCpus: 4);

        Assert.Equal(before, Newtonsoft.Json.JsonConvert.SerializeObject(original));
        Assert.Equal(("other", "busybox", 4L << 20), (forEngine.Name, forEngine.Image, forEngine.HostConfig.Memory));
        Assert.NotEqual(original.HostConfig.CPUShares, forEngine.HostConfig.CPUShares);
    }

    [Fact]
    public void A_typical_docker_run_comes_back_exactly()
    {
        var original = FromClient(DockerCliBodies.Typical);
        var request = ContainerRoutes.PlacementView(original, "web");
        Assert.Equal(ForEngine(original, request), ForEngine(CreateBody.Read(CreateBody.Store(original)), request));
    }

    [Fact]
    public void A_body_kept_in_full_before_is_kept_as_now_and_means_the_same()
    {
        // How journals before SchedulerSerializer's .v2 kept it: System.Text.Json's defaults, every null written.
        var original = FromClient(DockerCliBodies.Typical);
        original.Name = "web";
        string full = JsonSerializer.Serialize(original);
        var request = ContainerRoutes.PlacementView(original, "web");

        string compacted = CreateBody.Compact(full);
        Assert.Equal(CreateBody.Store(original), compacted);
        Assert.Equal(ForEngine(CreateBody.Read(full), request), ForEngine(CreateBody.Read(compacted), request));
        Assert.Equal("", CreateBody.Compact(""));
    }

    [Fact]
    public void Defaults_of_an_unknown_name_are_refused_not_guessed()
    {
        Assert.Throws<JsonException>(() => CreateBody.Read("""{"$defaults":"docker-cli-99"}"""));
    }

    // As the API reads it: Newtonsoft, as Docker.DotNet's types expect, then the node-scoped network rule.
    private static CreateContainerParameters FromClient(string body)
    {
        var parameters = Newtonsoft.Json.JsonConvert.DeserializeObject<CreateContainerParameters>(body)!;
        parameters.Name = "web";
        NodeScopedNetwork.Apply(parameters);
        return parameters;
    }

    // Every field, nulls included, as Newtonsoft (which Docker.DotNet's types are made for) writes them.
    private static string ForEngine(CreateContainerParameters parameters, Swarm.Scheduling.Model.ContainerRequest request) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(CreateBody.ForEngine(parameters, request, nodeCpus: 8));
}
