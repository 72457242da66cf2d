using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Version;

/// <summary>
/// One <c>&lt;component&gt;/&lt;Year.Minor.Patch.Build&gt;</c> tag and the commit it points at. <see cref="Recency"/> is its
/// place among the tagged ancestors of HEAD, nearest first (null: not an ancestor of HEAD).
/// </summary>
public sealed record VersionTag(string Component, ComponentVersion Version, string Commit, int? Recency = 0)
{
    public string Name => TagName(Component, Version);

    public bool ReachableFromHead => Recency is not null;

    public static string TagName(string component, ComponentVersion version) => $"{component}/{version}";
}

/// <summary>All version tags of the clone, read with two git calls in all (never one per component).</summary>
public sealed class VersionTags(IReadOnlyList<VersionTag> tags)
{
    public IReadOnlyList<VersionTag> All { get; } = tags;

    public static async Task<VersionTags> ReadAsync(Git git)
    {
        // %(*objectname) is the commit of an annotated tag; lightweight tags leave it empty and %(objectname) is the commit.
        var output = await git.RunAsync("for-each-ref", "--format=%(refname:lstrip=2)%09%(objectname)%09%(*objectname)", "refs/tags").ConfigureAwait(false);
        // Change bases must be ancestors of HEAD (a tag on another branch would count that branch's changes); numbering uses all tags.
        // The tagged ancestors in topological order, children before parents: the first of a component's is its most recent
        // release on this line of history, whatever its number (a hotfix train 2026.3.1 after 2026.4.0 is lower yet newer).
        var recency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var commit in (await git.RunAsync("log", "--no-show-signature", "--topo-order", "--simplify-by-decoration", "--decorate-refs=refs/tags/", "--format=%H", "HEAD").ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            recency.TryAdd(commit, recency.Count);
        }

        var tags = new List<VersionTag>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var slash = fields[0].LastIndexOf('/');
            if (fields.Length != 3 || slash <= 0 || !ComponentVersion.TryParse(fields[0][(slash + 1)..], out var version)) continue;
            var commit = fields[2].Length > 0 ? fields[2] : fields[1];
            tags.Add(new VersionTag(fields[0][..slash], version, commit, recency.TryGetValue(commit, out var place) ? place : null));
        }

        return new VersionTags(tags);
    }

    public IEnumerable<VersionTag> Of(string component) => All.Where(t => t.Component == component);

    /// <summary>
    /// The most recent tag of the component on an ancestor of <paramref name="head"/> (by ancestry, not by number; the
    /// highest number breaks ties on one commit): the base its changes are counted from.
    /// </summary>
    public VersionTag? Previous(string component, string head) =>
        Of(component).Where(t => t.Commit != head && t.ReachableFromHead).OrderBy(t => t.Recency).ThenByDescending(t => t.Version).FirstOrDefault();

    /// <summary>
    /// The most recent tag of the component on HEAD or an ancestor: the version HEAD's content of the component was released as.
    /// On a hotfix branch that is the hotfix (2026.3.1.2), not the highest number anywhere (2026.4.0.5).
    /// </summary>
    public VersionTag? Current(string component) =>
        Of(component).Where(t => t.ReachableFromHead).OrderBy(t => t.Recency).ThenByDescending(t => t.Version).FirstOrDefault();

    /// <summary>The highest tag of the component in <paramref name="train"/> that <paramref name="head"/> already carries.</summary>
    public VersionTag? OnHead(string component, string train, string head) =>
        Of(component).Where(t => t.Commit == head && t.Version.Train == train).OrderByDescending(t => t.Version).FirstOrDefault();
}
