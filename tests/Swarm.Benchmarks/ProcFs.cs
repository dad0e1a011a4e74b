namespace Swarm.Benchmarks;

/// <summary>What the scale benchmarks read from /proc: a process's memory and CPU time, the machine's load and memory.</summary>
internal static class ProcFs
{
    /// <summary>A field of /proc/PID/status in kB (VmHWM: peak resident set; VmRSS: now).</summary>
    public static long Status(int pid, string field)
    {
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>utime + stime of /proc/PID/stat, in seconds (clock ticks of 1/100 s).</summary>
    public static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>The one-minute load average.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static long MemoryGiB()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return (long)Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0);
    }
}
