using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// Just enough of a Docker Registry (HTTP API v2, read only) to pull one image, served on 127.0.0.1 (which dockerd
/// reaches without TLS): the image of a <c>docker save</c> archive under one repository and tag, its layers gzipped,
/// described by a schema 2 manifest. So a pull can succeed on a machine without network. With credentials, every
/// request must carry them (HTTP basic authentication, as a registry behind <c>docker login</c>).
/// </summary>
public sealed class TinyRegistry : IAsyncDisposable
{
    private const string ManifestType = "application/vnd.docker.distribution.manifest.v2+json";

    private readonly WebApplication app;
    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly byte[] manifest;
    private readonly string? credentials;
    private int manifestRequests;

    private TinyRegistry(WebApplication app, string repository, string tag, Stream savedImage, string? credentials)
    {
        this.app = app;
        this.credentials = credentials;
        Repository = repository;
        Tag = tag;
        (manifest, ImageId) = Describe(savedImage);
        ManifestDigest = Digest(manifest);
    }

    public string Repository { get; }

    public string Tag { get; }

    /// <summary>The image's ID (its config's digest), as every engine that pulled it will show it.</summary>
    public string ImageId { get; }

    public string ManifestDigest { get; }

    /// <summary>host:port, the registry part of an image reference.</summary>
    public string Address { get; private set; } = "";

    public string Reference => $"{Address}/{Repository}:{Tag}";

    /// <summary>How many times an engine fetched the manifest (HEAD or GET).</summary>
    public int ManifestRequests => Volatile.Read(ref manifestRequests);

    /// <param name="credentials"><c>user:password</c> every request must present, or null for none.</param>
    public static async Task<TinyRegistry> Start(string repository, string tag, Stream savedImage, string? credentials = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var registry = new TinyRegistry(builder.Build(), repository, tag, savedImage, credentials is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        registry.Map();
        await registry.app.StartAsync();
        registry.Address = new Uri(registry.app.Urls.First()).Authority;
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            if (credentials is null || context.Request.Headers.Authorization.ToString() == "Basic " + credentials)
            {
                await next();
                return;
            }
            context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"tiny-registry\"";
            await Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401).ExecuteAsync(context);
        });
        app.MapGet("/v2/", (HttpContext context) =>
        {
            context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            return Results.Text("{}", "application/json");
        });
        app.MapMethods("/v2/{**rest}", ["GET", "HEAD"], (string rest, HttpContext context) =>
        {
            context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            if (rest == $"{Repository}/manifests/{Tag}" || rest == $"{Repository}/manifests/{ManifestDigest}")
            {
                Interlocked.Increment(ref manifestRequests);
                return Blob(context, manifest, ManifestDigest, ManifestType);
            }
            string blobsOf = $"{Repository}/blobs/";
            if (rest.StartsWith(blobsOf, StringComparison.Ordinal) && blobs.TryGetValue(rest[blobsOf.Length..], out byte[]? blob))
            {
                return Blob(context, blob, rest[blobsOf.Length..], "application/octet-stream");
            }
            return Results.Json(new { errors = new[] { new { code = "NAME_UNKNOWN", message = "unknown: " + rest } } }, statusCode: 404);
        });
    }

    private static IResult Blob(HttpContext context, byte[] content, string digest, string type)
    {
        context.Response.Headers["Docker-Content-Digest"] = digest;
        if (context.Request.Method == "HEAD")
        {
            context.Response.ContentType = type;
            context.Response.ContentLength = content.Length;
            return Results.Empty;
        }
        return Results.Bytes(content, type);
    }

    // The saved image's config and layers become blobs (layers gzipped), listed by a schema 2 manifest.
    private (byte[] Manifest, string ImageId) Describe(Stream savedImage)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var reader = new TarReader(savedImage))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                files[entry.Name.TrimStart('.', '/')] = data.ToArray();
            }
        }
        var saved = JsonNode.Parse(files["manifest.json"])!.AsArray()[0]!;
        byte[] config = files[saved["Config"]!.GetValue<string>()];
        string configDigest = Add(config);
        var layers = new JsonArray();
        foreach (var layer in saved["Layers"]!.AsArray())
        {
            byte[] gzipped = Gzip(files[layer!.GetValue<string>()]);
            layers.Add(new JsonObject { ["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip", ["size"] = gzipped.Length, ["digest"] = Add(gzipped) });
        }
        var description = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestType,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.docker.container.image.v1+json", ["size"] = config.Length, ["digest"] = configDigest },
            ["layers"] = layers,
        };
        return (Encoding.UTF8.GetBytes(description.ToJsonString()), configDigest);
    }

    private string Add(byte[] blob)
    {
        string digest = Digest(blob);
        blobs[digest] = blob;
        return digest;
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(content);
        return output.ToArray();
    }
}
