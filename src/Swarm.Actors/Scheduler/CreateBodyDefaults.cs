using System.Text.Json.Nodes;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Bodies that stored create bodies are merge patches over (see <see cref="CreateBody"/>), by name. A name, once
/// stored, must always mean the same body: other defaults get a name of their own.
/// </summary>
public static class CreateBodyDefaults
{
    public const string DockerCliName = "docker-cli-28";

    // What docker 28.2 sends for a bare `docker run -d IMAGE` (API 1.41), less the request's parts, in compact JSON:
    // every field it sets to a zero that Docker.DotNet's types read differently from a missing one.
    private const string DockerCliBody = """
        {"Hostname":"","Domainname":"","User":"","Volumes":{},"WorkingDir":"","HostConfig":{"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"No"},"VolumeDriver":"","CgroupnsMode":"","DNS":[],"DNSOptions":[],"DNSSearch":[],"IpcMode":"","Cgroup":"","PidMode":"","UTSMode":"","UsernsMode":"","ConsoleSize":[0,0],"Isolation":"","CgroupParent":"","BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpusetCpus":"","CpusetMems":"","Devices":[],"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[]},"NetworkingConfig":{"EndpointsConfig":{"default":{"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPv6Gateway":"","GlobalIPv6Address":"","MacAddress":""}}}}
        """;

    private static readonly JsonObject DockerCliDefaults = JsonNode.Parse(DockerCliBody)!.AsObject();

    /// <summary>The docker CLI's defaults (a copy: callers may change it).</summary>
    public static JsonObject DockerCli => (JsonObject)DockerCliDefaults.DeepClone();

    public static JsonObject? Find(string name) => name == DockerCliName ? DockerCli : null;
}
