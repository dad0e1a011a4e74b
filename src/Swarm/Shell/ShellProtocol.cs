using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Shell;

/// <summary>
/// The wire format between <c>swarm cmd</c> and a manager's shell server: one JSON object per line, UTF-8, over TCP.
/// <list type="number">
/// <item>On connect the server sends a <see cref="Greeting"/>: <c>{"manager":"akka.tcp://swarm@…","palette":[{"name":…,"arguments":…,"description":…}]}</c>.</item>
/// <item>The client sends a <see cref="Run"/>: <c>{"run":["cluster","show","--json"]}</c>.</item>
/// <item>The server answers with <see cref="Output"/> lines <c>{"out":"…"}</c> (stdout) and <see cref="Failure"/> lines
/// <c>{"err":"…"}</c> (stderr), then one <see cref="Exit"/> <c>{"exit":0}</c>; then the next run may follow.</item>
/// <item>While a command streams, the client may send a <see cref="Cancel"/> <c>{"cancel":true}</c>: the stream ends
/// with <c>{"exit":0}</c>. Closing the connection cancels it too.</item>
/// </list>
/// </summary>
public static class ShellProtocol
{
    public const int DefaultPort = 9110;
    public const string DefaultHost = "127.0.0.1";

    /// <summary>The command did what was asked.</summary>
    public const int Succeeded = 0;

    /// <summary>The command could not do it (unknown node, no such container, the cluster refused), or no manager answered.</summary>
    public const int Failed = 1;

    /// <summary>Unknown command or wrong arguments.</summary>
    public const int Misused = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A command as the palette lists it.</summary>
    /// <param name="Name">Its words, e.g. <c>cluster show</c>.</param>
    /// <param name="Arguments">What follows the name, e.g. <c>&lt;node&gt;</c>; empty if nothing.</param>
    public sealed record CommandInfo(string Name, string Arguments, string Description);

    /// <summary>The server's first line: which manager answers, and its commands (for completion and help).</summary>
    public sealed record Greeting(string Manager, IReadOnlyList<CommandInfo> Palette);

    /// <summary>Runs a command: its words as the user typed them, flags included.</summary>
    public sealed record Run(IReadOnlyList<string> Words);

    /// <summary>Ends the command streaming now.</summary>
    public sealed record Cancel
    {
        public static Cancel Instance { get; } = new();
    }

    /// <summary>A line for the client's stdout.</summary>
    public sealed record Output(string Line);

    /// <summary>A line for the client's stderr.</summary>
    public sealed record Failure(string Line);

    /// <summary>The command is over, with this exit status.</summary>
    public sealed record Exit(int Code);

    public static string Encode(object message) => message switch
    {
        Greeting greeting => JsonSerializer.Serialize(greeting, Json),
        Run run => new JsonObject { ["run"] = new JsonArray([.. run.Words.Select(w => JsonValue.Create(w))]) }.ToJsonString(),
        Cancel => """{"cancel":true}""",
        Output output => new JsonObject { ["out"] = output.Line }.ToJsonString(),
        Failure failure => new JsonObject { ["err"] = failure.Line }.ToJsonString(),
        Exit exit => new JsonObject { ["exit"] = exit.Code }.ToJsonString(),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a shell message", nameof(message)),
    };

    /// <summary>What a client sent: <see cref="Run"/> or <see cref="Cancel"/>; null if the line is neither.</summary>
    public static object? DecodeFromClient(string line)
    {
        var message = Parse(line);
        if (message?["run"] is JsonArray words && words.All(w => w?.GetValueKind() == JsonValueKind.String)) return new Run([.. words.Select(w => w!.GetValue<string>())]);
        if (message?["cancel"]?.GetValueKind() == JsonValueKind.True) return Cancel.Instance;
        return null;
    }

    /// <summary>What a server sent after its greeting: <see cref="Output"/>, <see cref="Failure"/> or <see cref="Exit"/>; null if the line is none of them.</summary>
    public static object? DecodeFromServer(string line)
    {
        var message = Parse(line);
        if (message?["out"] is JsonValue output && output.GetValueKind() == JsonValueKind.String) return new Output(output.GetValue<string>());
        if (message?["err"] is JsonValue error && error.GetValueKind() == JsonValueKind.String) return new Failure(error.GetValue<string>());
        if (message?["exit"] is JsonValue exit && exit.TryGetValue(out int code)) return new Exit(code);
        return null;
    }

    public static Greeting? DecodeGreeting(string line)
    {
        try
        {
            var greeting = JsonSerializer.Deserialize<Greeting>(line, Json);
            return greeting?.Palette is null ? null : greeting;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
