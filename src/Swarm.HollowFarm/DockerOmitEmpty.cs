using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// The fields dockerd 20.10 leaves out when empty (Go's <c>json:",omitempty"</c> in the API's types), by the
/// Docker.DotNet model that carries them. Every other field is written even when empty, as Go's encoder does.
/// Found by comparing a hollow engine's answers with a real dockerd's (<c>HollowMatchesDockerdTests</c>).
/// </summary>
internal static class DockerOmitEmpty
{
    private static readonly Dictionary<Type, HashSet<string>> Fields = new()
    {
        [typeof(ContainerInspectResponse)] = ["Node", "SizeRw", "SizeRootFs"],
        [typeof(ContainerListResponse)] = ["SizeRw", "SizeRootFs"],
        [typeof(Config)] = ["ExposedPorts", "Healthcheck", "ArgsEscaped", "NetworkDisabled", "MacAddress", "StopSignal", "StopTimeout", "Shell"],
        [typeof(HostConfig)] = ["Mounts", "Init", "StorageOpt", "Sysctls", "Tmpfs"],
        [typeof(ContainerState)] = ["Health"],
        [typeof(SystemInfoResponse)] = ["ClusterStore", "ClusterAdvertise", "DefaultAddressPools", "ProductLicense", "SystemStatus"],
        [typeof(Info)] = ["Nodes", "Managers", "Cluster", "Warnings"],
        [typeof(ImageInspectResponse)] = ["OsVersion", "Variant"],
        [typeof(RootFS)] = ["BaseLayer"],
        [typeof(NetworkResponse)] = ["Peers", "Services"],
        [typeof(VolumeResponse)] = ["Status", "UsageData"],
        [typeof(Runtime)] = ["runtimeArgs"],
    };

    public static bool Applies(Type declaringType, string jsonName)
    {
        for (var type = declaringType; type is not null; type = type.BaseType)
        {
            if (Fields.TryGetValue(type, out var names) && names.Contains(jsonName)) return true;
        }
        return false;
    }

    /// <summary>Go's idea of empty: nil, false, 0, "" and empty maps and slices.</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        bool flag => !flag,
        string text => text.Length == 0,
        long number => number == 0,
        int number => number == 0,
        ulong number => number == 0,
        System.Collections.ICollection collection => collection.Count == 0,
        _ => false,
    };
}
