using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Benchmarks;

/// <summary>
/// A synthetic cluster shaped like classic Swarm's published scale test (1,000 nodes, 30 containers each),
/// with realistic labels, capacities, images, port bindings and reservations. Seeded, so every run builds
/// the same cluster.
/// </summary>
public sealed class ScaleCluster
{
    private static readonly string[] Regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south"];
    private static readonly string[] Images = ["busybox:latest", "nginx:1.25", "redis:7", "postgres:16", "example/app:2.3"];
    private const long MiB = 1L << 20, GiB = 1L << 30;

    private readonly Random random;
    private readonly Dictionary<string, string> imageIds = [];
    private int requestCounter;

    public ScaleCluster(int nodes, int containersPerNode, int seed = 42)
    {
        random = new Random(seed);
        for (int n = 0; n < nodes; n++)
        {
            string name = $"node-{n + 1:D4}";
            var labels = new Dictionary<string, string>
            {
                ["region"] = Regions[n % Regions.Length],
                ["storage"] = n % 3 == 0 ? "ssd" : "disk",
                ["storagedriver"] = "overlay2",
                ["kernelversion"] = "6.1.0-28-amd64",
                ["operatingsystem"] = "Debian GNU/Linux 12 (bookworm)",
                ["ostype"] = "linux",
            };
            string id = $"{RandomHex(12).ToUpperInvariant()}|10.{n / 250}.{n % 250}.1:2375";
            State.AddNode(new NodeDescription(id, name, $"10.{n / 250}.{n % 250}.1:2375", labels, 8 << random.Next(3), 32 * GiB << random.Next(3)));
            State.SetImages(id, [.. Images.Where((_, i) => (n + i) % 4 != 0).Select(tag => new NodeImage(ImageId(tag), [tag]))]);
            for (int c = 0; c < containersPerNode; c++) State.AddContainer(id, ExistingContainer(n * containersPerNode + c));
        }
    }

    public ClusterState State { get; } = new();

    /// <summary>A request with a constraint, an affinity and a published port, as the benchmark asks.</summary>
    public SchedulingRequest NextRequest()
    {
        int i = requestCounter++;
        var request = new ContainerRequest
        {
            Name = $"bench-{i}",
            Image = "nginx:1.25",
            Env = ["constraint:region==eu-*", "affinity:image==nginx:1.25", "PATH=/usr/bin"],
            PortBindings = [new PortBinding("80/tcp", "", (20000 + i % 10000).ToString())],
            Cpus = i % 8 == 0 ? 1 : 0,
            Memory = (64 + 64 * (i % 4)) * MiB,
        };
        return SchedulingRequest.TryCreate(request, out string? error) ?? throw new InvalidOperationException(error);
    }

    private ContainerInfo ExistingContainer(int index)
    {
        string swarmId = RandomHex(64);
        string image = Images[index % Images.Length];
        return new ContainerInfo
        {
            Id = RandomHex(64),
            SwarmId = swarmId,
            Name = $"app-{index}",
            Image = image,
            Labels = new Dictionary<string, string>
            {
                [SchedulingRequest.SwarmIdLabel] = swarmId,
                ["com.example.tier"] = index % 2 == 0 ? "web" : "worker",
            },
            PortBindings = index % 3 == 0 ? [new PortBinding("80/tcp", "", (8000 + index % 1000).ToString())] : [],
            ExposedPorts = ["80/tcp"],
            Cpus = index % 8 == 0 ? 1 : 0,
            Memory = 128 * MiB,
            State = index % 10 == 0 ? ContainerState.Exited : ContainerState.Running,
        };
    }

    // The same image pulled on many nodes has the same ID everywhere.
    private string ImageId(string tag)
    {
        if (!imageIds.TryGetValue(tag, out string? id)) imageIds[tag] = id = "sha256:" + RandomHex(64);
        return id;
    }

    private string RandomHex(int length)
    {
        Span<byte> bytes = stackalloc byte[length / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
