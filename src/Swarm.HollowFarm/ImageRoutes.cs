using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// Images: list, inspect, pull, tag and remove. A hollow engine holds the images it was started with (<c>--image</c>) and
/// contacts no registry: pulling one of those answers as dockerd does for an image that is up to date, pulling
/// any other is refused as a repository that does not exist. <c>filters</c> and <c>all</c> are ignored.
/// </summary>
public static class ImageRoutes
{
    private const string JsonSuffix = "/json";
    private const string TagSuffix = "/tag";

    public static void MapImageRoutes(this WebApplication app)
    {
        app.MapGet("/images/json", async (FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.ListImagesAsync(cancellationToken)));

        // Names may hold slashes (library/busybox), so the name is whatever comes before the final /json.
        app.MapGet("/images/{**path}", async (string path, FarmEngine at, CancellationToken cancellationToken) =>
        {
            if (!path.EndsWith(JsonSuffix, StringComparison.Ordinal)) return DockerJson.Error(StatusCodes.Status404NotFound, "page not found");
            string reference = path[..^JsonSuffix.Length];
            var image = ImageReference.Find(await at.Engine.ListImagesAsync(cancellationToken), reference);
            return image is null ? DockerJson.Error(StatusCodes.Status404NotFound, $"No such image: {reference}") : DockerJson.Result(Inspect(image));
        });

        // Names may hold slashes, so the tag route is whatever comes before the final /tag.
        app.MapPost("/images/{**path}", async (string path, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!path.EndsWith(TagSuffix, StringComparison.Ordinal)) return DockerJson.Error(StatusCodes.Status404NotFound, "page not found");
            string repository = request.Query["repo"].ToString();
            if (repository.Length == 0) return DockerJson.Error(StatusCodes.Status400BadRequest, "repository name must have at least one component");
            // The CLI sends the full name (docker.io/library/mybox); the engine keeps it as Docker shows it.
            await at.Engine.TagImageAsync(path[..^TagSuffix.Length], ImageReference.Repository(ImageReference.Familiar(repository)), request.Query["tag"].ToString(), cancellationToken);
            return Results.StatusCode(StatusCodes.Status201Created);
        });

        app.MapDelete("/images/{**name}", async (string name, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.RemoveImageAsync(name, request.Flag("force"), cancellationToken)));

        app.MapPost("/images/create", async (FarmEngine at, HttpContext context, CancellationToken cancellationToken) =>
        {
            string fromImage = context.Request.Query["fromImage"].ToString(), tag = context.Request.Query["tag"].ToString();
            if (fromImage.Length == 0) return DockerJson.Error(StatusCodes.Status400BadRequest, "hollow engines do not import images (fromSrc); pull with fromImage");
            string reference = tag.Length == 0 || ImageReference.HasTagOrDigest(fromImage) ? fromImage : fromImage + (tag.Contains(':') ? "@" : ":") + tag;
            string familiar = ImageReference.Familiar(reference);
            var image = ImageReference.Find(await at.Engine.ListImagesAsync(cancellationToken), familiar);
            if (image is null)
            {
                return DockerJson.Error(StatusCodes.Status404NotFound,
                    $"pull access denied for {ImageReference.Repository(familiar)}, repository does not exist or may require 'docker login': " +
                    $"hollow engine {at.Engine.Name} only holds the images it was started with");
            }

            context.Response.ContentType = "application/json";
            await DockerJson.WriteLineAsync(context.Response, new { status = $"Pulling from {ImageReference.RemoteRepository(familiar)}", id = ImageReference.TagOrDigest(familiar) }, cancellationToken);
            await DockerJson.WriteLineAsync(context.Response, new { status = $"Digest: {image.ID}" }, cancellationToken);
            await DockerJson.WriteLineAsync(context.Response, new { status = $"Status: Image is up to date for {familiar}" }, cancellationToken);
            return Results.Empty;
        });
    }

    private const string HollowEngineVersion = Swarm.Engines.Hollow.HollowEngine.ServerVersion;

    private static ImageInspectResponse Inspect(ImagesListResponse image) => new()
    {
        ID = image.ID,
        RepoTags = image.RepoTags,
        RepoDigests = image.RepoDigests,
        Parent = "",
        Comment = "",
        Created = image.Created,
        Container = "",
        ContainerConfig = new Config(),
        DockerVersion = HollowEngineVersion,
        Author = "",
        // What the hollow engine runs when a create names no command.
        Config = new Config { Cmd = ["sh"], Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Labels = image.Labels },
        Architecture = HostPlatform.GoArchitecture,
        Os = "linux",
        Size = image.Size,
        VirtualSize = image.VirtualSize,
        GraphDriver = new GraphDriverData { Name = "hollow", Data = null },
        RootFS = new RootFS { Type = "layers", Layers = [] },
        Metadata = new ImageMetadata(),
    };
}
