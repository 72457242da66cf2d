using System.Text.Json.Serialization;

namespace OctoOrchestrate.Promote.Plan;

/// <summary><c>--when</c>: which candidate is deployed over what is current in the destination (decided in <see cref="WhenRule"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WhenPolicy>))]
public enum WhenPolicy
{
    IfNewer,
    IfNotCurrent,
    Always,
}

/// <summary><c>--not-found</c>: what a component without a candidate does to the promotion.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotFoundPolicy>))]
public enum NotFoundPolicy
{
    Skip,
    Warn,
    Error,
}

/// <summary>
/// What a train promotion selects. <see cref="Pattern"/>: wildcard version pattern (<c>2026.4.*</c>) the candidates must match.
/// <see cref="Pins"/>: exact versions per component (<c>--version db=2026.4.0.1</c>), which may be older than the destination's.
/// <see cref="Only"/>/<see cref="Skip"/>: narrow the components. <see cref="Channel"/>: null = the manifest's default channel.
/// </summary>
public sealed record PromotionOptions(
    string? From = null,
    string? Pattern = null,
    WhenPolicy When = WhenPolicy.IfNewer,
    bool AllowDowngrade = false,
    IReadOnlyDictionary<string, string>? Pins = null,
    IReadOnlyList<string>? Only = null,
    IReadOnlyList<string>? Skip = null,
    NotFoundPolicy NotFound = NotFoundPolicy.Warn,
    string? Channel = null)
{
    public IReadOnlyDictionary<string, string> PinnedVersions => Pins ?? new Dictionary<string, string>();
}
