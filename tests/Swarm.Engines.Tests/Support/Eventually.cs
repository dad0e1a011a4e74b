namespace Swarm.Engines.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until the condition holds or the time runs out; returns whether it held.</summary>
    public static async Task<bool> Holds(Func<bool> condition, int timeoutMs = 1000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(5);
        }
        return true;
    }
}
