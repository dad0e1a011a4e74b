namespace Swarm.Scheduling.Model;

/// <summary>
/// What an operator allows on a node (<c>docker node update --availability</c>): <c>Active</c> takes new
/// containers; <c>Pause</c> keeps what it has and takes none; <c>Drain</c> also sends its movable containers elsewhere.
/// </summary>
public enum NodeAvailability
{
    Active,
    Pause,
    Drain,
}
