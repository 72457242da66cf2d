using System.Text.Json;
using System.Text.Json.Serialization;
using OctoOrchestrate.Detect;

namespace OctoOrchestrate;

/// <summary>
/// Compile-time serializers for the results a CLI run prints on its hot path: reflection metadata costs tens of
/// milliseconds per process start. Types not listed here still serialize through reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AffectedResult))]
internal sealed partial class JsonContext : JsonSerializerContext;
