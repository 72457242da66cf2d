using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    /// <summary>The executions API's tenanted create (§2.11): one environment, tenants by name or "*" (every tenant connected there).</summary>
    public sealed record CreateDeploymentTenantedV1(
        string? SpaceId, string? SpaceIdOrName, string? ProjectName, string? ProjectIdOrName, string? ReleaseVersion, string? EnvironmentName,
        string[]? Tenants, string[]? TenantTags, bool? UseGuidedFailure, bool ForcePackageRedeployment, DateTimeOffset? RunAt, DateTimeOffset? NoRunAfter);

    static void MapTenants(IEndpointRouteBuilder app, SimState state)
    {
        // ?name= is a contains match, like projects; tenants/all is every tenant unpaged.
        MapSpaceCollection(app, state, "tenants", "Tenant", state.Tenants, Resources.Tenant, listOrder: ByName, byIdRoute: false);
        app.MapPost("/api/{spaceId}/deployments/create/tenanted/v1", async (string spaceId, HttpRequest request) =>
        {
            var command = await BodyAsync<CreateDeploymentTenantedV1>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var project = ProjectByName(state, space, command.ProjectName ?? command.ProjectIdOrName);
                var release = ReleaseByVersion(state, project, command.ReleaseVersion);
                var environment = EnvironmentByName(state, space, command.EnvironmentName);
                CheckPermission(state, environment);
                var names = command.Tenants ?? [];
                var tenants = names.Contains("*")
                    ? state.Tenants.Where(t => t.SpaceId == space.Id && t.Connected(project.Id, environment.Id)).ToList()
                    : names.Select(name => state.Tenants.FirstOrDefault(t => t.SpaceId == space.Id && (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) || t.Id == name))
                        ?? throw OctopusProblem.BadRequest($"Tenant '{name}' was not found in space '{space.Name}'.")).ToList();
                foreach (var tenant in tenants.Where(t => !t.Connected(project.Id, environment.Id)))
                    throw OctopusProblem.BadRequest($"The tenant '{tenant.Name}' is not connected to project '{project.Name}' in environment '{environment.Name}'.");
                if (tenants.Count > 0) CheckLifecycle(state, project, release, environment);
                // Tenants and TenantTags both empty: nothing is deployed and no error is raised (as Octopus).
                var created = tenants.Select(t => Deploy(state, project, release, environment, command.UseGuidedFailure ?? false, command.RunAt, command.NoRunAfter, t)).ToList();
                return Json(new { DeploymentServerTasks = created.Select(d => new { DeploymentId = d.Id, ServerTaskId = d.TaskId }) });
            }
        });
    }
}
