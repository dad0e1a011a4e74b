using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace Swarm.HollowFarm;

/// <summary>JSON in and out as dockerd 20.10 writes and reads it, with Docker.DotNet's models for the shapes.</summary>
public static class DockerJson
{
    private static readonly JsonSerializerSettings Writing = new()
    {
        ContractResolver = new DockerContractResolver(),
        // Enums as Docker's strings ("unless-stopped"); times always with their zone, which Go requires.
        Converters = [new StringEnumConverter()],
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    };

    // Strings that look like dates (in labels, env) must stay as the client wrote them.
    private static readonly JsonSerializerSettings Reading = new() { DateParseHandling = DateParseHandling.None };

    public static string Serialize(object? value) => JsonConvert.SerializeObject(value, Writing);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Reading);

    /// <summary>The request's JSON body as <typeparamref name="T"/>; malformed JSON is dockerd's 400 (thrown as its answer).</summary>
    public static async Task<T?> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        string body = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
        if (body.Trim().Length == 0) return default;
        try
        {
            return Deserialize<T>(body);
        }
        catch (JsonException invalid)
        {
            throw new Docker.DotNet.DockerApiException(System.Net.HttpStatusCode.BadRequest, Serialize(new { message = "invalid JSON: " + invalid.Message }));
        }
    }

    // Exactly "application/json", no charset: the docker CLI reads an error's message only then.
    public static IResult Result(object? value, int statusCode = StatusCodes.Status200OK) => Json(Serialize(value), statusCode);

    /// <summary>An answer already written as JSON.</summary>
    public static IResult Json(string json, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(json, "application/json", contentEncoding: null, statusCode);

    /// <summary>dockerd's error body: <c>{"message": "..."}</c>.</summary>
    public static IResult Error(int statusCode, string message) => Result(new { message }, statusCode);

    /// <summary>One line of a streamed answer (events, pull progress), as dockerd writes them.</summary>
    public static Task WriteLineAsync(HttpResponse response, object value, CancellationToken cancellationToken) =>
        response.WriteAsync(Serialize(value) + "\n", cancellationToken);
}
