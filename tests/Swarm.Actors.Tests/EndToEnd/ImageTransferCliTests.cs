using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Text.Json.Nodes;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>docker save</c>, <c>load</c>, <c>import</c>, <c>pull</c>, <c>push</c>, <c>search</c>, <c>image prune</c>, <c>build</c> and
/// <c>system df</c> through a manager over three real engines. Nothing here reaches the internet (pulls go to a
/// <see cref="TinyRegistry"/> on 127.0.0.1, or nowhere); the shared <c>busybox</c> image is only read.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class ImageTransferCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output), IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("swarm-images-").FullName;
    private readonly ITestOutputHelper log = output;

    [Fact]
    public async Task A_saved_image_loads_on_every_engine()
    {
        string tag = Unique("saved");
        try
        {
            Assert.Equal(0, (await Manager.Docker("tag", "busybox", tag)).ExitCode);
            string archive = Path.Combine(work, "saved.tar");
            var saved = await Manager.Docker("save", tag, "-o", archive);
            Assert.True(saved.ExitCode == 0, saved.ToString());
            Assert.Contains(tag, RepoTagsIn(archive));

            // The same from /images/{name}/get, which older clients use.
            using (var http = new HttpClient())
            {
                var single = await http.GetAsync($"http://127.0.0.1:{Manager.Port}/v1.41/images/{tag}/get");
                Assert.Equal(HttpStatusCode.OK, single.StatusCode);
                Assert.Contains(tag, RepoTagsIn(new MemoryStream(await single.Content.ReadAsByteArrayAsync())));
                var none = await http.GetAsync($"http://127.0.0.1:{Manager.Port}/images/swarmtest/nosuch:1/get");
                Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            }

            Assert.Equal(0, (await Manager.Docker("rmi", tag)).ExitCode);
            Assert.Empty(await EngineImageIds(tag));

            var loaded = await Manager.Docker("load", "-i", archive);
            Assert.True(loaded.ExitCode == 0, loaded.ToString());
            for (int node = 1; node <= 3; node++) Assert.Contains($"node-{node}: Loading Image... : Loaded image: {tag}", loaded.Output);
            // One archive: every engine now holds the very same image under the tag.
            var ids = await EngineImageIds(tag);
            Assert.Equal(3, ids.Count);
            Assert.Single(ids.Distinct());

            var missing = await Manager.Docker("save", "swarmtest/nosuch:1", "-o", Path.Combine(work, "none.tar"));
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("No such image: swarmtest/nosuch:1", missing.Error);
        }
        finally
        {
            await Manager.Docker("rmi", tag);
        }
    }

    [Fact]
    public async Task An_import_lands_on_every_engine_and_prune_removes_what_a_second_import_left_dangling()
    {
        string tag = Unique("imported");
        string archive = Path.Combine(work, "rootfs.tar");
        WriteRootfs(archive, "hello from " + tag);
        try
        {
            var imported = await Manager.Docker("import", archive, tag);
            Assert.True(imported.ExitCode == 0, imported.ToString());
            for (int node = 1; node <= 3; node++) Assert.Matches($"node-{node}: sha256:[0-9a-f]{{64}}", imported.Output);
            var first = await EngineImageIds(tag);
            Assert.Equal(3, first.Count);

            // Imported again under the same tag: the first images are left dangling on every engine.
            Assert.Equal(0, (await Manager.Docker("import", archive, tag)).ExitCode);
            var second = await EngineImageIds(tag);
            Assert.Equal(3, second.Count);
            Assert.Empty(first.Intersect(second));

            var pruned = await Manager.Docker("image", "prune", "-f");
            Assert.True(pruned.ExitCode == 0, pruned.ToString());
            Assert.All(first, id => Assert.Contains("deleted: " + id, pruned.Output));
            Assert.Contains("Total reclaimed space:", pruned.Output);
            for (int node = 1; node <= 3; node++)
            {
                var left = (await DockerCli.Run(Engines[node].Address, "images", "-a", "-q", "--no-trunc")).Output;
                Assert.All(first, id => Assert.DoesNotContain(id, left));
            }
            Assert.Equal(second.Order(), (await EngineImageIds(tag)).Order());
        }
        finally
        {
            await Manager.Docker("rmi", tag);
        }
    }

    [Fact]
    public async Task A_pull_that_fails_everywhere_shows_each_node_and_fails_and_push_and_search_answer_the_engines_error()
    {
        const string image = "127.0.0.1:1/nothing:latest";
        var pulled = await Manager.Docker("pull", image);
        Assert.NotEqual(0, pulled.ExitCode);
        for (int node = 1; node <= 3; node++)
        {
            Assert.Contains($"node-{node}: Pulling {image}...", pulled.Output);
            Assert.Matches($"node-{node}: Pulling {image.Replace(".", "\\.")}\\.\\.\\. : .*connection refused", pulled.Output);
        }
        Assert.Contains("connection refused", pulled.Error);

        // A push goes to the first engine holding the image, and fails there the same way.
        string pushed = "127.0.0.1:1/swarmtest/pushed:" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Assert.Equal(0, (await Manager.Docker("tag", "busybox", pushed)).ExitCode);
            var push = await Manager.Docker("push", pushed);
            Assert.NotEqual(0, push.ExitCode);
            Assert.Contains("connection refused", push.Output + push.Error);
            var unknown = await Manager.Docker("push", "127.0.0.1:1/swarmtest/nosuch:1");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("No such image: 127.0.0.1:1/swarmtest/nosuch:1", unknown.Error);
        }
        finally
        {
            await Manager.Docker("rmi", pushed);
        }

        // No registry here: the engine's own error comes back as a Docker error, not a failure of the manager.
        var searched = await Manager.Docker("search", "--limit", "1", "busybox");
        log.WriteLine(searched.ToString());
        if (searched.ExitCode != 0)
        {
            Assert.StartsWith("Error response from daemon:", searched.Error);
            Assert.DoesNotContain("page not found", searched.Error);
            Assert.DoesNotContain("Cannot connect to engine", searched.Error);
        }
        else
        {
            Assert.Contains("NAME", searched.Output);
        }
    }

    [Fact]
    public async Task A_pull_from_a_registry_lands_on_every_engine_with_the_clients_credentials()
    {
        // The registry serves busybox as node-1 holds it: every engine ends with node-1's image.
        string archive = Path.Combine(work, "busybox.tar");
        var exported = await DockerCli.Run(Engines[1].Address, "save", "busybox", "-o", archive);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        const string credentials = "swarm:s3cret";
        await using var registry = await WithArchive(archive, archiveStream => TinyRegistry.Start("swarmtest/pulled", Guid.NewGuid().ToString("N")[..8], archiveStream, credentials));
        try
        {
            // Without credentials every engine is refused.
            var refused = await Cli([], "pull", registry.Reference);
            log.WriteLine(refused.ToString());
            Assert.NotEqual(0, refused.ExitCode);
            for (int node = 1; node <= 3; node++) Assert.Matches($"node-{node}: Pulling .*(no basic auth credentials|unauthorized)", refused.Output);
            Assert.Empty(await EngineImageIds(registry.Reference));

            // As after docker login: the CLI sends X-Registry-Auth, which every engine must get.
            string config = Path.Combine(work, "docker-config");
            Directory.CreateDirectory(config);
            await File.WriteAllTextAsync(Path.Combine(config, "config.json"), new JsonObject
            {
                ["auths"] = new JsonObject { [registry.Address] = new JsonObject { ["auth"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)) } },
            }.ToJsonString());
            var pulled = await Cli(new() { ["DOCKER_CONFIG"] = config }, "pull", registry.Reference);
            log.WriteLine(pulled.ToString());
            Assert.True(pulled.ExitCode == 0, pulled.ToString());
            for (int node = 1; node <= 3; node++) Assert.Contains($"node-{node}: Pulling {registry.Reference}... : downloaded", pulled.Output);
            Assert.True(registry.ManifestRequests >= 3, $"{registry.ManifestRequests} manifest requests");
            var ids = await EngineImageIds(registry.Reference);
            Assert.Equal([registry.ImageId, registry.ImageId, registry.ImageId], ids);
        }
        finally
        {
            await Manager.Docker("rmi", registry.Reference);
        }
    }

    [Fact]
    public async Task A_build_goes_to_the_node_its_constraint_names_and_nowhere_else()
    {
        string context = Path.Combine(work, "context");
        Directory.CreateDirectory(context);
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM busybox\nRUN echo hi > /hi\n");
        var tags = new Dictionary<int, string> { [2] = Unique("built"), [3] = Unique("built") };
        try
        {
            foreach (var (node, tag) in tags)
            {
                var built = await LegacyBuild(context, "--build-arg", $"constraint:node==node-{node}", "-t", tag);
                Assert.True(built.ExitCode == 0, built.ToString());
                Assert.Contains("Successfully tagged " + tag, built.Output);
                // The hint was taken out of the build args: the engine never saw an unused one.
                Assert.DoesNotContain("not consumed", built.Output + built.Error);
                for (int other = 1; other <= 3; other++)
                {
                    var held = await DockerCli.Run(Engines[other].Address, "images", "-q", tag);
                    Assert.True((held.Output.Length > 0) == (other == node), $"{tag} on node-{other}: '{held.Output}'");
                }
            }
            var history = await DockerCli.Run(Engines[2].Address, "history", "--no-trunc", "--format", "{{.CreatedBy}}", tags[2]);
            Assert.Contains("echo hi > /hi", history.Output);

            var nowhere = await LegacyBuild(context, "--build-arg", "constraint:node==node-9", "-t", Unique("nowhere"));
            Assert.NotEqual(0, nowhere.ExitCode);
            Assert.Contains("Unable to find a node that satisfies the following conditions", nowhere.Error);
            Assert.Contains("node==node-9", nowhere.Error);
        }
        finally
        {
            foreach (var tag in tags.Values) await Manager.Docker("rmi", tag);
        }
    }

    [Fact]
    public async Task System_df_describes_the_whole_cluster()
    {
        string name = Unique("df").Replace(":", "-").Replace("/", "-"), volume = "vol-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            Assert.Equal(0, (await Manager.Docker("create", "--name", name, "-e", "constraint:node==node-3", "busybox", "true")).ExitCode);
            Assert.Equal(0, (await Manager.Docker("volume", "create", volume)).ExitCode);
            string id = (await Manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}")).Output.Split('\n')
                .Single(l => l.EndsWith(" node-3/" + name, StringComparison.Ordinal)).Split(' ')[0];
            Assert.Equal(64, id.Length);

            var summary = await Manager.Docker("system", "df", "--format", "{{.Type}}={{.TotalCount}}");
            Assert.True(summary.ExitCode == 0, summary.ToString());
            var engineUsage = await Task.WhenAll(Enumerable.Range(1, 3).Select(n => DiskUsage(Engines[n].Address)));
            var managerUsage = await DiskUsage($"127.0.0.1:{Manager.Port}");
            int images = engineUsage.SelectMany(u => u["Images"]!.AsArray()).Select(i => i!["Id"]!.GetValue<string>()).Distinct().Count();
            Assert.Contains($"Images={images}", summary.Output.Split('\n'));
            Assert.Equal(engineUsage.Sum(u => u["LayersSize"]!.GetValue<long>()), managerUsage["LayersSize"]!.GetValue<long>());
            Assert.Equal(engineUsage.Sum(u => u["Containers"]!.AsArray().Count), managerUsage["Containers"]!.AsArray().Count);

            var verbose = await Manager.Docker("system", "df", "-v");
            Assert.True(verbose.ExitCode == 0, verbose.ToString());
            var row = verbose.Output.Split('\n').Single(l => l.Contains("node-3/" + name, StringComparison.Ordinal));
            Assert.StartsWith(id[..12], row);
            for (int node = 1; node <= 3; node++) Assert.Contains($"node-{node}/{volume}", verbose.Output);
        }
        finally
        {
            await Manager.Docker("rm", "-f", name);
            await Manager.Docker("volume", "rm", volume);
        }
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static string Unique(string what) => $"swarmtest/{what}:{Guid.NewGuid().ToString("N")[..8]}";

    // What the engines themselves hold under a reference, one ID per engine that has it.
    private async Task<List<string>> EngineImageIds(string reference)
    {
        var ids = new List<string>();
        for (int node = 1; node <= 3; node++)
        {
            var listed = await DockerCli.Run(Engines[node].Address, "images", "--no-trunc", "--format", "{{.ID}}", reference);
            ids.AddRange(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return ids;
    }

    private static async Task<JsonObject> DiskUsage(string address)
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync($"http://{address}/v1.41/system/df"))!.AsObject();
    }

    private static async Task<T> WithArchive<T>(string path, Func<Stream, Task<T>> use)
    {
        await using var file = File.OpenRead(path);
        return await use(file);
    }

    // The tags an archive made by docker save names in its manifest.json.
    private static List<string> RepoTagsIn(string archive)
    {
        using var file = File.OpenRead(archive);
        return RepoTagsIn(file);
    }

    private static List<string> RepoTagsIn(Stream archive)
    {
        using var reader = new TarReader(archive);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') != "manifest.json") continue;
            var manifest = JsonNode.Parse(entry.DataStream!)!.AsArray();
            return [.. manifest.SelectMany(m => m!["RepoTags"]?.AsArray() ?? []).Select(t => t!.GetValue<string>())];
        }
        return [];
    }

    // A root file system of one file, as docker import takes it.
    private static void WriteRootfs(string path, string content)
    {
        using var file = File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Pax);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };
        writer.WriteEntry(entry);
    }

    // docker build with the legacy builder, which the manager schedules (BuildKit would need buildx and sessions).
    private Task<DockerCli.Result> LegacyBuild(string context, params string[] arguments) =>
        Cli(new() { ["DOCKER_BUILDKIT"] = "0" }, ["build", .. arguments, context]);

    // The docker CLI against the manager, with environment variables of its own (and never DOCKER_HOST).
    private async Task<DockerCli.Result> Cli(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-H", $"tcp://127.0.0.1:{Manager.Port}", .. arguments]) start.ArgumentList.Add(argument);
        start.Environment.Remove("DOCKER_HOST");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new DockerCli.Result(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
