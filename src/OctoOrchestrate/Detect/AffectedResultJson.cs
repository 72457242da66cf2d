using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Writes an <see cref="AffectedResult"/> exactly as <see cref="Json.Serialize{T}(T)"/> does, through the non-generic
/// <see cref="Utf8JsonWriter"/>: the serializer's generic metadata for these types is JIT-compiled on every CLI start.
/// </summary>
internal static class AffectedResultJson
{
    public static string Serialize(AffectedResult result) => AffectedResultPlainJson.TrySerialize(result) ?? SerializeEscaped(result);

    internal static string SerializeEscaped(AffectedResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static void Write(Utf8JsonWriter writer, AffectedResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("base", result.Base);
        writer.WriteString("head", result.Head);
        writer.WriteString("baseReason", result.BaseReason);
        writer.WriteStartArray("components");
        foreach (var component in result.Components)
        {
            writer.WriteStartObject();
            writer.WriteString("name", component.Name);
            writer.WriteStartArray("reasons");
            foreach (var reason in component.Reasons) Write(writer, reason);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("removed");
        foreach (var name in result.Removed) writer.WriteStringValue(name);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    static void Write(Utf8JsonWriter writer, AffectedReason reason)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", KindName(reason.Kind));
        if (reason.Path is not null) writer.WriteString("path", reason.Path);
        if (reason.Component is not null) writer.WriteString("component", reason.Component);
        writer.WriteEndObject();
    }

    // The names ReasonKind's [JsonStringEnumMemberName] attributes give; a test holds the two together.
    internal static string KindName(ReasonKind kind) => kind switch
    {
        ReasonKind.File => "file",
        ReasonKind.Uses => "uses",
        ReasonKind.Global => "global",
        ReasonKind.New => "new",
        ReasonKind.Manifest => "manifest",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reason kind."),
    };
}
