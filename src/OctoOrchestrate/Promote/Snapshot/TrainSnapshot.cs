namespace OctoOrchestrate.Promote.Snapshot;

/// <summary>
/// What an environment held after a promotion (or rollback) ran: every deployable component's current version (null = nothing),
/// the plan, who asked, who approved, when, and the outcome ("Succeeded", "Failed", "Canceled"). With tenants, <see cref="TenantVersions"/>
/// holds what each tenant connected to the environment had of its components (a tenanted component's untenanted version stays null).
/// </summary>
public sealed record TrainSnapshot(
    string Id,
    string Environment,
    IReadOnlyDictionary<string, string?> Versions,
    string PlanId,
    string Kind,
    string RequestedBy,
    string? ApprovedBy,
    DateTimeOffset At,
    string Outcome)
{
    public bool Succeeded => Outcome == "Succeeded";

    /// <summary>Tenant → component → current version for that tenant (null = nothing); null when no tenant is connected to the environment.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>>? TenantVersions { get; init; }
}
