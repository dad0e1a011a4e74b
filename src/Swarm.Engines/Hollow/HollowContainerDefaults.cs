using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>
/// What dockerd 20.10 (cgroup v1, runc) fills into a container's host config at create when the client left it
/// empty, so an inspect of a hollow container reads like one of a real engine.
/// </summary>
internal static class HollowContainerDefaults
{
    public const long ShmSize = 64L << 20;

    private static readonly string[] MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ];

    private static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static HostConfig Apply(HostConfig hostConfig)
    {
        if (string.IsNullOrEmpty(hostConfig.NetworkMode)) hostConfig.NetworkMode = "default";
        hostConfig.LogConfig ??= new LogConfig();
        if (string.IsNullOrEmpty(hostConfig.LogConfig.Type)) hostConfig.LogConfig.Type = "json-file";
        hostConfig.LogConfig.Config ??= new Dictionary<string, string>();
        if (string.IsNullOrEmpty(hostConfig.Runtime)) hostConfig.Runtime = "runc";
        if (string.IsNullOrEmpty(hostConfig.IpcMode)) hostConfig.IpcMode = "private";
        if (string.IsNullOrEmpty(hostConfig.CgroupnsMode)) hostConfig.CgroupnsMode = "host";
        if (hostConfig.ShmSize == 0) hostConfig.ShmSize = ShmSize;
        // Swap defaults to as much again as the memory limit.
        if (hostConfig.Memory > 0 && hostConfig.MemorySwap == 0) hostConfig.MemorySwap = hostConfig.Memory * 2;
        if (hostConfig.MemorySwappiness is < 0) hostConfig.MemorySwappiness = null;
        if (hostConfig.PidsLimit is <= 0) hostConfig.PidsLimit = null;
        if (!hostConfig.Privileged)
        {
            hostConfig.MaskedPaths ??= [.. MaskedPaths];
            hostConfig.ReadonlyPaths ??= [.. ReadonlyPaths];
        }
        return hostConfig;
    }
}
