using System.Text.Json;
using System.Text.Json.Serialization;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// A string that holds JSON (a create body), written as nested JSON rather than as an escaped string, which
/// cost a backslash or a <c>\u0022</c> for every quote. Reads both: formats written before hold the string.
/// An empty string is written as null.
/// </summary>
public sealed class EmbeddedJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => "",
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.StartObject or JsonTokenType.StartArray => JsonElement.ParseValue(ref reader).GetRawText(),
        _ => throw new JsonException($"expected JSON or a string holding it, not {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (value.Length == 0) writer.WriteNullValue();
        else writer.WriteRawValue(value);
    }
}
