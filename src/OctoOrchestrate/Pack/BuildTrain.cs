using System.Diagnostics;
using OctoOrchestrate.Build;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Pack;

/// <summary>
/// The <c>pack</c> pipeline as one call: affected (since each component's last version tag) → version → build → pack → tag.
/// A rerun on the same commit finds the tags on HEAD and the packages on disk and reports every component UpToDate.
/// </summary>
public static class BuildTrain
{
    /// <summary>The versions the changed components would get, without building anything.</summary>
    public static Task<VersionPlan> PlanAsync(Monorepo monorepo, BuildTrainOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BuildTrainOptions();
        var environment = options.EnvironmentVariables ?? Environment.GetEnvironmentVariable;
        var versionOptions = new VersionOptions
        {
            BuildNumber = BuildNumberOverride.Resolve(options.BuildNumber, environment),
            UsedVersions = options.UsedVersions,
        };
        return VersionPlanner.PlanAsync(monorepo.Manifest, (bases, _) => monorepo.AffectedSinceAsync(bases), versionOptions, cancellationToken);
    }

    public static async Task<BuildTrainResult> RunAsync(
        Monorepo monorepo, BuildTrainOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new BuildTrainOptions();
        var manifest = monorepo.Manifest;
        BuildNumberOverride.Resolve(options.BuildNumber, options.EnvironmentVariables ?? Environment.GetEnvironmentVariable); // bad input fails before anything is written
        // Planned under the lock, so a run that waited sees the tags of the one before it and builds nothing twice.
        using var runLock = await RunLock.AcquireAsync(Path.Combine(ArtifactPaths.Root(manifest), ".run.lock"), progress, cancellationToken).ConfigureAwait(false);
        var plan = await PlanAsync(monorepo, options, cancellationToken).ConfigureAwait(false);
        var results = new Dictionary<string, ComponentResult>();
        var toBuild = new List<PlannedVersion>();
        foreach (var planned in plan.Components)
        {
            var component = manifest.Component(planned.Component);
            var packed = planned.AlreadyTagged && component.Deployable && File.Exists(ArtifactPaths.Package(manifest, component.PackageId, planned.Version))
                && File.Exists(ArtifactPaths.BuildInformation(manifest, component.PackageId, planned.Version));
            if (planned.AlreadyTagged && (packed || !component.Deployable || !options.Pack))
            {
                progress?.Report($"{planned.Component}: {planned.Version} is already tagged on HEAD{(packed ? " and packed" : "")}; nothing to do");
                results[planned.Component] = new ComponentResult(planned.Component, planned.Reasons, planned.Version, ComponentStatus.UpToDate,
                    packed ? ArtifactPaths.Package(manifest, component.PackageId, planned.Version) : null, TimeSpan.Zero, null,
                    packed ? Packager.Existing(manifest, component, planned.Version) : null);
            }
            else
            {
                toBuild.Add(planned);
            }
        }

        var builds = await ComponentBuilder.BuildAsync(manifest, toBuild.Select(p => new BuildRequest(p.Component, p.Version)).ToList(),
            plan.Head, options.MaxParallelism, progress, options.BuildTimeout, cancellationToken).ConfigureAwait(false);
        var source = options.Pack ? await SourceInfo.ReadAsync(monorepo.Git, options.EnvironmentVariables ?? Environment.GetEnvironmentVariable).ConfigureAwait(false) : null;
        foreach (var build in builds)
        {
            var planned = toBuild.First(p => p.Component == build.Component);
            results[build.Component] = await PackOneAsync(monorepo, planned, build, plan.Head, source, progress, cancellationToken).ConfigureAwait(false);
        }

        var ordered = plan.Components.Select(p => results[p.Component]).ToList();
        var newTags = options.Pack && options.CreateTags
            ? await VersionTagger.TagAsync(monorepo.Git, plan, ordered, options.PushTags, progress).ConfigureAwait(false)
            : [];
        return new BuildTrainResult(plan.Train, plan.Head, ordered, newTags);
    }

    static async Task<ComponentResult> PackOneAsync(
        Monorepo monorepo, PlannedVersion planned, BuildOutcome build, string head, SourceInfo? source, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var component = monorepo.Manifest.Component(planned.Component);
        if (build.Status != ComponentStatus.Built || source is null || !component.Deployable)
            return new ComponentResult(planned.Component, planned.Reasons, planned.Version, build.Status, null, build.Duration, build.Error, null);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var packed = await Packager.PackAsync(monorepo.Manifest, component, planned.Version, build.OutputDirectory, planned.PreviousCommit, head, source, cancellationToken).ConfigureAwait(false);
            progress?.Report($"{planned.Component}: packed {Path.GetFileName(packed.PackagePath)}");
            return new ComponentResult(planned.Component, planned.Reasons, planned.Version, ComponentStatus.Built, packed.PackagePath, build.Duration + stopwatch.Elapsed, null, packed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OctoOrchestrateException)
        {
            var error = $"pack of {planned.Component} failed: {ex.Message}";
            progress?.Report(error);
            return new ComponentResult(planned.Component, planned.Reasons, planned.Version, ComponentStatus.Failed, null, build.Duration + stopwatch.Elapsed, error, null);
        }
    }
}
