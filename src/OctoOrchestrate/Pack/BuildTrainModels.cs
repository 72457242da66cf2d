using System.Text.Json.Serialization;
using OctoOrchestrate.Build;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Pack;

public sealed record BuildTrainOptions
{
    /// <summary>The <c>--build-number</c> value; when null, <c>OO_BUILD_NUMBER</c>; when both are unset, Build counts from tags.</summary>
    public string? BuildNumber { get; init; }

    /// <summary>Versions used outside git (e.g. the release server's releases), so Build never repeats one of them.</summary>
    public UsedVersionsSource? UsedVersions { get; init; }

    /// <summary>False: build only (no packages, no tags).</summary>
    public bool Pack { get; init; } = true;

    /// <summary>Tag each packed component <c>component/version</c> on HEAD (local tags).</summary>
    public bool CreateTags { get; init; } = true;

    /// <summary>Push the new tags to origin.</summary>
    public bool PushTags { get; init; }

    /// <summary>Ends a build command (its whole process group) that runs longer; null: no limit.</summary>
    public TimeSpan? BuildTimeout { get; init; } = DefaultBuildTimeout;

    public static TimeSpan DefaultBuildTimeout { get; } = TimeSpan.FromHours(1);

    /// <summary>Builds at once; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Where CI variables and OO_BUILD_NUMBER are read from; default the process environment.</summary>
    public Func<string, string?>? EnvironmentVariables { get; init; }
}

/// <summary>What happened to one changed component.</summary>
public sealed record ComponentResult(
    string Component,
    IReadOnlyList<AffectedReason> Reasons,
    string Version,
    ComponentStatus Status,
    string? PackagePath,
    TimeSpan Duration,
    string? Error,
    PackedComponent? Package);

public sealed record BuildTrainResult(string Train, string Head, IReadOnlyList<ComponentResult> Components, IReadOnlyList<string> NewTags)
{
    public bool Succeeded => Components.All(c => c.Status is ComponentStatus.Built or ComponentStatus.UpToDate);

    /// <summary>The packages to release (built now or up to date), in dependency order.</summary>
    [JsonIgnore]
    public IReadOnlyList<PackedComponent> Packages => Components.Where(c => c.Package is not null).Select(c => c.Package!).ToList();
}
