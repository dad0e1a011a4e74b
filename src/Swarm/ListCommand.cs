using Swarm.Engines;

namespace Swarm;

/// <summary><c>swarm list &lt;discovery&gt;</c>: prints the engines discovery names, one <c>host:port</c> per line.</summary>
public static class ListCommand
{
    public static async Task<int> Run(string[] args)
    {
        var line = CommandLine.TryParse(args, new HashSet<string> { "timeout", "discovery-opt" }, new HashSet<string>(), new Dictionary<string, string>(), out string? error);
        if (line is null) return Fail(error!);
        var timeout = GoDuration.TryParse(line.Value("timeout") ?? "10s");
        if (timeout is null || timeout <= TimeSpan.Zero) return Fail("--timeout should be a positive number");
        string? discovery = line.Positional.FirstOrDefault() ?? Environment.GetEnvironmentVariable("SWARM_DISCOVERY");
        if (string.IsNullOrEmpty(discovery)) return Fail("discovery required to list a cluster. See 'swarm list --help'.");
        var source = DiscoveryList.TryParse(discovery, out error);
        if (source is null) return Fail(error!);
        try
        {
            using var deadline = new CancellationTokenSource(timeout.Value);
            foreach (string entry in await source.ReadAsync(deadline.Token)) Console.WriteLine(entry);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return Fail("Timed out");
        }
        catch (IOException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
