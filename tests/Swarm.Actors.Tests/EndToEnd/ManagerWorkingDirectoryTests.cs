using System.Diagnostics;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Where <c>swarm manage</c> is started does not matter to it: ASP.NET watches its content root recursively for
/// configuration changes, so a manager whose content root was its working directory (started in /tmp, say) put an
/// inotify watch on every directory below it. The content root is the program's own directory.
/// </summary>
public sealed class ManagerWorkingDirectoryTests : IDisposable
{
    private const int Subdirectories = 500;

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"swarm-cwd-{Guid.NewGuid():N}");

    public ManagerWorkingDirectoryTests()
    {
        for (int i = 0; i < Subdirectories; i++) Directory.CreateDirectory(Path.Combine(directory, $"d{i}"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_manager_started_in_a_directory_with_many_subdirectories_does_not_watch_them()
    {
        int port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "swarm.dll"), "manage", "-H", $"tcp://127.0.0.1:{port}",
                     "--store", Path.Combine(directory, "swarm.db"), "--cluster-port", "0", "--shell-port", "0", "nodes://127.0.0.1:1" })
        {
            start.ArgumentList.Add(argument);
        }
        using var manager = Process.Start(start)!;
        var listening = new TaskCompletionSource();
        manager.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("swarm manager listening", StringComparison.Ordinal) == true) listening.TrySetResult(); };
        manager.OutputDataReceived += (_, _) => { };
        manager.BeginErrorReadLine();
        manager.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            int watches = Directory.GetFiles($"/proc/{manager.Id}/fdinfo")
                .Sum(fd => File.ReadLines(fd).Count(line => line.StartsWith("inotify", StringComparison.Ordinal)));
            Assert.True(watches < Subdirectories, $"{watches} inotify watches: the manager watches the directory it was started in");
        }
        finally
        {
            manager.Kill(entireProcessTree: true);
            await manager.WaitForExitAsync();
        }
    }
}
