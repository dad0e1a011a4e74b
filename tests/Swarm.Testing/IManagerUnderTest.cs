namespace Swarm.Testing;

/// <summary>A Swarm-compatible manager process a benchmark drives over the Docker API: ours, or any other.</summary>
public interface IManagerUnderTest : IAsyncDisposable
{
    /// <summary>Its Docker API on <c>127.0.0.1:Port</c>.</summary>
    int Port { get; }

    /// <summary>The process whose RSS and CPU time are measured.</summary>
    int Pid { get; }

    string Log { get; }

    bool HasExited { get; }
}
