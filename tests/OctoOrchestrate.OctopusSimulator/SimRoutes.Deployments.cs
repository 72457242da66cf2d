using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    public sealed record CreateDeploymentUntenantedV1(
        string? SpaceId, string? SpaceIdOrName, string? ProjectName, string? ProjectIdOrName, string? ReleaseVersion, string[]? EnvironmentNames,
        bool? UseGuidedFailure, bool ForcePackageRedeployment, DateTimeOffset? RunAt, DateTimeOffset? NoRunAfter);

    public sealed record ClassicDeployment(string? ReleaseId, string? EnvironmentId, bool? UseGuidedFailure, DateTimeOffset? QueueTime, DateTimeOffset? QueueTimeExpiry);

    static void MapDeployments(IEndpointRouteBuilder app, SimState state)
    {
        app.MapGet("/api/{spaceId}/deployments", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var projects = Paging.List(request, "projects");
                var environments = Paging.List(request, "environments");
                var tenants = Paging.List(request, "tenants");
                var taskState = request.Query["taskState"].FirstOrDefault();
                var matching = state.Deployments.Where(d => d.SpaceId == space.Id && IdFilter(request, d.Id)
                        && (projects.Count == 0 || projects.Contains(d.ProjectId)) && (environments.Count == 0 || environments.Contains(d.EnvironmentId))
                        && (tenants.Count == 0 || (d.TenantId is { } tenant && tenants.Contains(tenant)))
                        && (taskState is null || string.Equals(state.TaskOf(d).State.ToString(), taskState, StringComparison.OrdinalIgnoreCase)))
                    .Reverse().ToList();
                return Json(Paging.Page(request, "Deployment", matching, d => Resources.Deployment(d, state)));
            }
        });
        app.MapGet("/api/{spaceId}/deployments/{id}", (string spaceId, string id) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                return Json(Resources.Deployment(state.Deployments.FirstOrDefault(d => d.SpaceId == space.Id && d.Id == id) ?? throw OctopusProblem.NotFound(id), state));
            }
        });
        app.MapPost("/api/{spaceId}/deployments/create/untenanted/v1", async (string spaceId, HttpRequest request) =>
        {
            var command = await BodyAsync<CreateDeploymentUntenantedV1>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var project = ProjectByName(state, space, command.ProjectName ?? command.ProjectIdOrName);
                var release = ReleaseByVersion(state, project, command.ReleaseVersion);
                var environments = (command.EnvironmentNames ?? []).Select(name => EnvironmentByName(state, space, name)).ToList();
                foreach (var environment in environments) CheckPermission(state, environment);
                foreach (var environment in environments) CheckLifecycle(state, project, release, environment);
                var created = environments.Select(e => Deploy(state, project, release, e, command.UseGuidedFailure ?? false, command.RunAt, command.NoRunAfter)).ToList();
                return Json(new { DeploymentServerTasks = created.Select(d => new { DeploymentId = d.Id, ServerTaskId = d.TaskId }) });
            }
        });
        app.MapPost("/api/{spaceId}/deployments", async (string spaceId, HttpRequest request) =>
        {
            var body = await BodyAsync<ClassicDeployment>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var release = Release(state, spaceId, body.ReleaseId ?? throw OctopusProblem.BadRequest("Deployment creation failed.", "ReleaseId is required."));
                var project = state.Projects.Single(p => p.Id == release.ProjectId);
                var environment = state.Environments.FirstOrDefault(e => e.Id == body.EnvironmentId)
                    ?? throw OctopusProblem.BadRequest("Deployment creation failed.", $"Environment '{body.EnvironmentId}' was not found.");
                CheckPermission(state, environment);
                CheckLifecycle(state, project, release, environment);
                return Json(Resources.Deployment(Deploy(state, project, release, environment, body.UseGuidedFailure ?? false, body.QueueTime, body.QueueTimeExpiry), state), 201);
            }
        });
    }

    /// <summary>The key's user may deploy there (its teams' roles), checked before anything else about the request, as Octopus's 403 is.</summary>
    static void CheckPermission(SimState state, SimEnvironment environment)
    {
        if (state.DeployForbidden.Contains(environment.Name))
            throw new OctopusProblem(403, "You do not have permission to perform this action. Please see your Octopus administrator.");
    }

    /// <summary>A release may go where its lifecycle has reached (§5); anything else is refused with 400 before a task exists.</summary>
    static void CheckLifecycle(SimState state, SimProject project, SimRelease release, SimEnvironment environment)
    {
        if (state.AllowedEnvironments(release).Contains(environment.Id)) return;
        var lifecycle = state.LifecycleOf(state.Channels.Single(c => c.Id == release.ChannelId), project);
        var inLifecycle = lifecycle.Phases.Any(p => p.Environments.Contains(environment.Id));
        throw OctopusProblem.BadRequest(
            inLifecycle
                ? $"Release '{release.Version}' of project '{project.Name}' cannot be deployed to environment '{environment.Name}' because the lifecycle '{lifecycle.Name}' has not reached this phase: the previous phase needs a successful deployment of this release first."
                : $"Release '{release.Version}' of project '{project.Name}' cannot be deployed to environment '{environment.Name}' because the environment is not in the lifecycle '{lifecycle.Name}'.");
    }

    static SimDeployment Deploy(SimState state, SimProject project, SimRelease release, SimEnvironment environment, bool guidedFailure, DateTimeOffset? runAt, DateTimeOffset? noRunAfter, SimTenant? tenant = null)
    {
        var now = DateTimeOffset.UtcNow;
        var deployment = new SimDeployment
        {
            Id = state.NextId("Deployments"), SpaceId = project.SpaceId, ProjectId = project.Id, ReleaseId = release.Id, ChannelId = release.ChannelId,
            EnvironmentId = environment.Id, TaskId = state.NextId("ServerTasks"), Created = now, UseGuidedFailure = guidedFailure, TenantId = tenant?.Id,
        };
        var script = state.Scripts?.Invoke(project.Name, environment.Name, release.Version) ?? new DeploymentScript(state.DefaultDuration);
        state.Deployments.Add(deployment);
        state.Tasks.Add(new SimTask
        {
            Id = deployment.TaskId, SpaceId = project.SpaceId, ProjectId = project.Id, EnvironmentId = environment.Id, DeploymentId = deployment.Id,
            Description = $"Deploy {project.Name} release {release.Version} to {environment.Name}{(tenant is null ? "" : $" for {tenant.Name}")}", QueueTime = runAt ?? now, QueueTimeExpiry = noRunAfter,
            LastUpdatedTime = now, Script = script,
        });
        return deployment;
    }
}
