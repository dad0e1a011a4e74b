using System.Runtime.Serialization;
using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>
/// A container list entry with the <c>HostConfig</c> dockerd writes into it (its network mode), which
/// Docker.DotNet's list model lacks.
/// </summary>
[DataContract]
public sealed class HollowListEntry : ContainerListResponse
{
    [DataMember(Name = "HostConfig")]
    public ListHostConfig HostConfig { get; set; } = new();

    [DataContract]
    public sealed class ListHostConfig
    {
        [DataMember(Name = "NetworkMode")]
        public string NetworkMode { get; set; } = "default";
    }
}
