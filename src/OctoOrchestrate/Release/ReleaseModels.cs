using System.Text.Json.Serialization;

namespace OctoOrchestrate.Release;

/// <summary>Mirrors Octopus's TaskState. Completed states: Success, Failed, Canceled, TimedOut.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentState>))]
public enum DeploymentState
{
    Queued,
    Executing,
    Cancelling,
    Success,
    Failed,
    Canceled,
    TimedOut,
}

public static class DeploymentStates
{
    public static bool IsCompleted(this DeploymentState state) => state is not (DeploymentState.Queued or DeploymentState.Executing or DeploymentState.Cancelling);

    /// <summary>The deployment's install folder is known (local server) and gone: deleted by hand, so it is not really current.</summary>
    public static bool InstallIsMissing(this DeploymentInfo deployment) =>
        deployment.InstallDirectory is { } folder && !Directory.Exists(folder);
}

public sealed record LifecyclePhase(string Name, IReadOnlyList<string> Environments)
{
    /// <summary>An optional phase may be skipped on the way through the lifecycle (Octopus: <c>IsOptionalPhase</c>).</summary>
    public bool Optional { get; init; }
}

public sealed record Lifecycle(string Name, IReadOnlyList<LifecyclePhase> Phases)
{
    public IReadOnlyList<string> Environments => Phases.SelectMany(p => p.Environments).ToList();

    /// <summary>The phase before the one holding <paramref name="environment"/>, or null for the first phase.</summary>
    public LifecyclePhase? PhaseBefore(string environment)
    {
        var index = PhaseIndex(environment);
        return index > 0 ? Phases[index - 1] : null;
    }

    /// <summary>
    /// Where a promotion to <paramref name="environment"/> looks for its candidates, nearest first: the phase before it, and while
    /// that phase is optional (a release may have skipped it), the phase before that too. Empty for the first phase.
    /// </summary>
    public IReadOnlyList<string> SourcesBefore(string environment)
    {
        var index = PhaseIndex(environment);
        var sources = new List<string>();
        for (var i = index - 1; i >= 0; i--)
        {
            sources.Add(Phases[i].Environments[0]);
            if (!Phases[i].Optional) break;
        }

        return sources;
    }

    /// <summary>The environment a promotion from <paramref name="environment"/> goes to (first of the next phase), or null after the last phase.</summary>
    public string? NextEnvironment(string environment)
    {
        var index = PhaseIndex(environment);
        return index >= 0 && index + 1 < Phases.Count ? Phases[index + 1].Environments[0] : null;
    }

    /// <summary>The index of the phase holding <paramref name="environment"/> (case-insensitive), or -1.</summary>
    int PhaseIndex(string environment)
    {
        for (var i = 0; i < Phases.Count; i++)
        {
            if (Phases[i].Environments.Contains(environment, StringComparer.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }
}

/// <summary>What a release is made of. <see cref="Channel"/> null = the manifest's default channel.</summary>
public sealed record NewRelease(
    string Component,
    string Version,
    string PackagePath,
    string GitCommit,
    string ReleaseNotes,
    string? Channel = null);

public sealed record ReleaseInfo(
    string Id,
    string Component,
    string Version,
    string Channel,
    string PackagePath,
    string PackageSha256,
    string ReleaseNotes,
    string GitCommit,
    DateTimeOffset CreatedAt);

/// <summary>
/// <see cref="IgnoreLifecycle"/> deploys even when the previous phase has no successful deployment of the release.
/// <see cref="Timeout"/> bounds the run of the deploy command (measured from start, not from queueing).
/// <see cref="OnlyIfNotCurrent"/>: when the release is already current in the environment (its install folder present), or a deployment of
/// it there is queued or running, that deployment is returned (<see cref="DeploymentInfo.ReusedExisting"/>) instead of queueing another,
/// decided atomically with the queueing, so two runs at once deploy a release once.
/// </summary>
public sealed record DeploymentRequest(string ReleaseId, string Environment, bool IgnoreLifecycle = false, TimeSpan? Timeout = null, bool OnlyIfNotCurrent = false)
{
    /// <summary>How to answer the deployment's manual interventions while it is waited for (see <see cref="InterventionAnswer"/>).</summary>
    public InterventionAnswer? Intervention { get; init; }

    /// <summary>The tenant deployed for (Octopus: a tenanted deployment); null = untenanted.</summary>
    public string? Tenant { get; init; }
}

public sealed record DeploymentInfo(
    string Id,
    string ReleaseId,
    string Component,
    string Version,
    string Environment,
    DeploymentState State,
    string? Reason,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InstallDirectory = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EnvironmentDirectory = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LogPath = null)
{
    public bool IsCompleted => State.IsCompleted();

    /// <summary>The tenant it was deployed for; null = untenanted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tenant { get; init; }

    /// <summary>True when a request with <see cref="DeploymentRequest.OnlyIfNotCurrent"/> got an existing deployment (another run's) instead of a new one.</summary>
    [JsonIgnore]
    public bool ReusedExisting { get; init; }
}

/// <summary>What a dashboard cell shows. <see cref="Latest"/> differs from <see cref="Current"/> after a failed or running deployment.</summary>
public sealed record DashboardEntry(string Component, string Environment, DeploymentInfo? Current, DeploymentInfo Latest)
{
    /// <summary>The tenant of the cell; null = untenanted.</summary>
    public string? Tenant { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalState>))]
public enum ApprovalState
{
    Pending,
    Approved,
    Rejected,
}

public sealed record Approval(
    string Id,
    string Title,
    IReadOnlyList<string> DeploymentIds,
    ApprovalState State,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    string? Notes,
    DateTimeOffset? DecidedAt);
