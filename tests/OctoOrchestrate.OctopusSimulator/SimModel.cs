namespace OctoOrchestrate.OctopusSimulator;

// The simulator's documents. Field names follow Octopus's resources (docs/octopus-api reference §2); only what the routes answer is kept.

public enum TaskState
{
    Queued,
    Executing,
    Cancelling,
    Success,
    Failed,
    Canceled,
    TimedOut,
}

/// <summary>A document that lives in a space and has a name: what the list routes filter on (<c>SimRoutes.MapSpaceCollection</c>).</summary>
public interface ISpaceDocument
{
    string Id { get; }
    string SpaceId { get; }
    string Name { get; }
}

public sealed class SimSpace
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public bool IsDefault { get; init; }
}

public sealed class SimEnvironment : ISpaceDocument
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string Name { get; init; }
    public int SortOrder { get; init; }
}

public sealed class SimPhase
{
    public string Id { get; } = Guid.NewGuid().ToString();
    public required string Name { get; init; }
    public List<string> AutomaticDeploymentTargets { get; init; } = [];
    public List<string> OptionalDeploymentTargets { get; init; } = [];
    public int MinimumEnvironmentsBeforePromotion { get; init; }
    public bool IsOptionalPhase { get; init; }
    public IEnumerable<string> Environments => AutomaticDeploymentTargets.Concat(OptionalDeploymentTargets);
}

public sealed class SimLifecycle : ISpaceDocument
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string Name { get; init; }
    public List<SimPhase> Phases { get; init; } = [];
}

public sealed class SimProject : ISpaceDocument
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string Name { get; init; }
    public required string LifecycleId { get; init; }

    /// <summary>The package the project's one deployment step ("Deploy") deploys.</summary>
    public required string PackageId { get; init; }

    public bool IsDisabled { get; set; }
    public string Slug => Slugs.Of(Name);
}

public sealed class SimChannel : ISpaceDocument
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public string? LifecycleId { get; init; }
    public bool IsDefault { get; init; }

    /// <summary>Wildcard version rule (<c>*.*.0.*</c>) standing in for Octopus's NuGet range; null = any version.</summary>
    public string? VersionRule { get; init; }
}

public sealed record SimSelectedPackage(string ActionName, string PackageReferenceName, string Version);

public sealed class SimRelease
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string ProjectId { get; init; }
    public required string ChannelId { get; init; }
    public required string Version { get; init; }
    public string? ReleaseNotes { get; init; }
    public DateTimeOffset Assembled { get; init; }
    public List<SimSelectedPackage> SelectedPackages { get; init; } = [];
}

public sealed class SimPackage
{
    public required string SpaceId { get; init; }
    public required string PackageId { get; init; }
    public required string Version { get; init; }
    public required string FileExtension { get; init; }
    public required string Hash { get; set; }
    public long PackageSizeBytes { get; set; }
    public DateTimeOffset Published { get; set; }
}

public sealed class SimBuildInformation
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string PackageId { get; init; }
    public required string Version { get; init; }
    public required Dictionary<string, object?> Information { get; set; }
    public DateTimeOffset Created { get; set; }
}

public sealed class SimDeployment
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string ProjectId { get; init; }
    public required string ReleaseId { get; init; }
    public required string ChannelId { get; init; }
    public required string EnvironmentId { get; init; }
    public required string TaskId { get; init; }
    public DateTimeOffset Created { get; init; }
    public bool UseGuidedFailure { get; init; }
    public string? TenantId { get; init; }
}

public sealed class SimTask
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string ProjectId { get; init; }
    public required string EnvironmentId { get; init; }
    public required string DeploymentId { get; init; }
    public required string Description { get; init; }
    public TaskState State { get; set; } = TaskState.Queued;
    public DateTimeOffset QueueTime { get; init; }
    public DateTimeOffset? QueueTimeExpiry { get; init; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? CompletedTime { get; set; }
    public DateTimeOffset LastUpdatedTime { get; set; }
    public string ErrorMessage { get; set; } = "";
    public List<string> Log { get; } = [];

    /// <summary>What the deployment's script will do, decided when the task is queued.</summary>
    public required DeploymentScript Script { get; init; }

    public string? PendingInterruptionId { get; set; }
    public bool HasWarningsOrErrors { get; set; }

    public bool IsCompleted => State is not (TaskState.Queued or TaskState.Executing or TaskState.Cancelling);
}

public sealed class SimInterruption
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string TaskId { get; init; }
    public required string Title { get; init; }
    public required List<string> RelatedDocumentIds { get; init; }
    public DateTimeOffset Created { get; init; }
    public bool IsPending { get; set; } = true;
    public string? ResponsibleUserId { get; set; }
    public string? Result { get; set; }
    public string? Notes { get; set; }
}

/// <summary>How a simulated deployment runs: its duration, whether it fails (with which log lines), and whether it waits for a manual intervention.</summary>
public sealed record DeploymentScript(TimeSpan Duration, string? FailureMessage = null, bool ManualIntervention = false, IReadOnlyList<string>? LogLines = null);

internal static class Slugs
{
    public static string Of(string name) =>
        new string(name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
