using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Pack;

/// <summary>
/// The commits that went into a component's new version: those since its previous version tag (or all of history) that touched
/// its own paths, read with one <c>git log</c>, NUL-separated so any message survives.
/// </summary>
public static class ComponentCommits
{
    public static async Task<IReadOnlyList<CommitInfo>> ReadAsync(Git manifestGit, ComponentDefinition component, string? sinceCommit, string head)
    {
        string[] arguments =
        [
            "log", "-z", "--no-color", "--format=%H%x00%an <%ae>%x00%B",
            sinceCommit is null ? head : $"{sinceCommit}..{head}",
            "--", .. PathSpecs(component),
        ];
        var fields = (await manifestGit.RunAsync(arguments).ConfigureAwait(false)).Split('\0');
        var commits = new List<CommitInfo>();
        for (var i = 0; i + 2 < fields.Length; i += 3)
            commits.Add(new CommitInfo(fields[i].Trim('\n'), fields[i + 2].Trim(), fields[i + 1]));
        return commits;
    }

    /// <summary>The component's globs (relative to the manifest's folder, where git runs) as git pathspecs.</summary>
    internal static IEnumerable<string> PathSpecs(ComponentDefinition component) =>
        component.Paths.Select(p => p.StartsWith('!') ? $":(exclude,glob){p[1..]}" : $":(glob){p}");
}
