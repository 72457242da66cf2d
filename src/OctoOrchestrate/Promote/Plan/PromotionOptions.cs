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
/// <see cref="Tenant"/>: <c>--tenant NAME|*</c>, which tenants' rows a component tenanted in the destination gets; null = every tenant
/// connected to the destination, as <c>*</c> (untenanted components are planned once either way).
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
    /// <summary><c>--tenant NAME|*</c> (see the type's summary); null = every tenant connected to the destination.</summary>
    public string? Tenant { get; init; }

    public IReadOnlyDictionary<string, string> PinnedVersions => Pins ?? new Dictionary<string, string>();

    /// <summary>
    /// Exact versions per tenant and component (a rollback's: what each tenant had in the snapshot). When set, a tenant's row without a
    /// version here is not deployed; when null, a tenant's row takes <see cref="Pins"/> like an untenanted one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? TenantPins { get; init; }
}
