using System.Reflection;
using Docker.DotNet.Models;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Swarm.HollowFarm;

/// <summary>
/// Writes Docker.DotNet's models as dockerd writes its own. Their <c>[DataMember]</c> names are Docker's; but
/// they say <c>EmitDefaultValue = false</c> (made for requests), whereas dockerd's Go encoder writes zero values,
/// so every member is written here (but those dockerd leaves out when empty: <see cref="DockerOmitEmpty"/>), and a
/// string is never null in Go, so a null one is written as <c>""</c>. List
/// entries give <c>Created</c> as Unix seconds, inspects as RFC 3339.
/// </summary>
internal sealed class DockerContractResolver : DefaultContractResolver
{
    private static readonly UnixSecondsConverter UnixSeconds = new();

    // Members of a model's base class first, as Go writes embedded structs; a list entry's HostConfig goes where
    // dockerd puts it, before NetworkSettings.
    protected override IList<JsonProperty> CreateProperties(Type type, MemberSerialization memberSerialization)
    {
        var properties = base.CreateProperties(type, memberSerialization);
        var ordered = properties.OrderBy(p => Depth(p.DeclaringType)).ToList();
        var hostConfig = ordered.FirstOrDefault(p => p.PropertyName == "HostConfig" && p.DeclaringType != typeof(ContainerInspectResponse));
        if (hostConfig is not null && ordered.Any(p => p.PropertyName == "NetworkSettings"))
        {
            ordered.Remove(hostConfig);
            ordered.Insert(ordered.FindIndex(p => p.PropertyName == "NetworkSettings"), hostConfig);
        }
        return ordered;
    }

    private static int Depth(Type? type)
    {
        int depth = 0;
        for (; type?.BaseType is not null; type = type.BaseType) depth++;
        return depth;
    }

    protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
    {
        var property = base.CreateProperty(member, memberSerialization);
        property.DefaultValueHandling = DefaultValueHandling.Include;
        property.NullValueHandling = NullValueHandling.Include;
        if (property.PropertyType == typeof(string) && property.ValueProvider is { } strings) property.ValueProvider = new EmptyForNull(strings);
        if (member.DeclaringType is { } declaring && property.PropertyName is { } name && DockerOmitEmpty.Applies(declaring, name) && property.ValueProvider is { } values)
        {
            property.ShouldSerialize = target => !DockerOmitEmpty.IsEmpty(values.GetValue(target));
        }
        if (property.PropertyName == "Created" && member.DeclaringType is { } type && (type == typeof(ContainerListResponse) || type == typeof(ImagesListResponse)))
        {
            property.Converter = UnixSeconds;
        }
        return property;
    }

    private sealed class EmptyForNull(IValueProvider inner) : IValueProvider
    {
        public object? GetValue(object target) => inner.GetValue(target) ?? "";

        public void SetValue(object target, object? value) => inner.SetValue(target, value);
    }

    private sealed class UnixSecondsConverter : JsonConverter<DateTime>
    {
        public override void WriteJson(JsonWriter writer, DateTime value, JsonSerializer serializer) =>
            writer.WriteValue(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeSeconds());

        public override DateTime ReadJson(JsonReader reader, Type objectType, DateTime existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            throw new NotSupportedException("the farm only writes list entries");
    }
}
