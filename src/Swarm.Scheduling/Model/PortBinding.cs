namespace Swarm.Scheduling.Model;

/// <summary>One host binding of a container port, as in Docker's <c>HostConfig.PortBindings</c>.</summary>
/// <param name="ContainerPort">The container side, e.g. <c>80/tcp</c>.</param>
/// <param name="HostIp">Empty, <c>0.0.0.0</c> or <c>::</c> bind every interface.</param>
/// <param name="HostPort">Empty when the engine picks the port (<c>-p 80</c>); such bindings never conflict.</param>
public sealed record PortBinding(string ContainerPort, string HostIp, string HostPort)
{
    public bool BindsAllInterfaces => HostIp is "" or "0.0.0.0" or "::";
}
