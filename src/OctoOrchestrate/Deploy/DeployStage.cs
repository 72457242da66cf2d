using System.Collections.Concurrent;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// Deploys releases to one environment in waves (ManifestGraph.Waves): a wave's components deploy in parallel, the next wave starts
/// when the wave is done; whatever depends (transitively) on a failure is Skipped. A release already current there is not deployed again,
/// so a rerun after a failure only deploys what did not succeed.
/// </summary>
public static class DeployStage
{
    public static async Task<StageResult> DeployAsync(
        IReleaseServer server,
        MonorepoManifest manifest,
        IReadOnlyList<ReleaseInfo> releases,
        string environment,
        DeployOptions? options = null,
        CancellationToken cancellationToken = default) =>
        await DeployAsync(server, manifest, releases, environment, options, "deploy", new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);

    /// <param name="blocked">Components that count as failed before the stage starts (their dependents are skipped), with the reason.</param>
    internal static async Task<StageResult> DeployAsync(
        IReleaseServer server, MonorepoManifest manifest, IReadOnlyList<ReleaseInfo> releases, string environment, DeployOptions? options,
        string stage, IReadOnlyDictionary<string, string> blocked, CancellationToken cancellationToken)
    {
        options ??= DeployOptions.Default;
        var started = DateTimeOffset.UtcNow;
        environment = await CheckEnvironmentAsync(server, environment, cancellationToken).ConfigureAwait(false);
        if (releases.GroupBy(r => r.Component).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BadInputException($"Two releases of {twice.Key} ({string.Join(", ", twice.Select(r => r.Version))}) were given to deploy to {environment}. Pass one release per component.");
        if (options.Guard is { } guard && releases.Count > 0) await guard.CheckAsync(server, releases, environment, cancellationToken).ConfigureAwait(false);
        var byComponent = releases.ToDictionary(r => r.Component);
        var failed = new Dictionary<string, string>(blocked);
        var outcomes = new List<ComponentOutcome>();
        var rootCause = blocked.Keys.ToDictionary(k => k, k => k);
        foreach (var wave in DeployWaves.Plan(manifest, byComponent.Keys))
        {
            var refusals = new ConcurrentDictionary<string, OctoOrchestrateException>(StringComparer.Ordinal);
            var results = await Task.WhenAll(wave.Select(component =>
                FailedDependency(manifest, component, failed) is { } dependency
                    ? Task.FromResult(new ComponentOutcome(component.Name, byComponent[component.Name].Version, Outcome.Skipped,
                        SkipReason(dependency, rootCause[dependency], blocked), null, null))
                    : RefusableAsync(byComponent[component.Name], refusals, () => DeployOneAsync(server, byComponent[component.Name], environment, options, cancellationToken)))).ConfigureAwait(false);
            if (!refusals.IsEmpty)
            {
                // The server refused the run's credentials (Octopus's own permissions): what was deployed and the refusals are audited,
                // then the refusal ends the run (exit 2). A lifecycle refusal never gets here: it is a failed component.
                outcomes.AddRange(results.Where(r => !refusals.ContainsKey(r.Component)));
                if (options.Guard is { } auditor)
                {
                    await auditor.RecordAsync(new StageResult(stage, environment, started, DateTimeOffset.UtcNow, outcomes), releases, CancellationToken.None).ConfigureAwait(false);
                    foreach (var group in refusals.GroupBy(r => r.Value.Message))
                        await auditor.RecordRefusalAsync(group.Select(r => byComponent[r.Key]).ToList(), environment, group.Key, CancellationToken.None).ConfigureAwait(false);
                }

                throw refusals.OrderBy(r => r.Key, StringComparer.Ordinal).First().Value;
            }

            foreach (var result in results.Where(r => !r.Succeeded))
            {
                failed[result.Component] = result.Reason ?? result.Outcome.ToString();
                rootCause[result.Component] = result.Outcome == Outcome.Skipped
                    ? rootCause[FailedDependency(manifest, manifest.Component(result.Component), failed)!]
                    : result.Component;
            }

            outcomes.AddRange(results);
        }

        var stageResult = new StageResult(stage, environment, started, DateTimeOffset.UtcNow, outcomes);
        if (options.Guard is { } recorder) await recorder.RecordAsync(stageResult, releases, CancellationToken.None).ConfigureAwait(false);
        return stageResult;
    }

    /// <summary>A refusal by the server (exit 2) is kept for the stage to audit; its outcome stands in until the stage rethrows it.</summary>
    static async Task<ComponentOutcome> RefusableAsync(
        ReleaseInfo release, ConcurrentDictionary<string, OctoOrchestrateException> refusals, Func<Task<ComponentOutcome>> deploy)
    {
        try
        {
            return await deploy().ConfigureAwait(false);
        }
        catch (OctoOrchestrateException refused) when (refused.ExitCode == ExitCodes.BadInput)
        {
            refusals[release.Component] = refused;
            return new ComponentOutcome(release.Component, release.Version, Outcome.Failed, refused.Message, null, null);
        }
    }

    static async Task<ComponentOutcome> DeployOneAsync(IReleaseServer server, ReleaseInfo release, string environment, DeployOptions options, CancellationToken cancellationToken)
    {
        var current = await server.GetCurrentDeploymentForTenantAsync(release.Component, environment, options.Tenant, cancellationToken).ConfigureAwait(false);
        if (current?.ReleaseId == release.Id && !options.Redeploy && !current.InstallIsMissing())
            return new ComponentOutcome(release.Component, release.Version, Outcome.AlreadyDeployed,
                $"{release.Version} is already current in {environment} ({current.Id}, {current.CompletedAt:u})", null, null, current.Id, current.LogPath);

        var forTenant = options.Tenant is null ? "" : $" for {options.Tenant}";
        options.Progress?.Report($"{release.Component}: deploying {release.Version} to {environment}{forTenant}");
        DeploymentInfo deployment;
        try
        {
            // Checked again by the server as it queues: another run may have deployed it (or be deploying it) since the check above.
            deployment = await server.StartDeploymentAsync(
                new DeploymentRequest(release.Id, environment, options.IgnoreLifecycle, options.Timeout, OnlyIfNotCurrent: !options.Redeploy)
                { Intervention = options.Intervention, Tenant = options.Tenant }, cancellationToken).ConfigureAwait(false);
        }
        catch (BadInputException ex) // the server refused this one (lifecycle): a failed component; a server that fails is exit 5
        {
            var now = DateTimeOffset.UtcNow;
            return new ComponentOutcome(release.Component, release.Version, Outcome.Failed, ex.Message, now, now);
        }

        var reused = deployment.ReusedExisting;
        try
        {
            deployment = await server.WaitForDeploymentAsync(deployment.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await server.CancelDeploymentAsync(deployment.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var outcome = deployment.State switch
        {
            DeploymentState.Success when reused => Outcome.AlreadyDeployed,
            DeploymentState.Success => Outcome.Deployed,
            DeploymentState.TimedOut => Outcome.TimedOut,
            DeploymentState.Canceled => Outcome.Canceled,
            _ => Outcome.Failed,
        };
        var reason = !reused ? deployment.Reason
            : deployment.State == DeploymentState.Success ? $"deployed to {environment} by another run ({deployment.Id}) meanwhile; not deployed twice"
            : $"another run's deployment of it ({deployment.Id}), joined instead of deploying twice, ended {deployment.State}{(deployment.Reason is null ? "" : ": " + deployment.Reason)}";
        var result = new ComponentOutcome(release.Component, release.Version, outcome, reason,
            deployment.StartedAt ?? deployment.QueuedAt, deployment.CompletedAt, deployment.Id, deployment.LogPath);
        options.Progress?.Report($"{release.Component} {release.Version} -> {environment}{forTenant}: {outcome.ToString().ToLowerInvariant()}{(result.Duration is { } d ? $" ({d.TotalSeconds:0.0}s)" : "")}");
        return result;
    }

    /// <summary>The environment as the server spells it; an unknown one is bad input before anything is deployed.</summary>
    internal static async Task<string> CheckEnvironmentAsync(IReleaseServer server, string environment, CancellationToken cancellationToken)
    {
        var known = (await server.GetLifecycleAsync(cancellationToken).ConfigureAwait(false)).Environments;
        return known.FirstOrDefault(e => string.Equals(e, environment, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"Environment '{environment}' is not in the lifecycle ({string.Join(" -> ", known)}). Use one of those names, or add it to 'environments:' in the manifest.");
    }

    static string SkipReason(string dependency, string root, IReadOnlyDictionary<string, string> blocked)
    {
        var what = blocked.TryGetValue(root, out var why) ? $"is held back ({why})" : "failed";
        return dependency == root ? $"skipped: it depends on {root}, which {what}" : $"skipped: it depends on {dependency}, which was skipped because {root} {what}";
    }

    /// <summary>The first component this one depends on, directly or through others, that failed in this run.</summary>
    internal static string? FailedDependency(MonorepoManifest manifest, ComponentDefinition component, IReadOnlyDictionary<string, string> failed)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(ManifestGraph.Predecessors(component).Reverse());
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name)) continue;
            if (failed.ContainsKey(name)) return name;
            foreach (var next in ManifestGraph.Predecessors(manifest.Component(name)).Reverse()) pending.Push(next);
        }

        return null;
    }
}
