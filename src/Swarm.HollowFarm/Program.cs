using Microsoft.AspNetCore.Server.Kestrel.Core;
using Swarm.HollowFarm;

// hollow-farm --engines N [...]: N simulated engines, one web server, one endpoint each.
var engines = FarmOptions.TryParse(args, out string? error);
if (engines is null)
{
    Console.Error.WriteLine($"hollow-farm: {error}. See 'hollow-farm --help'.");
    return 2;
}
if (engines.Count == 0)
{
    Console.WriteLine(FarmOptions.Usage);
    return 0;
}

var farm = new Farm(engines);
// Content root: the program's directory, so ASP.NET's config watcher does not watch the directory it was started in.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
// Standard output carries only the engines' addresses; everything else goes to standard error.
builder.Logging.ClearProviders().AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    foreach (var engine in farm.Engines) kestrel.Listen(engine.Endpoint, endpoint => endpoint.Protocols = HttpProtocols.Http1);
});

var app = builder.Build();
app.UseFarmEngines(farm);
// A faulty engine fails before anything else it would say: a dead daemon does not even refuse an API version.
app.UseFaultInjection();
app.UseDockerConventions();
// Routing runs after the /vX.Y prefix is gone, so one route serves /info and /v1.41/info alike.
app.UseRouting();
app.MapFaultRoutes();
app.MapSystemRoutes();
app.MapContainerRoutes();
app.MapImageRoutes();
app.MapNetworkRoutes();
app.MapVolumeRoutes();
app.MapEventRoutes();
app.MapFallback(() => DockerJson.Error(StatusCodes.Status404NotFound, "page not found"));

try
{
    await app.StartAsync();
}
catch (IOException failed)
{
    Console.Error.WriteLine($"hollow-farm: cannot listen: {failed.Message}");
    return 1;
}
foreach (var engine in farm.Engines) Console.WriteLine(engine.Engine.Address);
Console.Error.WriteLine($"hollow-farm: {farm.Engines.Count} hollow (simulated) engine(s) serving the Docker API {DockerConventions.ApiVersion}; SIGTERM or SIGINT stops them");
await app.WaitForShutdownAsync();
return 0;
