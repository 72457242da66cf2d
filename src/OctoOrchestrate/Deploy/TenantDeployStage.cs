using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// Deploys to one environment for a <c>--tenant</c> selection (<see cref="Tenants"/>): the untenanted components once, untenanted,
/// then each selected tenant's components for that tenant, each run in waves (<see cref="DeployStage"/>). Untenanted components go
/// first, so a tenant's component that depends on one that failed is skipped. A component tenanted in the environment that no
/// selected tenant gets is reported <see cref="Outcome.NotForTenant"/>; so is every one of them when no tenant is selected.
/// </summary>
public static class TenantDeployStage
{
    /// <summary>One run: the releases to deploy for <see cref="Tenant"/> (null = untenanted).</summary>
    internal sealed record Unit(string? Tenant, IReadOnlyList<ReleaseInfo> Releases);

    public static async Task<StageResult> DeployAsync(
        IReleaseServer server,
        MonorepoManifest manifest,
        IReadOnlyList<ReleaseInfo> releases,
        string environment,
        string? tenantSelection,
        DeployOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (manifest.Tenants.Count == 0 && tenantSelection is null)
            return await DeployStage.DeployAsync(server, manifest, releases, environment, options, cancellationToken).ConfigureAwait(false);
        return await DeployAsync(server, manifest, releases, environment, tenantSelection, options, "deploy", new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The tenant-aware run of <paramref name="stage"/> (deploy, promote): <paramref name="blocked"/> names components that are not
    /// deployed (with the reason), so whatever depends on them is skipped in the untenanted run and in every tenant's.
    /// </summary>
    internal static async Task<StageResult> DeployAsync(
        IReleaseServer server, MonorepoManifest manifest, IReadOnlyList<ReleaseInfo> releases, string environment, string? tenantSelection,
        DeployOptions? options, string stage, IReadOnlyDictionary<string, string> blocked, CancellationToken cancellationToken)
    {
        environment = await DeployStage.CheckEnvironmentAsync(server, environment, cancellationToken).ConfigureAwait(false);
        var selected = Tenants.Select(manifest, tenantSelection, environment);
        var units = new List<Unit> { new(null, releases.Where(r => !Tenants.IsTenantedIn(manifest, r.Component, environment)).ToList()) };
        units.AddRange(selected.Select(t => new Unit(t.Name, releases.Where(r => t.Has(r.Component)).ToList())));
        var notForTenant = releases.Where(r => Tenants.IsTenantedIn(manifest, r.Component, environment) && !selected.Any(t => t.Has(r.Component)))
            .Select(r => NotForTenant(manifest, r.Component, r.Version, environment, tenantSelection is null ? null : string.Join(", ", selected.Select(t => t.Name))))
            .ToList();
        return await RunAsync(server, manifest, environment, units, notForTenant, options, stage, blocked, cancellationToken).ConfigureAwait(false);
    }

    internal static ComponentOutcome NotForTenant(MonorepoManifest manifest, string component, string? version, string environment, string? selection) =>
        new(component, version, Outcome.NotForTenant, selection is null
            ? $"deployed per tenant in {environment} ({Tenants.TenantsOf(manifest, component, environment)}): pass --tenant NAME or --tenant '*'"
            : $"not connected to tenant {selection} in {environment} (it is deployed for {Tenants.TenantsOf(manifest, component, environment)})", null, null);

    /// <summary>The runs in order; a failure in the untenanted run blocks what depends on it in every tenant's run.</summary>
    internal static async Task<StageResult> RunAsync(
        IReleaseServer server, MonorepoManifest manifest, string environment, IReadOnlyList<Unit> units, IReadOnlyList<ComponentOutcome> notForTenant,
        DeployOptions? options, string stage, IReadOnlyDictionary<string, string> blocked, CancellationToken cancellationToken)
    {
        options ??= DeployOptions.Default;
        var started = DateTimeOffset.UtcNow;
        var outcomes = new List<ComponentOutcome>();
        var untenantedFailures = new Dictionary<string, string>(blocked);
        foreach (var unit in units)
        {
            if (unit.Releases.Count == 0) continue;
            var result = await DeployStage.DeployAsync(server, manifest, unit.Releases, environment, options with { Tenant = unit.Tenant }, stage,
                unit.Tenant is null ? blocked : untenantedFailures, cancellationToken).ConfigureAwait(false);
            if (unit.Tenant is null)
            {
                foreach (var failed in result.Components.Where(c => !c.Succeeded)) untenantedFailures[failed.Component] = failed.Reason ?? failed.Outcome.ToString();
            }

            outcomes.AddRange(result.Components.Select(c => c with { Tenant = unit.Tenant }));
        }

        outcomes.AddRange(notForTenant);
        return new StageResult(stage, environment, started, DateTimeOffset.UtcNow, outcomes);
    }
}
