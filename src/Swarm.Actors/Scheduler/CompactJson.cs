using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// JSON that leaves out every property whose value reading would give back without it: nulls, zeros, empty
/// collections where a new instance holds the same, a constructor parameter's default, a property computed from
/// the others. What is left out is therefore restored exactly, whatever the type, so the rule needs no list of
/// fields to keep up to date.
/// </summary>
public static class CompactJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        // Stored, never put in a page: a quote in a label is \" rather than \u0022.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutWhatReadingRestores } },
    };

    private static void LeaveOutWhatReadingRestores(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        bool boundByConstructor = typeInfo.Properties.Any(p => p.AssociatedParameter is not null);
        // A type read through a parameterless constructor starts as a new instance: what it holds is what a missing property gets.
        object? fresh = boundByConstructor ? null : typeInfo.CreateObject?.Invoke();
        foreach (var property in typeInfo.Properties)
        {
            if (property.Get is null) continue;
            if (property.Set is null && property.AssociatedParameter is null)
            {
                // Computed from the others (PortBinding.BindsAllInterfaces): reading ignores it.
                property.ShouldSerialize = (_, _) => false;
                continue;
            }
            object? restored;
            if (property.AssociatedParameter is { } parameter) restored = parameter.HasDefaultValue ? AsEnum(property.PropertyType, parameter.DefaultValue) : DefaultOf(property.PropertyType);
            else if (fresh is not null) restored = property.Get(fresh);
            else continue; // An init-only property of a type built by its constructor: its initial value is not known here.
            property.ShouldSerialize = (_, value) => !SameValue(value, restored);
        }
    }

    private static object? DefaultOf(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;

    // Reflection may give an enum parameter's default as its underlying number.
    private static object? AsEnum(Type type, object? value) => type.IsEnum && value is not null && value.GetType() != type ? Enum.ToObject(type, value) : value;

    private static bool SameValue(object? value, object? restored) =>
        Equals(value, restored) || (value is IEnumerable items && value is not string && restored is IEnumerable none && restored is not string && IsEmpty(items) && IsEmpty(none));

    private static bool IsEmpty(IEnumerable items)
    {
        var enumerator = items.GetEnumerator();
        try
        {
            return !enumerator.MoveNext();
        }
        finally
        {
            (enumerator as IDisposable)?.Dispose();
        }
    }
}
