using System.Globalization;
using System.Text.Json.Nodes;

namespace Swarm.Shell;

/// <summary>
/// Writes a command's records, one a line. Text: a header of the column names in capitals, then each record's values
/// separated by tabs (tabs and line breaks inside a value become spaces, an empty value is <c>-</c>, a list is joined
/// with commas). JSON (<c>--json</c>): one object a line, keyed by the column names, no header.
/// </summary>
public sealed class ShellOutput(bool json, Func<object, Task> send)
{
    private IReadOnlyList<string> columns = [];

    public bool Json => json;

    /// <summary>Names the columns of the records that follow; in text mode, writes the header.</summary>
    public Task Columns(params string[] names)
    {
        columns = names;
        return json ? Task.CompletedTask : send(new ShellProtocol.Output(string.Join('\t', names.Select(n => n.ToUpperInvariant()))));
    }

    /// <summary>One record: a value per column, in order.</summary>
    public Task Row(params object?[] values)
    {
        if (values.Length != columns.Count) throw new ArgumentException($"{values.Length} values for {columns.Count} columns", nameof(values));
        if (!json) return send(new ShellProtocol.Output(string.Join('\t', values.Select(Text))));
        var record = new JsonObject();
        for (int i = 0; i < values.Length; i++) record[columns[i]] = Node(values[i]);
        return send(new ShellProtocol.Output(record.ToJsonString()));
    }

    /// <summary>A line for the user's stderr, in either mode.</summary>
    public Task Error(string message) => send(new ShellProtocol.Failure(message));

    /// <summary>Times as they are written: UTC, ISO 8601, to the millisecond.</summary>
    public static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Text(object? value)
    {
        string text = value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            DateTime time => Time(time),
            IEnumerable<string> list => string.Join(',', list),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        text = text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
        return text.Length == 0 ? "-" : text;
    }

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        DateTime time => JsonValue.Create(Time(time)),
        IEnumerable<string> list => new JsonArray([.. list.Select(item => JsonValue.Create(item))]),
        _ => JsonValue.Create(value.ToString()),
    };
}
