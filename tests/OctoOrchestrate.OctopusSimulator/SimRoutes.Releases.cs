using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    public sealed record CreateReleaseV1(
        string? SpaceId, string? SpaceIdOrName, string? ProjectName, string? ProjectIdOrName, string? ChannelName, string? ChannelIdOrName, string? ReleaseVersion,
        string? PackageVersion, string[]? Packages, string? ReleaseNotes, bool IgnoreIfAlreadyExists, bool IgnoreChannelRules);

    public sealed record ClassicRelease(string? ProjectId, string? ChannelId, string? Version, string? ReleaseNotes, SimSelectedPackage[]? SelectedPackages);

    static void MapReleases(IEndpointRouteBuilder app, SimState state)
    {
        app.MapGet("/api/{spaceId}/releases", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                return Json(Paging.Page(request, "Release", state.Releases.Where(r => r.SpaceId == space.Id && IdFilter(request, r.Id)).Reverse().ToList(), r => Resources.Release(r, state)));
            }
        });
        app.MapGet("/api/{spaceId}/releases/{id}", (string spaceId, string id) =>
        {
            lock (state.Gate) return Json(Resources.Release(Release(state, spaceId, id), state));
        });
        app.MapGet("/api/{spaceId}/releases/{id}/deployments", (string spaceId, string id, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var release = Release(state, spaceId, id);
                return Json(Paging.Page(request, "Deployment", state.Deployments.Where(d => d.ReleaseId == release.Id).Reverse().ToList(), d => Resources.Deployment(d, state)));
            }
        });
        app.MapGet("/api/{spaceId}/releases/{id}/progression", (string spaceId, string id) =>
        {
            lock (state.Gate) return Json(Progression.Release(state, Release(state, spaceId, id)));
        });
        app.MapGet("/api/{spaceId}/releases/{id}/deployments/template", (string spaceId, string id) =>
        {
            lock (state.Gate)
            {
                var allowed = state.AllowedEnvironments(Release(state, spaceId, id));
                return Json(new
                {
                    PromoteTo = state.Environments.Where(e => allowed.Contains(e.Id) && !state.DeployForbidden.Contains(e.Name)).Select(e => new { e.Id, e.Name, Links = new Dictionary<string, string>() }),
                    TenantPromotions = Array.Empty<object>(), IsDeploymentProcessModified = false, IsVariableSetModified = false, IsLibraryVariableSetModified = false,
                    DeploymentNotes = (string?)null,
                });
            }
        });
        app.MapGet("/api/{spaceId}/projects/{idOrSlug}/releases", (string spaceId, string idOrSlug, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var project = Project(state, spaceId, idOrSlug);
                var search = request.Query["searchByVersion"].FirstOrDefault();
                return Json(Paging.Page(request, "Release",
                    state.Releases.Where(r => r.ProjectId == project.Id && (string.IsNullOrEmpty(search) || r.Version.Contains(search, StringComparison.OrdinalIgnoreCase))).Reverse().ToList(),
                    r => Resources.Release(r, state)));
            }
        });
        app.MapGet("/api/{spaceId}/projects/{idOrSlug}/releases/{version}", (string spaceId, string idOrSlug, string version) =>
        {
            lock (state.Gate)
            {
                var project = Project(state, spaceId, idOrSlug);
                return Json(Resources.Release(state.Releases.FirstOrDefault(r => r.ProjectId == project.Id && r.Version == version.Trim()) ?? throw OctopusProblem.NotFound(version), state));
            }
        });
        app.MapPost("/api/{spaceId}/releases/create/v1", async (string spaceId, HttpRequest request) =>
        {
            var command = await BodyAsync<CreateReleaseV1>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var project = ProjectByName(state, space, command.ProjectName ?? command.ProjectIdOrName);
                var version = (command.ReleaseVersion ?? "").Trim();
                if (version.Length == 0) throw OctopusProblem.BadRequest("A release version must be provided: this project has no versioning strategy that could pick one.");
                if (state.Releases.FirstOrDefault(r => r.ProjectId == project.Id && r.Version == version) is { } existing)
                {
                    return command.IgnoreIfAlreadyExists
                        ? Json(new { ReleaseId = existing.Id, ReleaseVersion = existing.Version }, 200)
                        : throw Duplicate(version);
                }

                var packageVersion = PackageVersionFor(state, project, command.PackageVersion, command.Packages);
                var channelName = command.ChannelName ?? command.ChannelIdOrName;
                var channel = channelName is { Length: > 0 }
                    ? state.Channels.FirstOrDefault(c => c.ProjectId == project.Id && (string.Equals(c.Name, channelName, StringComparison.OrdinalIgnoreCase) || c.Id == channelName))
                      ?? throw OctopusProblem.BadRequest($"Channel '{channelName}' was not found in project '{project.Name}'.")
                    : AutoChannel(state, project, packageVersion);
                var release = Create(state, project, channel, version, packageVersion, command.ReleaseNotes, command.IgnoreChannelRules);
                return Json(new { ReleaseId = release.Id, ReleaseVersion = release.Version }, 201);
            }
        });
        app.MapPost("/api/{spaceId}/releases", async (string spaceId, HttpRequest request) =>
        {
            var body = await BodyAsync<ClassicRelease>(request).ConfigureAwait(false);
            lock (state.Gate)
            {
                var project = body.ProjectId is null ? throw OctopusProblem.BadRequest("No project ID was specified.") : Project(state, spaceId, body.ProjectId);
                var version = (body.Version ?? "").Trim();
                if (state.Releases.Any(r => r.ProjectId == project.Id && r.Version == version)) throw Duplicate(version);
                var packageVersion = body.SelectedPackages?.FirstOrDefault()?.Version ?? PackageVersionFor(state, project, null, null);
                var channel = body.ChannelId is null ? AutoChannel(state, project, packageVersion)
                    : state.Channels.FirstOrDefault(c => c.ProjectId == project.Id && c.Id == body.ChannelId) ?? throw OctopusProblem.NotFound(body.ChannelId);
                var release = Create(state, project, channel, version, packageVersion, body.ReleaseNotes, ignoreChannelRules: string.Equals(request.Query["ignoreChannelRules"], "true", StringComparison.OrdinalIgnoreCase));
                return Json(Resources.Release(release, state), 201);
            }
        });
    }

    static OctopusProblem Duplicate(string version) =>
        OctopusProblem.BadRequest($"Release '{version}' already exists for this project. Please use a different version, or look at using a mask to auto-increment the number.");

    internal static SimRelease Release(SimState state, string spaceId, string id)
    {
        var space = Space(state, spaceId);
        return state.Releases.FirstOrDefault(r => r.SpaceId == space.Id && r.Id == id) ?? throw OctopusProblem.NotFound(id);
    }

    /// <summary>The package version of the project's one step: PackageVersion, a "Deploy:v" or "PackageId:v" entry, else the newest in the feed.</summary>
    static string PackageVersionFor(SimState state, SimProject project, string? packageVersion, string[]? packages)
    {
        foreach (var entry in packages ?? [])
        {
            var parts = entry.Split(':');
            if (parts.Length >= 2 && (parts[0] == "Deploy" || parts[0] == project.PackageId || parts[0] == "*")) return parts[^1];
        }

        if (packageVersion is { Length: > 0 }) return packageVersion;
        return state.Packages.Where(p => p.SpaceId == project.SpaceId && p.PackageId == project.PackageId).OrderByDescending(p => p.Published).FirstOrDefault()?.Version
            ?? throw OctopusProblem.BadRequest("A version must be specified for every included package.");
    }

    /// <summary>octo's release plan: the default channel when its rule fits, else the one channel that fits.</summary>
    static SimChannel AutoChannel(SimState state, SimProject project, string packageVersion)
    {
        var channels = state.Channels.Where(c => c.ProjectId == project.Id).ToList();
        var fitting = channels.Where(c => Fits(c, packageVersion)).ToList();
        return fitting.FirstOrDefault(c => c.IsDefault) ?? (fitting.Count == 1 ? fitting[0] : null)
            ?? throw OctopusProblem.BadRequest($"No channel of project '{project.Name}' accepts package version {packageVersion}; pass ChannelName.");
    }

    static SimRelease Create(SimState state, SimProject project, SimChannel channel, string version, string packageVersion, string? notes, bool ignoreChannelRules)
    {
        if (project.IsDisabled) throw OctopusProblem.BadRequest("The project is disabled, so releases cannot be created");
        if (!SemVer().IsMatch(version))
        {
            throw OctopusProblem.BadRequest($"The release number '{version}' does not appear to be a valid semantic version number. The version must consist of between 1 and 4 number only parts " +
                "(separated by '.') before the optional pre-release part (after the '-'). e.g. 2, 2.1, 2.4.0.23, 2.4-beta and 1-beta.2");
        }

        if (!ignoreChannelRules && !Fits(channel, packageVersion))
        {
            throw OctopusProblem.BadRequest($"The requested package versions for the following steps violate the channel version rules: Deploy ({packageVersion} is outside '{channel.VersionRule}' of channel {channel.Name}). " +
                "Either change the package versions, or provide the `ignoreChannelRules` parameter to override this check.");
        }

        var release = new SimRelease
        {
            Id = state.NextId("Releases"), SpaceId = project.SpaceId, ProjectId = project.Id, ChannelId = channel.Id, Version = version, ReleaseNotes = notes,
            Assembled = DateTimeOffset.UtcNow, SelectedPackages = [new SimSelectedPackage("Deploy", "", packageVersion)],
        };
        state.Releases.Add(release);
        return release;
    }

    static bool Fits(SimChannel channel, string version) =>
        channel.VersionRule is null || Regex.IsMatch(version, "^" + Regex.Escape(channel.VersionRule).Replace(@"\*", "[^.]+", StringComparison.Ordinal) + "$");

    [GeneratedRegex(@"^\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}
