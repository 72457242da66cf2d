using System.Text.Encodings.Web;
using System.Text.Json;

namespace OctoOrchestrate;

/// <summary>The one JSON shape every <c>--json</c> output and every stored document uses.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
