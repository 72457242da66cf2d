using OctoOrchestrate.Detect;

namespace OctoOrchestrate.Version;

/// <summary>
/// Versions already used outside git for a component (e.g. releases on the release server), as <c>Year.Minor.Patch.Build</c>
/// strings; Build is counted past them too. Strings that are not such versions are ignored.
/// </summary>
public delegate Task<IEnumerable<string>> UsedVersionsSource(string component, CancellationToken cancellationToken);

/// <summary>Asks change detection which components changed, each since its own base commit (null: never tagged).</summary>
public delegate Task<AffectedResult> AffectedSince(IReadOnlyDictionary<string, string?> baseCommitByComponent, CancellationToken cancellationToken);

public sealed record VersionOptions
{
    /// <summary>Explicit Build for every changed component (see <see cref="BuildNumberOverride"/>); null counts from tags.</summary>
    public int? BuildNumber { get; init; }

    public UsedVersionsSource? UsedVersions { get; init; }
}

/// <summary>The version a changed component gets, and where its changes were counted from.</summary>
public sealed record PlannedVersion(
    string Component,
    IReadOnlyList<AffectedReason> Reasons,
    string Version,
    string? PreviousVersion,
    string? PreviousCommit,
    bool AlreadyTagged)
{
    public string Tag => $"{Component}/{Version}";
}

public sealed record VersionPlan(string Train, string Head, IReadOnlyList<PlannedVersion> Components);
