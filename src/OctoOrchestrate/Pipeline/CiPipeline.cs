using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Release;
using OctoOrchestrate.Verify;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Pipeline;

public sealed record CiOptions
{
    public BuildTrainOptions Build { get; init; } = new();

    /// <summary>Where releases are deployed and tested first (default: the lifecycle's first environment).</summary>
    public string? FirstEnvironment { get; init; }

    /// <summary>Bounds each deploy and test command.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Permissions, regression guard and audit trail for the release, deploy and promote stages (null: none).</summary>
    public IDeploymentGuard? Guard { get; init; }
}

/// <summary>
/// The main job: affected → version → build → pack → release → deploy to the first environment → integration tests →
/// promote what passed to the next. Every step reads the release server's state, so a rerun after a failure redoes only
/// what did not succeed: nothing built, released or deployed before is done again.
/// </summary>
public static class CiPipeline
{
    public static async Task<CiResult> RunAsync(
        Monorepo monorepo, IReleaseServer server, CiOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new CiOptions();
        var manifest = monorepo.Manifest;
        var lifecycle = await server.GetLifecycleAsync(cancellationToken).ConfigureAwait(false);
        var first = options.FirstEnvironment ?? lifecycle.Environments[0];
        var next = lifecycle.NextEnvironment(first);

        var buildOptions = options.Build with { UsedVersions = options.Build.UsedVersions ?? UsedVersions(server) };
        var built = await BuildTrain.RunAsync(monorepo, buildOptions, progress, cancellationToken).ConfigureAwait(false);

        progress?.Report("release: creating releases");
        var released = await ReleaseStage.CreateReleasesAsync(server, manifest, built.Packages, cancellationToken: cancellationToken, progress: progress).ConfigureAwait(false);

        if (options.Guard is { } guard) await guard.RecordAsync(released.Result, released.Releases, cancellationToken).ConfigureAwait(false);
        var failedBuilds = built.Components.Where(c => c.Status is not (ComponentStatus.Built or ComponentStatus.UpToDate))
            .ToDictionary(c => c.Component, c => $"its build {c.Status.ToString().ToLowerInvariant()}");

        // Deploy the release of HEAD's content of every deployable component, not only those built now: a rerun picks up what
        // failed before. For one not built now that is its most recent version tag by ancestry, never simply the highest version:
        // on a hotfix branch (train 2026.3.1) the highest (2026.4.0.x) would silently roll Dev back.
        var tags = await VersionTags.ReadAsync(new Git(manifest.Directory)).ConfigureAwait(false);
        var latest = new List<ReleaseInfo>();
        foreach (var component in manifest.Components.Where(c => c.Deployable && !failedBuilds.ContainsKey(c.Name)))
        {
            var release = released.Releases.FirstOrDefault(r => r.Component == component.Name)
                ?? (tags.Current(component.Name) is { } tag
                    ? await server.FindReleaseAsync(component.Name, tag.Version.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false)
                    : null)
                ?? await server.FindReleaseAsync(component.Name, "*", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (release is not null) latest.Add(release);
        }

        progress?.Report($"deploy: {latest.Count} component(s) to {first}");
        var deployOptions = new DeployOptions(Timeout: options.Timeout) { Progress = progress, Guard = options.Guard };
        var deployed = await DeployStage.DeployAsync(server, manifest, latest, first, deployOptions, "deploy", failedBuilds, cancellationToken).ConfigureAwait(false);
        if (next is null)
            return new CiResult(built, [released.Result, deployed]);

        var toVerify = new List<string>();
        foreach (var outcome in deployed.Components.Where(c => c.Succeeded))
        {
            var inNext = await server.GetCurrentDeploymentAsync(outcome.Component, next, cancellationToken).ConfigureAwait(false);
            if (inNext is null || inNext.Version != outcome.Version || inNext.InstallIsMissing()) toVerify.Add(outcome.Component);
        }

        progress?.Report($"verify: testing {toVerify.Count} component(s) in {first}");
        var verified = await VerifyStage.VerifyAsync(server, manifest, first, toVerify, new VerifyOptions(Timeout: options.Timeout) { Progress = progress }, cancellationToken).ConfigureAwait(false);
        progress?.Report($"promote: {first} -> {next}");
        var promoted = await PromoteStage.PromoteAsync(server, manifest, verified, first, next, deployOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new CiResult(built, [released.Result, deployed, verified, promoted]);
    }

    static Version.UsedVersionsSource UsedVersions(IReleaseServer server) => async (component, cancellationToken) =>
        (await server.ListReleasesAsync(component, cancellationToken).ConfigureAwait(false)).Select(r => r.Version);
}
