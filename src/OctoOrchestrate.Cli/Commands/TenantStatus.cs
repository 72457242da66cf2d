using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>status --tenant NAME|*</c>: one row per tenant and component it gets; an environment it is not connected to shows nothing.</summary>
internal static class TenantStatus
{
    public static async Task<List<StatusRow>> RowsAsync(IReleaseServer server, MonorepoManifest manifest, IReadOnlyList<string> environments, string selection, CancellationToken cancellationToken)
    {
        var tenants = Tenants.Named(manifest, selection);
        var dashboard = await server.GetTenantDashboardAsync(cancellationToken).ConfigureAwait(false);
        return tenants.SelectMany(tenant => manifest.Components.Where(c => tenant.Has(c.Name)).Select(c => new StatusRow(
            c.Name,
            environments.ToDictionary(e => e, e => tenant.In(e) && dashboard.FirstOrDefault(d =>
                d.Component == c.Name && string.Equals(d.Environment, e, StringComparison.OrdinalIgnoreCase) && string.Equals(d.Tenant, tenant.Name, StringComparison.OrdinalIgnoreCase)) is { } d
                ? StatusCommand.Cell(d) : null)) { Tenant = tenant.Name })).ToList();
    }
}
