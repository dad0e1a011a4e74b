using System.Net;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// samples/kubernetes without Kubernetes: the StatefulSet's seed wiring agrees with its headless Service, and two
/// pods' containers, started here with their in-cluster names swapped for loopback addresses, form one cluster.
/// </summary>
public sealed class KubernetesSampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string PodNamespace = "default";
    private const string ClusterDomain = "svc.cluster.local";
    private static readonly KubernetesManifest Manifest = KubernetesManifest.Read(Path.Combine(SampleScript.RepositoryRoot(), "samples", "kubernetes", "swarm-managers.yaml"));
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-kubernetes-" + Guid.NewGuid().ToString("N")[..8]);

    private static YamlNode StatefulSet => Manifest.All("StatefulSet").Single();

    private static string ServiceName => StatefulSet.Text("spec", "serviceName");

    private static int Replicas => int.Parse(StatefulSet.Text("spec", "replicas"));

    private static YamlNode Container => StatefulSet.Named("swarm", "spec", "template", "spec", "containers");

    private static List<string> Arguments => [.. Container.Items("args").Select(a => ((YamlScalarNode)a).Value!)];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_seeds_are_the_statefulsets_pods_under_the_headless_service_on_the_cluster_port_and_each_pod_advertises_its_own_name()
    {
        Assert.Equal(3, Replicas);
        var headless = Manifest.Single("Service", ServiceName);
        Assert.Equal("None", headless.Text("spec", "clusterIP"));
        Assert.Equal("true", headless.Text("spec", "publishNotReadyAddresses"));
        Assert.Equal(StatefulSet.Text("spec", "template", "metadata", "labels", "app"), headless.Text("spec", "selector", "app"));

        var arguments = Arguments;
        string clusterPort = Flag(arguments, "--cluster-port");
        Assert.Equal(clusterPort, headless.Named("akka", "spec", "ports").Text("port"));
        Assert.Equal(clusterPort, Container.Named("akka", "ports").Text("containerPort"));
        Assert.Equal($"$(POD_NAME).{ServiceName}.$(POD_NAMESPACE).{ClusterDomain}", Flag(arguments, "--cluster-host"));
        Assert.Equal("metadata.name", Container.Named("POD_NAME", "env").Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", Container.Named("POD_NAMESPACE", "env").Text("valueFrom", "fieldRef", "fieldPath"));

        string statefulSetName = StatefulSet.Text("metadata", "name");
        var seeds = Enumerable.Range(0, Replicas).Select(i => $"{statefulSetName}-{i}.{ServiceName}.$(POD_NAMESPACE).{ClusterDomain}:{clusterPort}");
        Assert.Equal(string.Join(',', seeds), Container.Named("SWARM_SEEDS", "env").Text("value"));
    }

    [Fact]
    public void The_store_comes_from_the_secret_the_engines_from_the_mounted_config_map_and_the_probe_and_service_use_the_api_port()
    {
        var store = Container.Named("SWARM_STORE", "env").At("valueFrom", "secretKeyRef");
        Assert.StartsWith("postgres://", Manifest.Single("Secret", store.Text("name")).Text("stringData", store.Text("key")));

        var arguments = Arguments;
        string apiPort = new Uri(Flag(arguments, "-H").Replace("tcp://", "http://", StringComparison.Ordinal)).Port.ToString();
        Assert.Equal(apiPort, Container.Named("docker", "ports").Text("containerPort"));
        Assert.Equal("/_ping", Container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("docker", Container.Text("readinessProbe", "httpGet", "port"));
        Assert.Equal("docker", Manifest.Single("Service", "swarm").Named("docker", "spec", "ports").Text("targetPort"));

        // The discovery file is the ConfigMap's key, where the volume is mounted.
        string discovery = arguments[^1];
        var mount = Container.Named("engines", "volumeMounts");
        var volume = StatefulSet.Named(mount.Text("name"), "spec", "template", "spec", "volumes");
        var configMap = Manifest.Single("ConfigMap", volume.Text("configMap", "name"));
        string key = Path.GetFileName(discovery);
        Assert.Equal($"file://{mount.Text("mountPath")}/{key}", discovery);
        Assert.NotEmpty(configMap.Text("data", key).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Two_pods_run_here_with_loopback_addresses_for_their_names_become_ready_and_form_one_cluster_through_the_seeds()
    {
        await using var farm = await FarmProcess.OnLoopback(2);
        File.WriteAllLines(Path.Combine(directory, Path.GetFileName(Arguments[^1])), farm.Addresses);
        // Each pod on an address of its own, as pods have: the same ports on 127.0.0.1 and 127.0.0.2.
        int clusterPort = LoopbackPorts.FreeOnAll([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")]);
        int apiPort = LoopbackPorts.FreeOnAll([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")]);
        await using var first = StartPod(0, clusterPort, apiPort);
        await using var second = StartPod(1, clusterPort, apiPort);
        try
        {
            string probe = Container.Text("readinessProbe", "httpGet", "path");
            Assert.Equal("OK", await Readiness($"http://127.0.0.1:{apiPort}{probe}"));
            Assert.Equal("OK", await Readiness($"http://127.0.0.2:{apiPort}{probe}"));
            // manager-0, the first seed, starts the cluster and hosts the scheduler; manager-1 finds it through the seeds.
            Assert.Contains("Role: primary", await first.WaitForHealthyNodes($"tcp://127.0.0.1:{apiPort}", farm.Addresses.Count));
            string replica = await second.WaitForHealthyNodes($"tcp://127.0.0.2:{apiPort}", farm.Addresses.Count);
            Assert.Contains("Role: replica", replica);
            Assert.Contains($"Primary: 127.0.0.1:{clusterPort}", replica);
            Assert.Equal(0, await second.Stop("SIGTERM"));
            Assert.Equal(0, await first.Stop("SIGTERM"));
        }
        finally
        {
            output.WriteLine("--- manager-0 ---\n" + first.Log + "\n--- manager-1 ---\n" + second.Log);
        }
    }

    /// <summary>
    /// Pod <paramref name="ordinal"/>'s container as the kubelet starts it, with this machine for the cluster: pod i's
    /// DNS name → 127.0.0.(i+1), the ports given, the Secret's store → a SQLite file of the pod's own, the mounted
    /// ConfigMap → the test's directory.
    /// </summary>
    private DeployedManager StartPod(int ordinal, int clusterPort, int apiPort)
    {
        string statefulSetName = StatefulSet.Text("metadata", "name");
        var container = new KubernetesContainer(Container, Manifest);
        var environment = container.Environment($"{statefulSetName}-{ordinal}", PodNamespace);
        var commandLine = container.CommandLine(environment).ToList();

        string inClusterPort = Flag(Arguments, "--cluster-port");
        var local = new List<(string InCluster, string Here)>();
        for (int i = 0; i < Replicas; i++)
        {
            string name = $"{statefulSetName}-{i}.{ServiceName}.{PodNamespace}.{ClusterDomain}";
            local.Add(($"{name}:{inClusterPort}", $"127.0.0.{i + 1}:{clusterPort}"));
            local.Add((name, $"127.0.0.{i + 1}"));
        }
        local.Add((Flag(Arguments, "-H"), $"tcp://127.0.0.{ordinal + 1}:{apiPort}"));
        local.Add((Container.Named("engines", "volumeMounts").Text("mountPath") + "/", directory + "/"));
        string Localize(string value) => local.Aggregate(value, (text, swap) => text.Replace(swap.InCluster, swap.Here, StringComparison.Ordinal));

        commandLine = [.. commandLine.Select(Localize)];
        commandLine[commandLine.IndexOf("--cluster-port") + 1] = clusterPort.ToString();
        Assert.Equal("/opt/swarm/swarm", commandLine[0]);
        commandLine[0] = Path.Combine(AppContext.BaseDirectory, "swarm");
        foreach (string name in environment.Keys.ToList()) environment[name] = Localize(environment[name]);
        environment["SWARM_STORE"] = Path.Combine(directory, $"swarm-{ordinal}.db");
        Assert.Equal($"127.0.0.1:{clusterPort},127.0.0.2:{clusterPort},127.0.0.3:{clusterPort}", environment["SWARM_SEEDS"]);
        Assert.Equal($"127.0.0.{ordinal + 1}", commandLine[commandLine.IndexOf("--cluster-host") + 1]);
        output.WriteLine(string.Join(' ', commandLine) + "\n" + string.Join('\n', environment.Select(v => $"{v.Key}={v.Value}")));
        return DeployedManager.Start(commandLine, environment, directory);
    }

    private static string Flag(IReadOnlyList<string> arguments, string flag)
    {
        int at = arguments.ToList().IndexOf(flag);
        Assert.True(at >= 0 && at + 1 < arguments.Count, $"no {flag} in the container's args");
        return arguments[at + 1];
    }

    // As the kubelet probes: again until the answer is 200, the body kept for the test.
    private static async Task<string> Readiness(string url)
    {
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddMinutes(2); ; await Task.Delay(250))
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) throw new Xunit.Sdk.XunitException($"{url} never answered 200");
        }
    }
}
