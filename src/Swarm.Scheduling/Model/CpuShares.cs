namespace Swarm.Scheduling.Model;

/// <summary>
/// Classic Swarm reads <c>HostConfig.CpuShares</c> as a number of CPUs. These convert between that and the
/// relative shares an engine understands (1024 = the whole machine), as classic did on create and on inspect.
/// </summary>
public static class CpuShares
{
    private const long FullMachine = 1024;

    /// <summary>Shares to send to an engine with <paramref name="engineCpus"/> CPUs: <c>ceil(cpus × 1024 / engineCpus)</c>.</summary>
    public static long ToEngineShares(long cpus, long engineCpus) =>
        cpus <= 0 || engineCpus <= 0 ? 0 : (cpus * FullMachine + engineCpus - 1) / engineCpus;

    /// <summary>CPUs reserved by a container the engine reports with <paramref name="shares"/>: <c>shares × engineCpus / 1024</c>.</summary>
    public static long FromEngineShares(long shares, long engineCpus) =>
        shares <= 0 || engineCpus <= 0 ? 0 : shares * engineCpus / FullMachine;
}
