using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OctoOrchestrate.OctopusSimulator;

/// <summary>Octopus's JSON conventions: PascalCase out, case-insensitive in, string enums, nulls written, dates with milliseconds and offset.</summary>
public static class SimJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(), new OffsetDateConverter() },
    };

    sealed class OffsetDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
    }
}

/// <summary>The error body every client reads (OC OctopusErrorsContract; TS octopusError.ts).</summary>
public sealed record OctopusError(string ErrorMessage, IReadOnlyList<string> Errors)
{
    public string? FullException { get; init; }
    public string? HelpText { get; init; }
    public object? Details { get; init; }
    public IReadOnlyList<string> ParsedHelpLinks { get; init; } = [];
    public string? HelpLink { get; init; }
}

/// <summary>Thrown by a route to answer with the error body.</summary>
public sealed class OctopusProblem(int status, string message, params string[] errors) : Exception(message)
{
    public int Status { get; } = status;
    public IReadOnlyList<string> Errors { get; } = errors;

    public static OctopusProblem NotFound(string what) => new(404, $"The resource '{what}' was not found.");

    public static OctopusProblem BadRequest(params string[] errors) => new(400, "There was a problem with your request.", errors);
}
