using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

/// <summary>The routes the OctoOrchestrate client and the vendor's TypeScript client use, with Octopus's validations and status codes.</summary>
internal static partial class SimRoutes
{
    public static void Map(IEndpointRouteBuilder app, SimState state)
    {
        MapRoot(app, state);
        MapModel(app, state);
        MapReleases(app, state);
        MapDeployments(app, state);
        MapTenants(app, state);
        MapTasks(app, state);
        MapFeed(app, state);
    }

    internal static IResult Json(object value, int status = 200) => Results.Json(value, SimJson.Options, statusCode: status);

    internal static SimSpace Space(SimState state, string spaceId) =>
        state.Spaces.FirstOrDefault(s => s.Id.Equals(spaceId, StringComparison.OrdinalIgnoreCase)) ?? throw OctopusProblem.NotFound(spaceId);

    internal static bool NameFilter(HttpRequest request, string name) =>
        (request.Query["name"].FirstOrDefault() ?? request.Query["partialName"].FirstOrDefault()) is not { Length: > 0 } filter
        || name.Contains(filter, StringComparison.OrdinalIgnoreCase); // Octopus's name filter is a 'contains' match

    internal static bool IdFilter(HttpRequest request, string id) => Paging.List(request, "ids") is not { Count: > 0 } ids || ids.Contains(id);

    internal static async Task<T> BodyAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SimJson.Options).ConfigureAwait(false)
                ?? throw OctopusProblem.BadRequest("No request body was supplied.");
        }
        catch (JsonException ex)
        {
            throw OctopusProblem.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }

    static void MapRoot(IEndpointRouteBuilder app, SimState state)
    {
        app.MapGet("/api", () => Json(new
        {
            Application = "Octopus Deploy", Version = "2025.4.10680", ApiVersion = "3.0.0", InstallationId = "5d6f2d1e-0000-4000-8000-00000000005a",
            Links = new Dictionary<string, string>
            {
                ["Self"] = "/api", ["SpaceHome"] = "/api/{spaceId}", ["Spaces"] = "/api/spaces{/id}{?name,skip,ids,take,partialName}",
                ["Tasks"] = "/api/tasks{/id}{?skip,active,environment,project,name,states,take,ids,partialName,spaces}", ["CurrentUser"] = "/api/users/me",
            },
        }));
        app.MapGet("/api/spaces", (HttpRequest request) =>
            Json(Paging.Page(request, "Space", state.Spaces.Where(s => NameFilter(request, s.Name) && IdFilter(request, s.Id)).ToList(), Resources.Space)));
        app.MapGet("/api/spaces/all", () => Json(state.Spaces.Select(Resources.Space)));
        app.MapGet("/api/spaces/{id}", (string id) => Json(Resources.Space(Space(state, id))));
        app.MapGet("/api/users/me", () => Json(new { Id = "Users-1", Username = "simulator", DisplayName = "Simulator", IsService = true }));
        app.MapGet("/api/{spaceId}", (string spaceId) => Json(new { Links = new Dictionary<string, string> { ["Self"] = $"/api/{Space(state, spaceId).Id}" } }));
    }

    static void MapModel(IEndpointRouteBuilder app, SimState state)
    {
        MapSpaceCollection(app, state, "environments", "Environment", state.Environments, Resources.Environment,
            listOrder: BySortOrder, allOrder: BySortOrder, defaultTake: 10);
        MapSpaceCollection(app, state, "lifecycles", "Lifecycle", state.Lifecycles, Resources.Lifecycle);
        MapSpaceCollection(app, state, "projects", "Project", state.Projects, Resources.Project,
            listOrder: ByName, find: (space, idOrSlug) => Project(state, space.Id, idOrSlug));
        app.MapGet("/api/{spaceId}/projects/{idOrSlug}/channels", (string spaceId, string idOrSlug, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var project = Project(state, spaceId, idOrSlug);
                return Json(Paging.Page(request, "Channel", state.Channels.Where(c => c.ProjectId == project.Id && NameFilter(request, c.Name)).ToList(), Resources.Channel));
            }
        });
        MapSpaceCollection(app, state, "channels", "Channel", state.Channels, Resources.Channel);
        app.MapGet("/api/{spaceId}/projects/{idOrSlug}/progression", (string spaceId, string idOrSlug, HttpRequest request) =>
        {
            lock (state.Gate) return Json(Progression.Project(state, Project(state, spaceId, idOrSlug), int.TryParse(request.Query["releaseHistoryCount"], out var n) ? n : 10));
        });
        app.MapGet("/api/{spaceId}/dashboard", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate) return Json(Progression.Dashboard(state, Space(state, spaceId).Id, [request.Query["projectId"].FirstOrDefault() ?? ""], [], includePrevious: true));
        });
        app.MapGet("/api/{spaceId}/dashboard/dynamic", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                return Json(Progression.Dashboard(state, Space(state, spaceId).Id, Paging.List(request, "projects"), Paging.List(request, "environments"),
                    string.Equals(request.Query["includePrevious"], "true", StringComparison.OrdinalIgnoreCase)));
            }
        });
    }

    static IEnumerable<SimEnvironment> BySortOrder(IEnumerable<SimEnvironment> environments) => environments.OrderBy(e => e.SortOrder);

    static IEnumerable<T> ByName<T>(IEnumerable<T> documents) where T : ISpaceDocument => documents.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase);

    internal static SimProject Project(SimState state, string spaceId, string idOrSlug)
    {
        var space = Space(state, spaceId);
        return state.Projects.FirstOrDefault(p => p.SpaceId == space.Id && (p.Id.Equals(idOrSlug, StringComparison.OrdinalIgnoreCase) || p.Slug == idOrSlug))
            ?? throw OctopusProblem.NotFound(idOrSlug);
    }

    /// <summary>A project named in an executions-API command (by name or id), else 400 naming it.</summary>
    internal static SimProject ProjectByName(SimState state, SimSpace space, string? name) =>
        state.Projects.FirstOrDefault(p => p.SpaceId == space.Id && (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) || p.Id == name))
        ?? throw OctopusProblem.BadRequest($"Resource is not found or it doesn't exist in the current space context. Please contact your administrator for more information. (project '{name}')");

    /// <summary>The executions API names a release by its version (trimmed) within the project.</summary>
    internal static SimRelease ReleaseByVersion(SimState state, SimProject project, string? version)
    {
        var trimmed = (version ?? "").Trim();
        return state.Releases.FirstOrDefault(r => r.ProjectId == project.Id && r.Version == trimmed)
            ?? throw OctopusProblem.BadRequest($"Release '{trimmed}' of project '{project.Name}' was not found.");
    }

    /// <summary>The executions API names an environment by name (case-insensitive) or id.</summary>
    internal static SimEnvironment EnvironmentByName(SimState state, SimSpace space, string? name) =>
        state.Environments.FirstOrDefault(e => e.SpaceId == space.Id && (string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase) || e.Id == name))
        ?? throw OctopusProblem.BadRequest($"Environment '{name}' was not found in space '{space.Name}'.");
}
