using Swarm.Engines;

namespace Swarm.Actors.Tests.Support;

/// <summary>An engine a test can watch and hurt: a real dockerd or a hollow one, behind the same verbs.</summary>
public interface IEngineTarget
{
    string Name { get; }
    string Address { get; }
    IEngineClient NewClient();

    /// <summary>The daemon dies (SIGKILL); calls are refused.</summary>
    void Kill();

    /// <summary>The daemon starts again after <see cref="Kill"/>, same data, same address.</summary>
    void Restart();

    /// <summary>The daemon stops answering (SIGSTOP); connections hang.</summary>
    void Hang();

    void Resume();
}

/// <summary>Three engines named node-1..node-3, sharing one dockerd ID; node-1 has engine labels <c>region=eu</c> and <c>node=ignored</c>.</summary>
public interface IEngineTargets
{
    IEngineTarget this[int number] { get; }
}
