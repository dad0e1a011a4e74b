using System.Globalization;
using Docker.DotNet.Models;
using Swarm.Engines;

namespace Swarm.HollowFarm;

/// <summary><c>/_ping</c>, <c>/version</c> and <c>/info</c>, from the hollow engine's specs.</summary>
public static class SystemRoutes
{
    private const string Platform = "Docker Engine - Hollow (simulated, no containers really run)";

    // When hollow-farm was built, in dockerd's format.
    private static readonly string BuildTime =
        File.GetLastWriteTimeUtc(typeof(SystemRoutes).Assembly.Location).ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    public static void MapSystemRoutes(this WebApplication app)
    {
        app.MapMethods("/_ping", [HttpMethods.Get, HttpMethods.Head], async (FarmEngine at, HttpContext context, CancellationToken cancellationToken) =>
        {
            await at.Engine.PingAsync(cancellationToken);
            context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
            context.Response.Headers.Pragma = "no-cache";
            return Results.Text("OK", "text/plain");
        });

        app.MapGet("/version", async (FarmEngine at, CancellationToken cancellationToken) =>
        {
            var specs = await at.Engine.GetSpecsAsync(cancellationToken);
            var details = new Dictionary<string, string>
            {
                ["ApiVersion"] = DockerConventions.ApiVersion,
                ["MinAPIVersion"] = DockerConventions.MinApiVersion,
                ["GitCommit"] = "hollow",
                ["GoVersion"] = GoVersion,
                ["Os"] = "linux",
                ["Arch"] = HostPlatform.GoArchitecture,
                ["KernelVersion"] = specs.KernelVersion,
                ["Experimental"] = "false",
                ["BuildTime"] = BuildTime,
            };
            return DockerJson.Result(new
            {
                Platform = new { Name = Platform },
                Components = new object[]
                {
                    new { Name = "Engine", Version = specs.ServerVersion, Details = details },
                    new { Name = "containerd", Version = "hollow", Details = new { GitCommit = "hollow" } },
                    new { Name = "runc", Version = "hollow", Details = new { GitCommit = "hollow" } },
                    new { Name = "docker-init", Version = "hollow", Details = new { GitCommit = "hollow" } },
                },
                Version = specs.ServerVersion,
                ApiVersion = DockerConventions.ApiVersion,
                MinAPIVersion = DockerConventions.MinApiVersion,
                GitCommit = "hollow",
                GoVersion,
                Os = "linux",
                Arch = HostPlatform.GoArchitecture,
                specs.KernelVersion,
                BuildTime,
            });
        });

        app.MapGet("/info", async (FarmEngine at, CancellationToken cancellationToken) =>
        {
            // Concurrently, so a slow engine (--latency) pays its latency once, as one call to dockerd does.
            var specs = at.Engine.GetSpecsAsync(cancellationToken);
            var containers = at.Engine.ListContainersAsync(cancellationToken);
            var images = at.Engine.ListImagesAsync(cancellationToken);
            await Task.WhenAll(specs, containers, images);
            return DockerJson.Result(Info(specs.Result, containers.Result, images.Result.Count));
        });
    }

    private static string GoVersion => ".NET " + Environment.Version;

    private static SystemInfoResponse Info(EngineSpecs specs, IList<ContainerListResponse> containers, int images) => new()
    {
        ID = specs.DockerId,
        Name = specs.Name,
        Containers = containers.Count,
        ContainersRunning = containers.Count(c => c.State == "running"),
        ContainersPaused = containers.Count(c => c.State == "paused"),
        ContainersStopped = containers.Count(c => c.State is not ("running" or "paused")),
        Images = images,
        Driver = specs.StorageDriver,
        DriverStatus = null,
        Plugins = new PluginsInfo { Volume = ["local"], Network = ["bridge", "host", "null"], Log = ["json-file"] },
        MemoryLimit = true,
        SwapLimit = true,
        CPUCfsPeriod = true,
        CPUCfsQuota = true,
        CPUShares = true,
        CPUSet = true,
        PidsLimit = true,
        IPv4Forwarding = true,
        SystemTime = DateTime.UtcNow.ToString("O"),
        LoggingDriver = "json-file",
        CgroupDriver = "cgroupfs",
        CgroupVersion = "1",
        KernelVersion = specs.KernelVersion,
        OperatingSystem = specs.OperatingSystem,
        OSVersion = "",
        OSType = specs.OSType,
        Architecture = HostPlatform.MachineArchitecture,
        IndexServerAddress = "https://index.docker.io/v1/",
        NCPU = specs.Cpus,
        MemTotal = specs.Memory,
        DockerRootDir = "/var/lib/docker",
        Labels = [.. specs.Labels],
        ExperimentalBuild = false,
        ServerVersion = specs.ServerVersion,
        Runtimes = new Dictionary<string, Runtime>
        {
            ["io.containerd.runc.v2"] = new() { Path = "runc" },
            ["io.containerd.runtime.v1.linux"] = new() { Path = "runc" },
            ["runc"] = new() { Path = "runc" },
        },
        DefaultRuntime = "runc",
        InitBinary = "docker-init",
        ContainerdCommit = new Commit { ID = "hollow", Expected = "hollow" },
        RuncCommit = new Commit { ID = "hollow", Expected = "hollow" },
        InitCommit = new Commit { ID = "hollow", Expected = "hollow" },
        RegistryConfig = new ServiceConfig
        {
            AllowNondistributableArtifactsCIDRs = [],
            AllowNondistributableArtifactsHostnames = [],
            InsecureRegistryCIDRs = ["127.0.0.0/8"],
            IndexConfigs = new Dictionary<string, IndexInfo>
            {
                ["docker.io"] = new() { Name = "docker.io", Mirrors = [], Secure = true, Official = true },
            },
            Mirrors = [],
        },
        Swarm = new Info { LocalNodeState = "inactive" },
        SecurityOptions = [],
        Warnings = ["WARNING: this is a hollow engine: simulated, for scale benchmarks and demos; no container really runs"],
    };
}
