using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli;

/// <summary>The documents only the command line prints: named records, because anonymous types cannot be source-generated.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = Json.Create(CliJsonContext.Default);

    public static string Serialize<T>(T value) => Json.Serialize(value, Options);

    /// <summary>The source-generated contract of <typeparamref name="T"/> (this context or the library's); a type in neither throws.</summary>
    public static JsonTypeInfo<T> Contract<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

/// <summary><c>{"error":{"code","message"}}</c>: what <c>--json</c> prints on stdout when a command fails.</summary>
internal sealed record ErrorDocument(ErrorBody Error);

internal sealed record ErrorBody(int Code, string Message);

/// <summary>The stages a <c>deploy</c> or <c>promote</c> ran.</summary>
internal sealed record StagesDocument(bool Succeeded, IReadOnlyList<StageResult> Stages);

/// <summary><c>status --json</c>: per deployable component, per environment, the current deployment (null: never deployed there);
/// <c>stateDirectory</c> for the embedded server, <c>server</c> and <c>octopusRequests</c> for Octopus.</summary>
internal sealed record StatusDocument(
    string? StateDirectory, string? Server, IReadOnlyList<string> Environments, IReadOnlyList<StatusRow> Components, OctopusRequestsDocument? OctopusRequests);

/// <summary>How many Octopus requests a command made: in total and per route.</summary>
internal sealed record OctopusRequestsDocument(int Total, IReadOnlyDictionary<string, int> ByRoute);

internal sealed record StatusRow(string Component, Dictionary<string, StatusCell?> Environments)
{
    /// <summary><c>status --tenant</c>: whose deployments the row shows (an environment the tenant is not connected to is null).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Tenant { get; init; }
}

internal sealed record StatusCell(string? Version, string? DeploymentId, DateTimeOffset? CompletedAt, bool? InstallMissing, StatusLatest? Latest);

/// <summary>The newest deployment when it is not the current one (failed, running, canceled).</summary>
internal sealed record StatusLatest(string Version, string DeploymentId, DeploymentState State, string? Reason);

/// <summary><c>promote</c>, <c>plan</c>, <c>rollback</c> with <c>--json</c>: the plan, its votes and, once it ran, the result and snapshot.</summary>
internal sealed record PromotionDocument(
    string PlanId, string Status, bool Succeeded, TrainPlan Plan, IReadOnlyList<PlanVote> Votes, IReadOnlyList<string> WaitingFor, string? Notes,
    StageResult? Result, TrainSnapshot? Snapshot,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OctopusRequestsDocument? OctopusRequests = null);

/// <summary><c>history --json</c>: an environment's snapshots, newest first.</summary>
internal sealed record HistoryDocument(string Environment, IReadOnlyList<TrainSnapshot> Snapshots);

/// <summary><c>approve --json</c>: the plan's decision after this vote and the groups it still waits for.</summary>
internal sealed record VoteDocument(string PlanId, PlanDecision Decision, IReadOnlyList<string> WaitingFor);

/// <summary><c>audit --json</c>: the log file and its records.</summary>
internal sealed record AuditRecordsDocument(string File, IReadOnlyList<AuditRecord> Records);

/// <summary><c>audit --verify --json</c>.</summary>
internal sealed record AuditVerificationDocument(string File, bool Intact, long Records, IReadOnlyList<string> Problems, string? TornLastLine);

/// <summary><c>check-permissions --json</c>.</summary>
internal sealed record PermissionsDocument(
    string Actor, string Source, bool TeamsDeclared, bool FourEyes, IReadOnlyList<EnvironmentPermissions> Environments, OctopusPermissions? Octopus = null);

/// <summary>With --server: the API key's Octopus user, and per environment and component where Octopus lets it deploy the newest release now.</summary>
internal sealed record OctopusPermissions(string Server, string UserId, string Username, string? DisplayName, IReadOnlyList<OctopusDeployable> Releases);

internal sealed record OctopusDeployable(string Environment, string Component, string Version, bool MayDeployNow);

internal sealed record EnvironmentPermissions(
    string Environment, IReadOnlyList<string> Teams, bool Deploy, bool Approve, bool Read, string WhoMayDeploy, string WhoMayApprove);

[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(StagesDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(PromotionDocument))]
[JsonSerializable(typeof(HistoryDocument))]
[JsonSerializable(typeof(VoteDocument))]
[JsonSerializable(typeof(AuditRecordsDocument))]
[JsonSerializable(typeof(AuditVerificationDocument))]
[JsonSerializable(typeof(PermissionsDocument))]
[JsonSerializable(typeof(OctopusRequestsDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
