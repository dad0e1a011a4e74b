using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// The unmodified docker CLI against one <c>swarm manage</c> over three real engines, for the calls the manager
/// proxies to the container's engine: inspect, logs, exec, run/attach, cp, diff, export, top, stats, update, port,
/// rename and wait.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class ContainerProxyCliTests(RealEngines engines, ContainerProxyCliTests.SharedManager shared, ITestOutputHelper output)
    : IClassFixture<ContainerProxyCliTests.SharedManager>, IAsyncLifetime
{
    private readonly List<string> containers = [];
    private ManagerProcess manager = null!;

    public async Task InitializeAsync() => manager = await shared.Over(engines);

    public async Task DisposeAsync()
    {
        if (containers.Count > 0) await manager.Docker(["rm", "-f", .. containers]);
        output.WriteLine(string.Join('\n', manager.Log.Split('\n').TakeLast(40)));
    }

    [Fact]
    public async Task Docker_inspect_by_name_virtual_id_prefix_or_node_name_shows_the_virtual_id_and_the_node()
    {
        string name = Name("inspect");
        string id = await RunDetached("--name", name, "-e", "constraint:node==node-2", "busybox", "sleep", "300");

        foreach (string target in new[] { name, id, id[..10], "node-2/" + name })
        {
            var inspect = await manager.Docker("inspect", "--format", "{{.Id}} {{.Node.Name}} {{.Name}} {{.Config.Image}} {{.State.Running}}", target);
            Assert.True(inspect.ExitCode == 0, $"{target}: {inspect.Error}");
            Assert.Equal($"{id} node-2 /{name} busybox true", inspect.Output);
        }

        string physical = (await DockerCli.Run("tcp://" + engines[2].Address, "inspect", "--format", "{{.Id}}", name)).Output;
        Assert.NotEqual(id, physical);
        Assert.Equal($"{physical} {engines[2].Address} 127.0.0.1", (await manager.Docker("inspect", "--format", "{{.Node.ContainerID}} {{.Node.Addr}} {{.Node.IP}}", name)).Output);

        // Every field the engine sent survives, Node comes on top.
        var mine = JsonNode.Parse((await manager.Docker("inspect", name)).Output)!.AsArray().Single()!.AsObject();
        var onEngine = JsonNode.Parse((await DockerCli.Run("tcp://" + engines[2].Address, "inspect", name)).Output)!.AsArray().Single()!.AsObject();
        Assert.Empty(onEngine.Select(p => p.Key).Except(mine.Select(p => p.Key)));
        Assert.True(JsonNode.DeepEquals(onEngine["Config"], mine["Config"]));
        Assert.True(mine.ContainsKey("Node"));

        var missing = await manager.Docker("container", "inspect", "no-such-" + name);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"No such container: no-such-{name}", missing.Error);
    }

    [Fact]
    public async Task Docker_logs_shows_stdout_and_stderr_with_tail_timestamps_and_follow()
    {
        string name = Name("logs");
        await RunDetached("--name", name, "busybox", "sh", "-c", "echo one; echo two >&2; sleep 0.2; echo three; exec sleep 300");
        var logs = await Eventually(() => manager.Docker("logs", name), r => r.Output.Contains("three"));
        Assert.Equal("one\nthree", logs.Output);
        Assert.Equal("two", logs.Error);

        Assert.Equal("three", (await manager.Docker("logs", "--tail", "1", name)).Output);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z three$", (await manager.Docker("logs", "--timestamps", "--tail", "1", name)).Output);

        // Follow: the lines arrive while the stream stays open.
        using var follow = StartCli("logs", "-f", name);
        try
        {
            var seen = new List<string>();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!seen.Contains("three") && await follow.StandardOutput.ReadLineAsync(deadline.Token) is { } line) seen.Add(line);
            Assert.Equal(["one", "three"], seen);
            Assert.False(follow.HasExited);
        }
        finally
        {
            follow.Kill();
        }

        var unknown = await manager.Docker("logs", "no-such-" + name);
        Assert.Equal($"Error response from daemon: No such container: no-such-{name}", unknown.Error);
    }

    [Fact]
    public async Task Docker_exec_runs_with_and_without_stdin_or_tty_and_reports_the_exit_code()
    {
        string name = Name("exec");
        string id = await RunDetached("--name", name, "-e", "constraint:node==node-3", "busybox", "sleep", "300");

        Assert.Equal(new DockerCli.Result(0, "hi", ""), await manager.Docker("exec", name, "echo", "hi"));
        Assert.Equal(3, (await manager.Docker("exec", name, "sh", "-c", "exit 3")).ExitCode);
        Assert.Equal("x", (await manager.DockerWithInput("x\n", "exec", "-i", name, "cat")).Output);
        Assert.Equal("tty", (await manager.Docker("exec", "-t", name, "echo", "tty")).Output);
        Assert.Equal("by node name", (await manager.Docker("exec", "node-3/" + name, "echo", "by node name")).Output);
        Assert.Equal(0, (await manager.Docker("exec", "-d", name, "touch", "/tmp/detached")).ExitCode);
        await Eventually(() => manager.Docker("exec", name, "ls", "/tmp/detached"), r => r.ExitCode == 0);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{manager.Port}/v1.41/") };
        // Sent camel-cased ("cmd"): the engine reads field names case-insensitively, so must the manager.
        var created = await http.PostAsJsonAsync($"containers/{name}/exec", new { Cmd = new[] { "true" } });
        string execId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["Id"]!.GetValue<string>();
        var exec = JsonNode.Parse(await http.GetStringAsync($"exec/{execId}/json"))!;
        Assert.Equal(id, exec["ContainerID"]!.GetValue<string>());

        var empty = await http.PostAsJsonAsync($"containers/{name}/exec", new { Cmd = Array.Empty<string>() });
        Assert.Equal(400, (int)empty.StatusCode);
        Assert.Equal("No exec command specified", await Message(empty));
        var unknown = await http.GetAsync("exec/0123456789abcdef/json");
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal("Exec 0123456789abcdef not found", await Message(unknown));
    }

    [Fact]
    public async Task Docker_run_attached_and_docker_attach_stream_output_input_and_exit_codes()
    {
        string hello = Name("hello");
        containers.Add(hello);
        Assert.Equal(new DockerCli.Result(0, "hello", ""), await manager.Docker("run", "--pull", "never", "--name", hello, "busybox", "echo", "hello"));

        var failing = await manager.Docker("run", "--rm", "busybox", "sh", "-c", "echo bye; exit 5");
        Assert.Equal((5, "bye"), (failing.ExitCode, failing.Output));
        Assert.Equal("piped", (await manager.DockerWithInput("piped\n", "run", "-i", "--rm", "busybox", "cat")).Output);

        string ticking = Name("attach");
        await RunDetached("--name", ticking, "busybox", "sh", "-c", "sleep 1; for i in 1 2 3 4 5; do echo tick $i; sleep 0.2; done");
        var attached = await manager.Docker("attach", ticking);
        Assert.True(attached.ExitCode == 0, attached.Error);
        Assert.EndsWith("tick 4\ntick 5", attached.Output);
        Assert.Equal("0", (await manager.Docker("wait", ticking)).Output);
    }

    [Fact]
    public async Task Docker_cp_both_ways_diff_export_top_stats_and_update()
    {
        string name = Name("files");
        string id = await RunDetached("--name", name, "busybox", "sleep", "300");
        string directory = Directory.CreateTempSubdirectory("swarm-cp-").FullName;
        try
        {
            Assert.Equal(0, (await manager.Docker("exec", name, "sh", "-c", "echo from-container > /tmp/out.txt")).ExitCode);
            var copiedOut = await manager.Docker("cp", $"{name}:/tmp/out.txt", Path.Combine(directory, "out.txt"));
            Assert.True(copiedOut.ExitCode == 0, copiedOut.Error);
            Assert.Equal("from-container\n", await File.ReadAllTextAsync(Path.Combine(directory, "out.txt")));

            await File.WriteAllTextAsync(Path.Combine(directory, "in.txt"), "from-host\n");
            var copiedIn = await manager.Docker("cp", Path.Combine(directory, "in.txt"), $"{name}:/tmp/in.txt");
            Assert.True(copiedIn.ExitCode == 0, copiedIn.Error);
            Assert.Equal("from-host", (await manager.Docker("exec", name, "cat", "/tmp/in.txt")).Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var diff = (await manager.Docker("diff", name)).Output.Split('\n');
        Assert.Contains("A /tmp/out.txt", diff);
        Assert.Contains("A /tmp/in.txt", diff);

        var export = await Shell($"docker -H tcp://127.0.0.1:{manager.Port} export {name} | tar t");
        Assert.Contains("tmp/out.txt", export.Split('\n'));
        Assert.Contains("bin/busybox", export.Split('\n'));

        Assert.Contains("sleep 300", (await manager.Docker("top", name)).Output);
        Assert.Equal($"{id} {name}", (await manager.Docker("stats", "--no-stream", "--no-trunc", "--format", "{{.ID}} {{.Name}}", name)).Output);

        var update = await manager.Docker("update", "--memory", "64m", "--memory-swap", "128m", name);
        Assert.True(update.ExitCode == 0, update.Error);
        Assert.Equal("67108864", (await manager.Docker("inspect", "--format", "{{.HostConfig.Memory}}", name)).Output);
    }

    [Fact]
    public async Task Docker_port_shows_ports_published_on_all_interfaces_at_the_nodes_ip()
    {
        // The test engines have no default bridge; a network of their own publishes ports.
        string network = Name("net");
        string engine = "tcp://" + engines[1].Address;
        Assert.Equal(0, (await DockerCli.Run(engine, "network", "create", network)).ExitCode);
        string name = Name("port");
        try
        {
            await RunDetached("--name", name, "--net", network, "-p", "8080", "-e", "constraint:node==node-1", "busybox", "sleep", "300");
            string onEngine = (await DockerCli.Run(engine, "port", name)).Output;
            Assert.Contains("8080/tcp -> 0.0.0.0:", onEngine);

            string hostPort = onEngine.Split('\n')[0].Split(':').Last();
            Assert.Equal($"8080/tcp -> 127.0.0.1:{hostPort}", (await manager.Docker("port", name)).Output);
        }
        finally
        {
            await manager.Docker("rm", "-f", name);
            await DockerCli.Run(engine, "network", "rm", network);
        }
    }

    [Fact]
    public async Task Docker_rename_renames_on_the_engine_and_refuses_a_name_taken_on_another_node()
    {
        string first = Name("first"), renamed = Name("renamed"), other = Name("other");
        string id = await RunDetached("--name", first, "-e", "constraint:node==node-1", "busybox", "sleep", "300");
        await RunDetached("--name", other, "-e", "constraint:node==node-2", "busybox", "sleep", "300");
        containers.Add(renamed);

        Assert.Equal(0, (await manager.Docker("rename", first, renamed)).ExitCode);
        Assert.Equal($"{id} /{renamed}", (await manager.Docker("inspect", "--format", "{{.Id}} {{.Name}}", renamed)).Output);
        Assert.Contains($"node-1/{renamed}", (await manager.Docker("ps", "--format", "{{.Names}}")).Output.Split('\n'));
        // The old name is free again cluster-wide, and the new one taken: the scheduler's record followed the engine.
        var reused = await Eventually(() => manager.Docker("create", "--name", first, "busybox", "true"), r => r.ExitCode == 0);
        Assert.True(reused.ExitCode == 0, $"{first} not free after the rename: {reused.Error}");
        containers.Add(first);
        Assert.Contains($"Conflict: The name {renamed} is already assigned.", (await manager.Docker("create", "--name", renamed, "busybox", "true")).Error);

        var conflict = await manager.Docker("rename", renamed, other);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains($"Error response from daemon: Conflict: The name {other} is already assigned.", conflict.Error);
        Assert.Equal($"/{renamed}", (await manager.Docker("inspect", "--format", "{{.Name}}", id)).Output);
    }

    private static string Name(string what) => $"px-{what}-{Guid.NewGuid():N}"[..(what.Length + 10)];

    private async Task<string> RunDetached(params string[] arguments)
    {
        int named = Array.IndexOf(arguments, "--name");
        if (named >= 0) containers.Add(arguments[named + 1]);
        var run = await manager.Docker(["run", "-d", .. arguments]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches("^[0-9a-f]{64}$", run.Output);
        return run.Output;
    }

    private Process StartCli(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-H", $"tcp://127.0.0.1:{manager.Port}", .. arguments]) start.ArgumentList.Add(argument);
        start.Environment.Remove("DOCKER_HOST");
        return Process.Start(start)!;
    }

    private static async Task<string> Shell(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -o pipefail; " + command);
        start.Environment.Remove("DOCKER_HOST");
        using var process = Process.Start(start)!;
        string text = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return text.Trim();
    }

    private static async Task<DockerCli.Result> Eventually(Func<Task<DockerCli.Result>> run, Func<DockerCli.Result, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var result = await run();
        while (!done(result) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            result = await run();
        }
        return result;
    }

    private static async Task<string?> Message(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();

    /// <summary>One manager for the whole class, started on first use over the collection's engines.</summary>
    public sealed class SharedManager : IAsyncLifetime
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-proxy-{Guid.NewGuid():N}.db");
        private ManagerProcess? manager;

        public async Task<ManagerProcess> Over(RealEngines engines)
        {
            await gate.WaitAsync();
            try
            {
                return manager ??= await Start(engines);
            }
            finally
            {
                gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (manager is not null) await manager.DisposeAsync();
            foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
        }

        private Task<ManagerProcess> Start(RealEngines engines) =>
            ManagerProcess.StartHealthy([engines[1].Address, engines[2].Address, engines[3].Address], store);
    }
}
