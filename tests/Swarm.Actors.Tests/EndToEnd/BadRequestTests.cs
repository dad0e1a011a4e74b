using System.Net;
using System.Text;
using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Bad input never gets a 500 or hurts the manager: malformed JSON, wrong types, oversized bodies and unknown
/// routes are answered with Docker's JSON error and the right status, and the manager serves on afterwards.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class BadRequestTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    private static readonly (string Method, string Path, string Body, int Status)[] BadRequests =
    [
        ("POST", "/v1.41/containers/create", "{not json", 400),
        ("POST", "/v1.41/containers/create", """{"Image": ["busybox"]}""", 400),
        ("POST", "/v1.41/containers/create", """{"Image": "busybox", "HostConfig": {"Memory": "lots"}}""", 400),
        ("POST", "/v1.41/containers/create", """{"Image": "busybox", "Env": ["constraint:node=="]}""", 400),
        ("POST", "/v1.41/containers/create", """{"Image": "busybox", "Env": ["reschedule:sometimes"]}""", 400),
        ("POST", "/v1.41/containers/create", """{"Image": "busybox", "Env": ["mode:everywhere"]}""", 400),
        ("POST", "/v1.41/networks/create", "[1, 2", 400),
        ("POST", "/v1.41/volumes/create", "{\"Name\": ", 400),
        ("POST", "/v1.41/nodes/node-1/update?version=1", "{\"Availability\": 3}", 400),
        ("GET", "/v1.41/containers/json?filters=%7Bnope", "", 400),
        ("GET", "/v1.41/no/such/route", "", 404),
        ("POST", "/v1.41/containers/no-such-container/start", "", 404),
        ("DELETE", "/v1.41/containers/node-9/nothing", "", 404),
    ];

    [Fact]
    public async Task Bad_requests_are_answered_with_docker_errors_not_500s()
    {
        using var http = new HttpClient();
        var wrong = new List<string>();
        foreach (var (method, path, body, status) in BadRequests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{Manager.Port}{path}");
            if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var answer = await http.SendAsync(request);
            string text = await answer.Content.ReadAsStringAsync();
            bool dockerError = text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("message", out var message) && message.GetString()!.Length > 0;
            if ((int)answer.StatusCode != status || !dockerError) wrong.Add($"{method} {path} {body}: {(int)answer.StatusCode} {text}");
        }
        Assert.Empty(wrong);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{Manager.Port}/_ping")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_create_body_is_refused_and_the_manager_serves_on()
    {
        // Above Kestrel's 30 MB default (only image uploads and builds take more): refused on its announced length,
        // before the body is sent, as a client streaming one would see it.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Manager.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1.41/containers/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {40 << 20}\r\n\r\n{{\"Image\":\"busybox\""));
        using var reader = new StreamReader(stream);
        string head = await reader.ReadLineAsync() ?? "";
        Assert.StartsWith("HTTP/1.1 413", head);
        string rest = await reader.ReadToEndAsync();
        Assert.Contains("\"message\"", rest);

        var info = await Manager.Docker("info", "--format", "{{.Containers}}");
        Assert.Equal(0, info.ExitCode);
    }
}
