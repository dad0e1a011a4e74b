using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>Proxied and hijacked calls to an engine that only accepts the manager's client certificate (<c>--tlsverify</c>).</summary>
public sealed class ContainerProxyTlsTests(TlsEngine engine, ITestOutputHelper output) : IClassFixture<TlsEngine>, IAsyncLifetime
{
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-proxy-tls-{Guid.NewGuid():N}.db");
    private ManagerProcess manager = null!;

    public async Task InitializeAsync()
    {
        manager = await ManagerProcess.StartAsync([engine[1].Address], store,
            "--tlsverify", "--tlscacert", engine.TlsFile("ca.pem"), "--tlscert", engine.TlsFile("cert.pem"), "--tlskey", engine.TlsFile("key.pem"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !manager.HasExited)
        {
            if ((await manager.Docker("info", "--format", "{{json .SystemStatus}}")).Output.Contains("Healthy")) return;
            await Task.Delay(250);
        }
        throw new InvalidOperationException("swarm manage did not get its TLS engine:\n" + manager.Log);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(string.Join('\n', manager.Log.Split('\n').TakeLast(40)));
        await manager.DisposeAsync();
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task Inspect_logs_exec_and_attached_run_reach_the_engine_with_the_client_certificate()
    {
        string name = "tls-" + Guid.NewGuid().ToString("N")[..6];
        var run = await manager.Docker("run", "-d", "--name", name, "busybox", "sh", "-c", "echo over-tls; exec sleep 300");
        Assert.True(run.ExitCode == 0, run.Error);
        try
        {
            Assert.Equal($"{run.Output} node-1", (await manager.Docker("inspect", "--format", "{{.Id}} {{.Node.Name}}", name)).Output);
            var logs = await manager.Docker("logs", name);
            for (int i = 0; i < 50 && logs.Output != "over-tls"; i++)
            {
                await Task.Delay(100);
                logs = await manager.Docker("logs", name);
            }
            Assert.Equal("over-tls", logs.Output);
            Assert.Equal("hi", (await manager.Docker("exec", name, "echo", "hi")).Output);
            Assert.Equal("x", (await manager.DockerWithInput("x\n", "exec", "-i", name, "cat")).Output);
            Assert.Equal(new DockerCli.Result(0, "hello", ""), await manager.Docker("run", "--rm", "busybox", "echo", "hello"));
        }
        finally
        {
            await manager.Docker("rm", "-f", name);
        }
    }
}
