using System.Text.Json.Serialization;

namespace OctoOrchestrate.Promote.Plan;

/// <summary>What the plan does with one component. Shown as "deploy", "skip: current", "skip: not newer", "rollback", "not found", "skip: roll-forward".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanAction>))]
public enum PlanAction
{
    Deploy,
    SkipCurrent,
    SkipNotNewer,
    Rollback,
    NotFound,
    SkipRollForward,
    SkipExcluded,
}

public static class PlanActions
{
    public static bool Deploys(this PlanAction action) => action is PlanAction.Deploy or PlanAction.Rollback;

    public static string Text(this PlanAction action) => action switch
    {
        PlanAction.Deploy => "deploy",
        PlanAction.SkipCurrent => "skip: current",
        PlanAction.SkipNotNewer => "skip: not newer",
        PlanAction.Rollback => "rollback",
        PlanAction.NotFound => "not found",
        PlanAction.SkipRollForward => "skip: roll-forward",
        _ => "skip: not selected",
    };
}

/// <summary>
/// One row of a plan: a component (for <see cref="Tenant"/> when it is deployed per tenant in the destination), the version now there,
/// the candidate (and its release), the action and why. <see cref="Wave"/>: 1-based order of deployment (components of a wave deploy in
/// parallel); 0 when nothing is deployed.
/// </summary>
public sealed record PlannedComponent(
    string Component,
    string? Current,
    string? Candidate,
    string? CandidateReleaseId,
    PlanAction Action,
    string Reason,
    int Wave)
{
    public string ActionText => Action.Text();

    /// <summary>The tenant the row deploys for (the component is tenanted in the destination); null = untenanted, deployed once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tenant { get; init; }

    /// <summary>What identifies the row within its plan (a resumed run's "done" marks): the component, <c>component@tenant</c> for a tenant's row ('@' is never in a name).</summary>
    [JsonIgnore]
    public string Key => KeyOf(Component, Tenant);

    internal static string KeyOf(string component, string? tenant) => tenant is null ? component : $"{component}@{tenant}";

    /// <summary>How messages name the row: <c>web</c>, or <c>web (Acme)</c> for a tenant's.</summary>
    [JsonIgnore]
    public string Label => Tenant is null ? Component : $"{Component} ({Tenant})";

    /// <summary>The candidate release's commit (filled by the governance's assessment; audit records name it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Commit { get; init; }

    /// <summary>The regression guard's verdict when the candidate would undo commits of what is current in the destination (names them); null = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Regression { get; init; }

    /// <summary>Why that regression is allowed ("rollback to snapshot …", "--allow-regression"); null with a <see cref="Regression"/> = refused.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegressionAllowedBy { get; init; }

    /// <summary>Other releases of the component in flight on a diverged line that changed the same files (files and commits).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Collisions { get; init; }
}

/// <summary>
/// A train promotion decided before anything is deployed. <see cref="Kind"/>: "promote" or "rollback". <see cref="ApprovalGroups"/>: groups that
/// must each approve before it runs (from the destination's <c>approvals:</c>). <see cref="NotBefore"/>: <c>--at</c>.
/// Stored, it is the exact set a later <c>promote --resume</c> deploys: a release that reaches the source afterwards is not slipped in.
/// </summary>
public sealed record TrainPlan(
    string Id,
    string Kind,
    string? From,
    string To,
    DateTimeOffset CreatedAt,
    string RequestedBy,
    PromotionOptions Options,
    IReadOnlyList<PlannedComponent> Components,
    IReadOnlyList<string> ApprovalGroups,
    DateTimeOffset? NotBefore = null,
    string? RollbackTo = null)
{
    public IEnumerable<PlannedComponent> ToDeploy => Components.Where(c => c.Action.Deploys());

    public static string NewId(DateTimeOffset now) =>
        $"PLAN-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2))}";
}
