using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>Tenant (Octopus TenantResource): its id, name, and per project id the environment ids it is connected to.</summary>
internal sealed record TenantResource(string Id, string Name, Dictionary<string, List<string>>? ProjectEnvironments);

/// <summary>The executions API's tenanted create (<c>deployments/create/tenanted/v1</c>): one environment, tenants by name.</summary>
internal sealed record CreateTenantedDeploymentRequest(
    string SpaceId, string SpaceIdOrName, string ProjectName, string ReleaseVersion, string EnvironmentName, IReadOnlyList<string> Tenants,
    IReadOnlyList<string> TenantTags, bool ForcePackageRedeployment);

/// <summary>
/// Tenanted deployments on Octopus. Tenants are found by exact name in one <c>tenants/all</c> read (<c>tenants?name=</c> matches
/// parts of names, as projects do). What is current for a tenant is the dashboard's item with its TenantId; the untenanted reads
/// take only items without one.
/// </summary>
public sealed partial class OctopusReleaseServer
{
    Task<List<TenantResource>>? tenants;

    async Task<TenantResource> TenantAsync(string name, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        tenants ??= client.Http.GetAsync<List<TenantResource>>($"/api/{server.Space.Id}/tenants/all", CancellationToken.None);
        var all = await tenants.WaitAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(t => string.Equals(t.Name.Trim(), name, StringComparison.Ordinal))
            ?? all.FirstOrDefault(t => string.Equals(t.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)) // names are unique case-insensitively
            ?? throw new BadInputException(
                $"Octopus space '{server.Space.Name}' has no tenant '{name}' (it has {(all.Count == 0 ? "none" : string.Join(", ", all.Select(t => t.Name)))}). " +
                $"Create it and connect it to the projects and environments its 'tenants:' entry in {manifest.FilePath} lists, or fix the name there.");
    }

    /// <summary>
    /// <c>deployments/create/tenanted/v1</c> for one tenant. Not idempotent: after a transient failure the tenant's newest deployment of
    /// the project to the environment is looked for before the request is sent again. A refusal (tenant not connected, lifecycle) is bad input.
    /// </summary>
    async Task<DeploymentInfo> StartTenantedDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var release = await ReleaseByIdAsync(request.ReleaseId, cancellationToken).ConfigureAwait(false);
        var project = server.Projects[release.Component];
        var environmentId = server.EnvironmentId(request.Environment);
        var environment = server.EnvironmentName(environmentId);
        var tenant = await TenantAsync(request.Tenant!, cancellationToken).ConfigureAwait(false);
        var before = (await TenantDeploymentsAsync(server, project.Id, environmentId, tenant.Id, successfulOnly: false, cancellationToken).ConfigureAwait(false))?.Id;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.Http.PostJsonAsync<CreateDeploymentResponse, CreateTenantedDeploymentRequest>(
                    $"/api/{server.Space.Id}/deployments/create/tenanted/v1",
                    new(server.Space.Id, server.Space.Id, project.Name, release.Version, environment, [tenant.Name], [], request.IgnoreLifecycle),
                    retryable: false, cancellationToken).ConfigureAwait(false);
                // Both lists empty, or a tenant Octopus does not deploy there: "nothing is deployed and no error is raised".
                var task = created.DeploymentServerTasks.FirstOrDefault()
                    ?? throw new BadInputException($"Octopus deployed nothing of {project.Name} {release.Version} to {environment} for tenant {tenant.Name}: connect the tenant to the project in {environment}.");
                InvalidateDashboard();
                return Track(task.DeploymentId, task.ServerTaskId, release, environment, request.Timeout, request.Intervention).Queued() with { Tenant = tenant.Name };
            }
            catch (OctopusApiException ex) when (ex.Status == System.Net.HttpStatusCode.BadRequest)
            {
                throw new BadInputException($"Octopus refused to deploy {project.Name} {release.Version} to {environment} for tenant {tenant.Name}: {ex.ServerMessage}");
            }
            catch (Exception ex) when (OctopusHttp.IsTransientFailure(ex) && attempt <= options.MaxRetries)
            {
                var latest = await TenantDeploymentsAsync(server, project.Id, environmentId, tenant.Id, successfulOnly: false, cancellationToken).ConfigureAwait(false);
                if (latest is not null && latest.Id != before && latest.ReleaseId == release.Id)
                    return Track(latest.Id, latest.TaskId, release, environment, request.Timeout, request.Intervention).Queued() with { Tenant = tenant.Name };
                await Task.Delay(options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The tenant's last successful deployment, read as the untenanted one is (<see cref="CurrentDeploymentAsync"/>).</summary>
    public Task<DeploymentInfo?> GetCurrentDeploymentForTenantAsync(string component, string environment, string? tenant, CancellationToken cancellationToken = default) =>
        CurrentDeploymentAsync(component, environment, tenant, cancellationToken);

    /// <summary>Every tenanted cell of the dashboard (one read), each with its current and latest deployment.</summary>
    public async Task<IReadOnlyList<DashboardEntry>> GetTenantDashboardAsync(CancellationToken cancellationToken = default)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        InvalidateDashboard();
        var board = await DashboardAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<DashboardEntry>();
        foreach (var item in board.Items.Where(i => i.TenantId is not null))
        {
            if (server.ComponentOf(item.ProjectId) is not { } component) continue;
            var tenant = (await tenantsAsync().ConfigureAwait(false)).FirstOrDefault(t => t.Id == item.TenantId)?.Name ?? item.TenantId!;
            var environment = server.EnvironmentName(item.EnvironmentId);
            var current = await GetCurrentDeploymentForTenantAsync(component, environment, tenant, cancellationToken).ConfigureAwait(false);
            entries.Add(new DashboardEntry(component, environment, current, ToInfo(server, component, item) with { Tenant = tenant }) { Tenant = tenant });
        }

        return entries;

        async Task<List<TenantResource>> tenantsAsync()
        {
            tenants ??= client.Http.GetAsync<List<TenantResource>>($"/api/{server.Space.Id}/tenants/all", CancellationToken.None);
            return await tenants.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    async Task<DeploymentResource?> TenantDeploymentsAsync(Resolved server, string projectId, string environmentId, string tenantId, bool successfulOnly, CancellationToken cancellationToken) =>
        (await client.Http.GetAsync<ResourceCollection<DeploymentResource>>(
            $"/api/{server.Space.Id}/deployments?projects={projectId}&environments={environmentId}&tenants={tenantId}{(successfulOnly ? "&taskState=Success" : "")}&take=1",
            cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
}
