using System.Text.Json.Serialization;

namespace OctoOrchestrate.Audit;

/// <summary>
/// One line of the audit log. <see cref="Previous"/> is the SHA-256 (hex) of the previous line's exact bytes (64 zeros for
/// the first), so removing or editing any line breaks the chain at the line after it.
/// </summary>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string ActorSource,
    string Action,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Environment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Component,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Commit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CiRunUrl,
    string Previous);

/// <summary>What a caller asks to record; the log adds the sequence number, time and chain hash.</summary>
public sealed record AuditEntry(
    string Action,
    string? Environment = null,
    string? Component = null,
    string? Version = null,
    string? Outcome = null,
    string? Detail = null,
    string? Commit = null);

/// <summary>The actions stages record. Free text is allowed; these keep the common ones spelled one way.</summary>
public static class AuditActions
{
    public const string Release = "release";
    public const string Deployment = "deployment";
    public const string Approval = "approval";
    public const string Rejection = "rejection";
    public const string Rollback = "rollback";
    public const string Promotion = "promotion";
    public const string Refusal = "refusal";
    public const string Override = "override";
}
