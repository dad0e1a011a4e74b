using System.Reflection;
using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Scheduler;
using Swarm.Api;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The create body we send is, byte for byte, the one Docker.DotNet sent for the same parameters.</summary>
public sealed class CreateRequestJsonTests
{
    [Theory]
    [MemberData(nameof(CreateBodyTests.Bodies), MemberType = typeof(CreateBodyTests))]
#pragma warning disable xUnit1026 // the description names the case in the test's display name
    public void Is_what_docker_dotnet_writes(string description, string body)
#pragma warning restore xUnit1026
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
