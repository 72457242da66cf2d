using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;
using OctoOrchestrate.Release;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Promote.Run;

/// <summary>
/// Runs a decided plan, exactly as decided: its waves in order (parallel within a wave), a failure skips its dependents and with
/// <c>--fail-fast</c> everything not started; after each wave the components with <c>testIn</c> naming the destination are tested there
/// (a failing test counts as a failed deployment); a failed deployment runs the component's <c>onDeployFailed</c> line. Each component
/// that succeeded is marked done in the store first, so a resumed plan never deploys it twice. Ends with a train snapshot.
/// A tenant's row deploys for that tenant (a tenanted deployment), marked done under <see cref="PlannedComponent.Key"/>.
/// </summary>
public static class TrainRunner
{
    public static async Task<(StageResult Result, TrainSnapshot Snapshot)> RunAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, TrainPlan plan, string? approvedBy, TrainRunOptions options,
        CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var outcomes = new List<ComponentOutcome>();
        try
        {
            await RunWavesAsync(server, store, manifest, plan, approvedBy, options, outcomes, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            options.Progress?.Report($"canceled: what this promotion started was canceled; resume with 'octo-orchestrate promote --resume {plan.Id}'");
            await SnapshotAsync(server, store, manifest, plan, approvedBy, "Canceled", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var result = new StageResult(plan.Kind, plan.To, started, DateTimeOffset.UtcNow, outcomes);
        var snapshot = await SnapshotAsync(server, store, manifest, plan, approvedBy, result.Succeeded ? "Succeeded" : "Failed", cancellationToken).ConfigureAwait(false);
        return (result, snapshot);
    }

    static async Task RunWavesAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, TrainPlan plan, string? approvedBy, TrainRunOptions options, List<ComponentOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        var done = await store.GetDoneAsync(plan.Id, cancellationToken).ConfigureAwait(false);
        var failed = new Dictionary<string, string>(); // untenanted failures: they block dependents in every tenant's rows too
        var failedForTenant = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        string? stoppedBy = null;
        var deployOptions = new DeployOptions(Redeploy: plan.Options.When == WhenPolicy.Always, Timeout: options.Timeout)
        {
            Progress = options.Progress,
            Guard = options.Guard?.ForDeployments(plan),
            Intervention = PlanInterventions.ForApproved(plan, approvedBy), // one approval covers every child deployment's manual intervention
        };
        foreach (var wave in plan.ToDeploy.GroupBy(c => c.Wave).OrderBy(w => w.Key))
        {
            // Within a wave the untenanted rows go first, then each tenant's, as 'deploy --tenant' does: a tenant's row whose
            // dependency failed untenanted is skipped, and one tenant's failure holds back only that tenant's dependents.
            foreach (var unit in wave.GroupBy(c => c.Tenant).OrderBy(g => g.Key is not null))
            {
                if (stoppedBy is not null)
                {
                    outcomes.AddRange(unit.Select(c => new ComponentOutcome(c.Component, c.Candidate, Outcome.Skipped,
                        $"not started: --fail-fast stopped the train after {stoppedBy} failed", null, null) { Tenant = c.Tenant }));
                    continue;
                }

                var tenant = unit.Key;
                var failedHere = tenant is null ? failed : failedForTenant.TryGetValue(tenant, out var own) ? own : failedForTenant[tenant] = [];
                var toDeploy = new List<ReleaseInfo>();
                foreach (var component in unit)
                {
                    if (done.TryGetValue(component.Key, out var deploymentId))
                        outcomes.Add(new ComponentOutcome(component.Component, component.Candidate, Outcome.AlreadyDeployed,
                            $"deployed by an earlier run of plan {plan.Id} ({deploymentId}); not deployed twice", null, null, deploymentId) { Tenant = tenant });
                    else
                        toDeploy.Add(await ReleaseOfAsync(server, component, cancellationToken).ConfigureAwait(false));
                }

                if (tenant is not null && toDeploy.Count == 0) continue;
                var blocked = tenant is null ? failed : failed.Concat(failedHere).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
                var deployed = await DeployStage.DeployAsync(server, manifest, toDeploy, plan.To, deployOptions with { Tenant = tenant }, plan.Kind, blocked, cancellationToken)
                    .ConfigureAwait(false);
                foreach (var outcome in deployed.Components)
                {
                    var final = outcome with { Tenant = tenant };
                    if (final.Succeeded && manifest.Component(final.Component).Train.TestsIn(plan.To))
                        final = tenant is null ? await TestAsync(server, manifest, final, plan.To, options, cancellationToken).ConfigureAwait(false)
                            : final with { Reason = $"testIn {plan.To}: not run for a tenant's deployment (the test command reads the untenanted one)" };
                    if (final.Succeeded)
                        await store.MarkDoneAsync(plan.Id, PlannedComponent.KeyOf(final.Component, tenant), final.DeploymentId ?? "", cancellationToken).ConfigureAwait(false);
                    else
                    {
                        failedHere[final.Component] = final.Reason ?? final.Outcome.ToString();
                        if (final.Outcome is Outcome.Failed or Outcome.TimedOut)
                            final = await OnDeployFailedAsync(server, manifest, final, plan.To, options, cancellationToken).ConfigureAwait(false);
                    }

                    outcomes.Add(final);
                }

                if (options.FailFast && outcomes.FirstOrDefault(o => o.Outcome is Outcome.Failed or Outcome.TimedOut or Outcome.Canceled) is { } first)
                    stoppedBy = first.Tenant is null ? first.Component : $"{first.Component} ({first.Tenant})";
            }
        }
    }

    static async Task<ReleaseInfo> ReleaseOfAsync(IReleaseServer server, PlannedComponent component, CancellationToken cancellationToken) =>
        (await server.ListReleasesAsync(component.Component, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == component.CandidateReleaseId)
        ?? throw new BadInputException($"The plan's release of {component.Component} ({component.Candidate}, {component.CandidateReleaseId}) no longer exists on the release server. Make a new plan.");

    static async Task<ComponentOutcome> TestAsync(
        IReleaseServer server, MonorepoManifest manifest, ComponentOutcome deployed, string environment, TrainRunOptions options, CancellationToken cancellationToken)
    {
        var verified = await VerifyStage.VerifyAsync(server, manifest, environment, [deployed.Component],
            new VerifyOptions(Timeout: options.Timeout) { Progress = options.Progress }, cancellationToken).ConfigureAwait(false);
        var test = verified.Components.Single();
        return test.Succeeded ? deployed
            : deployed with { Outcome = Outcome.Failed, Reason = $"deployed, but its test in {environment} (testIn) failed: {test.Reason ?? test.Outcome.ToString()}" };
    }

    /// <summary>Runs the component's <c>onDeployFailed</c> line (with the OO_* variables of the failed deployment); its result joins the reason.</summary>
    static async Task<ComponentOutcome> OnDeployFailedAsync(
        IReleaseServer server, MonorepoManifest manifest, ComponentOutcome failed, string environment, TrainRunOptions options, CancellationToken cancellationToken)
    {
        var component = manifest.Component(failed.Component);
        if (component.Train.OnDeployFailed is not { } line) return failed;
        var release = failed.Version is null ? null : await server.FindReleaseAsync(component.Name, failed.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
        var deployment = failed.DeploymentId is null ? null : await server.GetDeploymentAsync(failed.DeploymentId, cancellationToken).ConfigureAwait(false);
        var variables = ComponentShell.DeployVariables(component.Name, failed.Version ?? "", environment, release?.PackagePath ?? "",
            deployment?.InstallDirectory ?? "", deployment?.EnvironmentDirectory ?? "", manifest.Directory, release?.GitCommit ?? "");
        options.Progress?.Report($"{component.Name}: running onDeployFailed");
        var result = await ComponentShell.RunAsync(line, manifest.Directory, variables, null, cancellationToken).ConfigureAwait(false);
        return failed with { Reason = $"{failed.Reason}; onDeployFailed {(result.ExitCode == 0 ? "ran" : result.ExitDescription)}" };
    }

    static async Task<TrainSnapshot> SnapshotAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, TrainPlan plan, string? approvedBy, string outcome, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, string?>();
        foreach (var component in manifest.Components.Where(c => c.Deployable))
            versions[component.Name] = (await server.GetCurrentDeploymentAsync(component.Name, plan.To, cancellationToken).ConfigureAwait(false))?.Version;
        var tenantVersions = new Dictionary<string, IReadOnlyDictionary<string, string?>>();
        foreach (var tenant in manifest.Tenants.Where(t => t.In(plan.To)))
        {
            var own = new Dictionary<string, string?>();
            foreach (var component in manifest.Components.Where(c => c.Deployable && tenant.Has(c.Name)))
                own[component.Name] = (await server.GetCurrentDeploymentForTenantAsync(component.Name, plan.To, tenant.Name, cancellationToken).ConfigureAwait(false))?.Version;
            tenantVersions[tenant.Name] = own;
        }

        var snapshot = new TrainSnapshot("", plan.To, versions, plan.Id, plan.Kind, plan.RequestedBy, approvedBy, DateTimeOffset.UtcNow, outcome)
        {
            TenantVersions = tenantVersions.Count == 0 ? null : tenantVersions,
        };
        return await store.AddSnapshotAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }
}
