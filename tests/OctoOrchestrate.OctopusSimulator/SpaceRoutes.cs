using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace OctoOrchestrate.OctopusSimulator;

/// <summary>
/// The three route forms of §1.1 reduced to one: <c>/api/{spaceId}/x</c> stays, <c>/api/spaces/{spaceId}/x</c> and the space-less
/// <c>/api/x</c> (= the default space) are rewritten to it, so every space-scoped route is mapped once.
/// </summary>
internal static partial class SpaceRoutes
{
    static readonly HashSet<string> Scoped = new(StringComparer.OrdinalIgnoreCase)
    {
        "projects", "environments", "lifecycles", "channels", "releases", "deployments", "dashboard", "progression", "interruptions",
        "packages", "build-information", "tasks", "feeds",
    };

    public static PathString Canonical(PathString path, SimState state)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !segments[0].Equals("api", StringComparison.OrdinalIgnoreCase)) return path;
        if (segments[1].Equals("spaces", StringComparison.OrdinalIgnoreCase) && segments.Length >= 4)
            return "/api/" + string.Join('/', segments.Skip(2));
        if (Scoped.Contains(segments[1]))
            return "/api/" + state.DefaultSpace.Id + "/" + string.Join('/', segments.Skip(1));
        return path;
    }

    /// <summary>A path with its ids replaced: <c>/api/Spaces-1/projects/Projects-2/releases</c> → <c>/api/{space}/projects/{id}/releases</c>.</summary>
    public static string Template(string path) => Id().Replace(Space().Replace(path, "/api/{space}"), "/{id}");

    [GeneratedRegex(@"^/api/(spaces/)?Spaces-\d+(?=/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Space();

    [GeneratedRegex(@"/[A-Za-z]+-\d+(?=/|$)")]
    private static partial Regex Id();
}
