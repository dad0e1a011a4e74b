namespace Swarm.Engines.Hollow;

/// <summary>Failures a simulated engine can be told to show, for failure tests at scale.</summary>
public enum HollowFault
{
    None,

    /// <summary>Every call fails at once as a refused connection (a stopped dockerd).</summary>
    Refuse,

    /// <summary>Every call waits until its caller gives up (a SIGSTOPped dockerd); the event stream goes quiet.</summary>
    Hang,
}
