using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

/// <summary>Tenanted deployments on the embedded server: the manifest's <c>tenants:</c> say who may get what where.</summary>
public sealed partial class LocalReleaseServer
{
    /// <summary>
    /// The tenant of a request as the manifest spells it, or null for an untenanted one. Like Octopus, a tenant that does not exist,
    /// is not connected to the environment, or does not get the component is refused.
    /// </summary>
    string? TenantFor(DeploymentRequest request, ReleaseInfo release, string environment)
    {
        if (request.Tenant is null) return null;
        var tenant = Manifest.Tenants.FirstOrDefault(t => string.Equals(t.Name, request.Tenant, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"Tenant '{request.Tenant}' is not in 'tenants:' of {Manifest.FilePath}. Known: {(Manifest.Tenants.Count == 0 ? "none" : string.Join(", ", Manifest.Tenants.Select(t => t.Name)))}.");
        if (!tenant.In(environment))
            throw new BadInputException($"Tenant {tenant.Name} is not connected to {environment} (its environments: {string.Join(", ", tenant.Environments)}). Add {environment} to its 'environments' in {Manifest.FilePath}, or deploy it elsewhere.");
        if (!tenant.Has(release.Component))
            throw new BadInputException($"Tenant {tenant.Name} does not get {release.Component} (its components: {string.Join(", ", tenant.Components)}). Add it to its 'components' in {Manifest.FilePath}.");
        return tenant.Name;
    }

    public Task<DeploymentInfo?> GetCurrentDeploymentForTenantAsync(string component, string environment, string? tenant, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadDeployments(
            "WHERE id = (SELECT deployment_id FROM current_deployments WHERE component = $c AND environment = $e COLLATE NOCASE AND tenant = $t COLLATE NOCASE)",
            ("$c", component), ("$e", environment), ("$t", tenant ?? "")).SingleOrDefault());

    public Task<IReadOnlyList<DashboardEntry>> GetTenantDashboardAsync(CancellationToken cancellationToken = default)
    {
        var current = ReadDeployments("WHERE id IN (SELECT deployment_id FROM current_deployments WHERE tenant <> '')")
            .ToDictionary(d => (d.Component, d.Environment, d.Tenant));
        var latest = ReadDeployments("WHERE id IN (SELECT max(id) FROM deployments WHERE tenant IS NOT NULL GROUP BY component, environment, tenant) ORDER BY tenant, component, environment");
        return Task.FromResult<IReadOnlyList<DashboardEntry>>(latest
            .Select(d => new DashboardEntry(d.Component, d.Environment, current.GetValueOrDefault((d.Component, d.Environment, d.Tenant)), d) { Tenant = d.Tenant })
            .ToList());
    }
}
