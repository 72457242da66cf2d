using Cake.Core;
using Cake.Core.Annotations;
using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Release;
using OctoOrchestrate.Verify;

namespace Cake.OctoOrchestrate;

/// <summary>
/// OctoOrchestrate in a Cake script: each alias calls the core library (the same code as the octo-orchestrate CLI) with the embedded
/// release server, logs its progress and one line per component through Cake's log, and returns the library's result object.
/// </summary>
[CakeAliasCategory("OctoOrchestrate")]
[CakeNamespaceImport("OctoOrchestrate.Deploy")]
[CakeNamespaceImport("OctoOrchestrate.Detect")]
[CakeNamespaceImport("OctoOrchestrate.Pipeline")]
[CakeNamespaceImport("OctoOrchestrate.Release")]
public static class OctoAliases
{
    /// <summary>The components changed between two revisions, in dependency order, each with its reasons.</summary>
    [CakeMethodAlias]
    public static AffectedResult OctoAffected(this ICakeContext context, OctoAffectedSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        settings ??= new OctoAffectedSettings();
        var result = OctoHost.LoadMonorepo(context, settings).Affected(settings.Base, settings.Head, settings.IncludeUncommitted);
        OctoSummary.Affected(context.Log, result);
        return result;
    }

    /// <summary>
    /// The main job: affected, version, build, pack, release, deploy to the first environment, integration tests, promote to the next.
    /// A rerun does only what did not succeed. Throws when something failed unless <see cref="OctoCommandSettings.ThrowOnFailure"/> is false.
    /// </summary>
    [CakeMethodAlias]
    public static CiResult OctoCi(this ICakeContext context, OctoCiSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        settings ??= new OctoCiSettings();
        var options = new CiOptions
        {
            Build = new BuildTrainOptions
            {
                BuildNumber = settings.BuildNumber,
                MaxParallelism = settings.MaxParallelism,
                PushTags = settings.PushTags,
                BuildTimeout = OctoHost.Positive(settings.BuildTimeout, "OctoCiSettings.BuildTimeout") ?? BuildTrainOptions.DefaultBuildTimeout,
            },
            Timeout = OctoHost.Positive(settings.Timeout, "OctoCiSettings.Timeout"),
        };
        var monorepo = OctoHost.LoadMonorepo(context, settings);
        var result = OctoHost.Wait(RunCiAsync(context, monorepo, settings, options));
        OctoSummary.Ci(context.Log, result);
        if (!result.Succeeded && settings.ThrowOnFailure)
        {
            var builds = result.Build.Components.Where(c => c.Status is not (ComponentStatus.Built or ComponentStatus.UpToDate))
                .Select(c => $"{c.Component}: build {c.Status}");
            throw new CakeException($"OctoCi failed: {string.Join("; ", builds.Append(OctoSummary.Failures(result.Stages)).Where(s => s.Length > 0))}");
        }

        return result;
    }

    /// <summary>Deploys each component's newest release (or the one matching <see cref="OctoDeploySettings.Version"/>) to an environment, in waves.</summary>
    [CakeMethodAlias]
    public static StageResult OctoDeploy(this ICakeContext context, OctoDeploySettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        OctoHost.Require(settings.Environment, "OctoDeploySettings.Environment");
        var manifest = OctoHost.LoadManifest(context, settings);
        var result = OctoHost.Wait(DeployAsync(context, manifest, settings));
        OctoSummary.Stage(context.Log, result);
        if (!result.Succeeded && settings.ThrowOnFailure) throw new CakeException($"OctoDeploy failed: {OctoSummary.Failures([result])}");
        return result;
    }

    /// <summary>Runs the tests of the releases current in <see cref="OctoPromoteSettings.From"/> and deploys exactly those that passed to <see cref="OctoPromoteSettings.To"/>.</summary>
    [CakeMethodAlias]
    public static OctoPromoteResult OctoPromote(this ICakeContext context, OctoPromoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        OctoHost.Require(settings.From, "OctoPromoteSettings.From");
        OctoHost.Require(settings.To, "OctoPromoteSettings.To");
        var manifest = OctoHost.LoadManifest(context, settings);
        var result = OctoHost.Wait(PromoteAsync(context, manifest, settings));
        OctoSummary.Stage(context.Log, result.Verification);
        OctoSummary.Stage(context.Log, result.Promotion);
        if (!result.Succeeded && settings.ThrowOnFailure) throw new CakeException($"OctoPromote failed: {OctoSummary.Failures([result.Verification, result.Promotion])}");
        return result;
    }

    /// <summary>Per component and environment, the current (last successful) and latest deployment; empty when nothing was deployed yet.</summary>
    [CakeMethodAlias]
    public static IReadOnlyList<DashboardEntry> OctoStatus(this ICakeContext context, OctoStatusSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        settings ??= new OctoStatusSettings();
        var manifest = OctoHost.LoadManifest(context, settings);
        var dashboard = OctoHost.Wait(StatusAsync(context, manifest, settings));
        OctoSummary.Status(context.Log, dashboard);
        return dashboard;
    }

    static async Task<CiResult> RunCiAsync(ICakeContext context, global::OctoOrchestrate.Monorepo monorepo, OctoCiSettings settings, CiOptions options)
    {
        await using var server = OctoHost.OpenServer(context, monorepo.Manifest, settings);
        return await CiPipeline.RunAsync(monorepo, server, options, new CakeProgress(context.Log)).ConfigureAwait(false);
    }

    static async Task<StageResult> DeployAsync(ICakeContext context, global::OctoOrchestrate.Manifest.MonorepoManifest manifest, OctoDeploySettings settings)
    {
        // Everything the settings say is checked before the state folder is opened (and perhaps created).
        var names = settings.Components.Count > 0 ? settings.Components.ToList() : manifest.Components.Where(c => c.Deployable).Select(c => c.Name).ToList();
        foreach (var name in names) manifest.Component(name);
        var timeout = OctoHost.Positive(settings.Timeout, "OctoDeploySettings.Timeout");
        await using var server = OctoHost.OpenServer(context, manifest, settings);
        var releases = new List<ReleaseInfo>();
        foreach (var name in names)
        {
            if (await server.FindReleaseAsync(name, settings.Version ?? "*").ConfigureAwait(false) is { } release) releases.Add(release);
            else if (settings.Components.Count > 0)
                throw new global::OctoOrchestrate.BadInputException($"OctoDeploySettings.Components: {name} has no release{(settings.Version is { } v ? $" matching {v}" : "")}. Create one first (OctoCi does).");
        }

        if (releases.Count == 0 && settings.Version is { } pattern)
            throw new global::OctoOrchestrate.BadInputException($"OctoDeploySettings.Version {pattern}: no release of {string.Join(", ", names)} matches it (OctoStatus shows what is deployed).");
        var options = (settings.Force ? DeployOptions.Forced(timeout) : new DeployOptions(Timeout: timeout)) with { Progress = new CakeProgress(context.Log) };
        return await DeployStage.DeployAsync(server, manifest, releases, settings.Environment!, options).ConfigureAwait(false);
    }

    static async Task<OctoPromoteResult> PromoteAsync(ICakeContext context, global::OctoOrchestrate.Manifest.MonorepoManifest manifest, OctoPromoteSettings settings)
    {
        foreach (var name in settings.Components) manifest.Component(name);
        var timeout = OctoHost.Positive(settings.Timeout, "OctoPromoteSettings.Timeout");
        await using var server = OctoHost.OpenServer(context, manifest, settings);
        var from = settings.From!;
        var names = settings.Components.Count > 0 ? settings.Components.ToArray()
            : (await server.GetDashboardAsync().ConfigureAwait(false))
                .Where(d => d.Current is not null && string.Equals(d.Environment, from, StringComparison.OrdinalIgnoreCase)).Select(d => d.Component).ToArray();
        var progress = new CakeProgress(context.Log);
        var verified = await VerifyStage.VerifyAsync(server, manifest, from, names, new VerifyOptions(Timeout: timeout) { Progress = progress }).ConfigureAwait(false);
        var options = (settings.Force ? DeployOptions.Forced(timeout) : new DeployOptions(Timeout: timeout)) with { Progress = progress };
        var promoted = await PromoteStage.PromoteAsync(server, manifest, verified, from, settings.To!, options).ConfigureAwait(false);
        return new OctoPromoteResult(verified, promoted);
    }

    static async Task<IReadOnlyList<DashboardEntry>> StatusAsync(ICakeContext context, global::OctoOrchestrate.Manifest.MonorepoManifest manifest, OctoStatusSettings settings)
    {
        // Reading never creates a state folder: without one, nothing was deployed; a given one that is missing is a typo, not "nothing".
        var state = OctoHost.StateDirectory(context, settings);
        if (state is not null && !Directory.Exists(state))
            throw new global::OctoOrchestrate.BadInputException($"OctoStatusSettings.StateDirectory '{state}' does not exist, so nothing was released or deployed with it. Check the path.");
        await using var server = OctoHost.OpenExistingServer(context, manifest, settings);
        return server is null ? [] : await server.GetDashboardAsync().ConfigureAwait(false);
    }
}
