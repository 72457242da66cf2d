namespace OctoOrchestrate.Octopus;

// The parts of Octopus's resources the backend reads (reference §2). Deserialised case-insensitively: some server versions answer camelCase.

internal sealed record ResourceCollection<T>(List<T> Items, int TotalResults, Dictionary<string, string>? Links)
{
    public string? NextPage => Links?.GetValueOrDefault("Page.Next");
}

internal sealed record SpaceResource(string Id, string Name, bool IsDefault);

internal sealed record UserResource(string Id, string Username, string? DisplayName);

internal sealed record DeploymentTemplateEnvironment(string Id, string Name);

internal sealed record DeploymentTemplateResource(List<DeploymentTemplateEnvironment>? PromoteTo);

internal sealed record ProjectResource(string Id, string Name, string LifecycleId, bool IsDisabled);

internal sealed record ChannelResource(string Id, string Name, string ProjectId, string? LifecycleId, bool IsDefault);

internal sealed record EnvironmentResource(string Id, string Name, int SortOrder);

internal sealed record PhaseResource(string Name, List<string>? AutomaticDeploymentTargets, List<string>? OptionalDeploymentTargets, bool IsOptionalPhase);

internal sealed record LifecycleResource(string Id, string Name, List<PhaseResource> Phases);

internal sealed record BuildInformationSummary(string? VcsCommitNumber);

internal sealed record SelectedPackageResource(string? ActionName, string? Version);

internal sealed record ReleaseResource(
    string Id, string ProjectId, string ChannelId, string Version, string? ReleaseNotes, DateTimeOffset Assembled,
    List<BuildInformationSummary>? BuildInformation, List<SelectedPackageResource>? SelectedPackages);

internal sealed record CreateReleaseResponse(string ReleaseId, string ReleaseVersion);

internal sealed record DeploymentServerTask(string DeploymentId, string ServerTaskId);

internal sealed record CreateDeploymentResponse(List<DeploymentServerTask> DeploymentServerTasks);

internal sealed record DeploymentResource(string Id, string ReleaseId, string EnvironmentId, string ProjectId, string TaskId, DateTimeOffset Created, string? TenantId = null);

internal sealed record TaskResource(
    string Id, string State, string? ErrorMessage, DateTimeOffset QueueTime, DateTimeOffset? StartTime, DateTimeOffset? CompletedTime,
    bool IsCompleted, bool HasPendingInterruptions);

internal sealed record DashboardItem(
    string DeploymentId, string ProjectId, string EnvironmentId, string ReleaseId, string TaskId, string ReleaseVersion, string State,
    string? ErrorMessage, DateTimeOffset Created, DateTimeOffset? QueueTime, DateTimeOffset? StartTime, DateTimeOffset? CompletedTime,
    string? TenantId = null);

internal sealed record DashboardEnvironment(string Id, string Name);

internal sealed record DashboardResource(List<DashboardItem> Items, List<DashboardItem>? PreviousItems, List<DashboardEnvironment>? Environments);

internal sealed record InterruptionResource(string Id, string Title, bool IsPending, List<string> RelatedDocumentIds, DateTimeOffset Created, InterruptionForm? Form, string? ResponsibleUserId);

internal sealed record InterruptionForm(Dictionary<string, string?>? Values);

internal sealed record PackageResource(string PackageId, string Version, string? Hash);
