
namespace Swarm.HollowFarm;

/// <summary>Gives each request the engine of the endpoint it came in on (<see cref="FarmEngine.BindAsync"/>), first of all.</summary>
public static class EngineBinding
{
    public static void UseFarmEngines(this WebApplication app, Farm farm)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            context.Features.Set(farm.At(context.Connection.LocalIpAddress, context.Connection.LocalPort));
            // Streams and held requests end when the farm stops, instead of holding up its shutdown.
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            context.RequestAborted = ending.Token;
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away or the farm is stopping: nobody is left to answer.
            }
        });
    }
}
