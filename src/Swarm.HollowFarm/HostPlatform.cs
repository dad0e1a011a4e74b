using System.Runtime.InteropServices;

namespace Swarm.HollowFarm;

/// <summary>The machine the farm runs on, named as dockerd names it: Go's GOARCH in <c>/version</c> and images, <c>uname -m</c> in <c>/info</c>.</summary>
public static class HostPlatform
{
    private static bool OnArm => RuntimeInformation.OSArchitecture == Architecture.Arm64;

    public static string GoArchitecture => OnArm ? "arm64" : "amd64";

    public static string MachineArchitecture => OnArm ? "aarch64" : "x86_64";
}
