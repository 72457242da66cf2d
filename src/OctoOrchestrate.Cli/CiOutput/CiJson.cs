using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>The small JSON values CI outputs carry, written directly (no reflection: they work in a Native AOT build).</summary>
internal static class CiJson
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Array(IEnumerable<string> values) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    });

    /// <summary><c>{"include":[{"component":"a"},…]}</c>: what GitHub's <c>strategy.matrix</c> takes through <c>fromJSON</c>.</summary>
    public static string IncludeMatrix(IEnumerable<string> components) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("include");
        foreach (var component in components)
        {
            w.WriteStartObject();
            w.WriteString("component", component);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Object(IEnumerable<KeyValuePair<string, string>> pairs) => Write(w =>
    {
        w.WriteStartObject();
        foreach (var (key, value) in pairs) w.WriteString(key, value);
        w.WriteEndObject();
    });

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
