namespace OctoOrchestrate.Octopus;

// The bodies this client sends, as named records: anonymous types cannot be source-generated (Native AOT has no reflection).
// Property names are Octopus' own PascalCase spelling (OctopusJsonContext keeps them as written).

internal sealed record BuildInformationCommit(string Id, string? Comment);

internal sealed record OctopusBuildInformationBody(
    string? BuildEnvironment, string? BuildNumber, string? BuildUrl, string? Branch, string? VcsType, string? VcsRoot, string? VcsCommitNumber,
    IReadOnlyList<BuildInformationCommit> Commits);

internal sealed record PushBuildInformationRequest(string SpaceId, string PackageId, string Version, OctopusBuildInformationBody OctopusBuildInformation);

internal sealed record CreateReleaseRequest(
    string SpaceId, string SpaceIdOrName, string ProjectName, string? ChannelName, string ReleaseVersion, string PackageVersion, string ReleaseNotes,
    bool IgnoreIfAlreadyExists);

internal sealed record CreateDeploymentRequest(
    string SpaceId, string SpaceIdOrName, string ProjectName, string ReleaseVersion, IReadOnlyList<string> EnvironmentNames, bool ForcePackageRedeployment);

internal sealed record SubmitInterruptionRequest(string Result, string Notes, string? Instructions);

/// <summary>Octopus' error contract: <c>ErrorMessage</c> and <c>Errors[]</c>.</summary>
internal sealed record OctopusErrorBody(string? ErrorMessage, IReadOnlyList<string>? Errors);
