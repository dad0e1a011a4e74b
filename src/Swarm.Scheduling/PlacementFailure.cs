namespace Swarm.Scheduling;

/// <summary>Why a request was not placed; the API maps the kind to a status code.</summary>
public enum PlacementFailure
{
    /// <summary>The request itself is malformed (400).</summary>
    InvalidRequest,

    /// <summary>The name is taken (409).</summary>
    NameConflict,

    /// <summary>No node satisfies the request (classic answered 500).</summary>
    Unschedulable,
}
