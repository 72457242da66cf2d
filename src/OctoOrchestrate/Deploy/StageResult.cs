using System.Text.Json.Serialization;

namespace OctoOrchestrate.Deploy;

/// <summary>How one component fared in a stage.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    Released,
    AlreadyReleased,
    Deployed,
    AlreadyDeployed,
    Passed,
    Failed,
    TimedOut,
    Canceled,

    /// <summary>Not attempted because something it depends on failed in this run (<see cref="ComponentOutcome.Reason"/> names it).</summary>
    Skipped,

    /// <summary>Stays in the source environment: its tests failed or something it uses was not promoted.</summary>
    NotPromoted,

    /// <summary>Not deployed because it is deployed per tenant there and no tenant selected gets it (Deploy/Tenants.cs); not a failure.</summary>
    NotForTenant,
}

public sealed record ComponentOutcome(
    string Component,
    string? Version,
    Outcome Outcome,
    string? Reason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeploymentId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LogPath = null)
{
    public TimeSpan? Duration => StartedAt is { } start && CompletedAt is { } end ? end - start : null;

    public bool Succeeded => Outcome is Outcome.Released or Outcome.AlreadyReleased or Outcome.Deployed or Outcome.AlreadyDeployed or Outcome.Passed or Outcome.NotForTenant;

    /// <summary>The tenant it was deployed for; null = untenanted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tenant { get; init; }
}

/// <summary>The result of one stage (release, deploy, verify, promote) in one environment: per component, in deployment order.</summary>
public sealed record StageResult(
    string Stage,
    string? Environment,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    IReadOnlyList<ComponentOutcome> Components)
{
    public TimeSpan Duration => CompletedAt - StartedAt;

    public bool Succeeded => Components.All(c => c.Succeeded);

    public ComponentOutcome? this[string component] => Components.FirstOrDefault(c => c.Component == component);
}
