using System.Reflection;
using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The create body we send is, byte for byte, the one Docker.DotNet sent for the same parameters.</summary>
public sealed class CreateRequestJsonTests
{
    private const string OtherClient = """
        {"Image":"redis:7","Entrypoint":[],"Cmd":["redis-server"],"Env":["A=1"],"Labels":{"tier":"cache"},
         "Healthcheck":{"Test":["CMD","true"],"Interval":30000000000,"Retries":3},"StopTimeout":5,
         "HostConfig":{"NetworkMode":"backend","Memory":1048576,"CpuShares":2,"Binds":["/data:/data"],"RestartPolicy":{"Name":"unless-stopped"},"LogConfig":{"Type":"json-file","Config":{"max-size":null}}},
         "NetworkingConfig":{"EndpointsConfig":{"backend":{"Aliases":["db"]}}}}
        """;

    public static TheoryData<string> Bodies => [DockerCliBodies.Bare, DockerCliBodies.Typical, OtherClient, "{}"];

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Is_what_docker_dotnet_writes(string body)
    {
        var parameters = Newtonsoft.Json.JsonConvert.DeserializeObject<CreateContainerParameters>(body)!;
        var request = ContainerRoutes.PlacementView(parameters, "web") with { Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = "x" } };
        var forEngine = CreateBody.ForEngine(parameters, request, nodeCpus: 4);

        Assert.Equal(DockerDotNetWrites(forEngine), DockerEngineClient.CreateRequestJson(forEngine));
    }

    // Docker.DotNet's own serializer, as its create call uses it (internal: reached by reflection).
    private static string DockerDotNetWrites(CreateContainerParameters parameters)
    {
        using var client = new DockerClientConfiguration(new Uri("http://127.0.0.1:1")).CreateClient();
        var property = typeof(DockerClient).GetProperty("JsonSerializer", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
        object serializer = property.GetValue(client)!;
        var serialize = serializer.GetType().GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(m => m.Name == "SerializeObject" && m.IsGenericMethodDefinition).MakeGenericMethod(typeof(CreateContainerParameters));
        return (string)serialize.Invoke(serializer, [parameters])!;
    }
}
