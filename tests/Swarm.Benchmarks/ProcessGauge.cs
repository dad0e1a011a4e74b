namespace Swarm.Benchmarks;

/// <summary>
/// A process's peak RSS and CPU time as last read from /proc: the readings outlive the process, so a manager
/// SIGKILLed mid-run still reports what it used until its last reading (taken just before the kill).
/// </summary>
internal sealed class ProcessGauge(int pid)
{
    public int Pid => pid;

    /// <summary>VmHWM in kB.</summary>
    public long PeakRssKb { get; private set; }

    /// <summary>VmRSS in kB.</summary>
    public long RssKb { get; private set; }

    public double CpuSeconds { get; private set; }

    /// <summary>Reads /proc again; false (and the last readings kept) once the process is gone.</summary>
    public bool Read()
    {
        try
        {
            long peak = ProcFs.Status(pid, "VmHWM");
            // A process that exited but was not yet reaped has no memory fields left.
            if (peak == 0) return false;
            PeakRssKb = peak;
            RssKb = ProcFs.Status(pid, "VmRSS");
            CpuSeconds = ProcFs.CpuSeconds(pid);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
