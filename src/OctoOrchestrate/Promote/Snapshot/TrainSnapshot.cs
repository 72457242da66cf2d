namespace OctoOrchestrate.Promote.Snapshot;

/// <summary>
/// What an environment held after a promotion (or rollback) ran: every deployable component's current version (null = nothing),
/// the plan, who asked, who approved, when, and the outcome ("Succeeded", "Failed", "Canceled").
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
}
