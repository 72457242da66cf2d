using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Maps a path to the components that own it. Components are bucketed by the literal folder of their globs, so a file
/// is only tested against the globs of components whose folders contain it — never every glob against every file.
/// </summary>
internal sealed class ComponentIndex
{
    // A class rather than a tuple: generic collections of reference types share ReadyToRun code, tuples are JIT-compiled.
    sealed record Candidate(string Name, PathRules Rules);

    readonly Dictionary<string, List<Candidate>> buckets = new(StringComparer.Ordinal);
    readonly Dictionary<string, PathRules> rulesByName = new(StringComparer.Ordinal);

    public ComponentIndex(IReadOnlyList<ComponentDefinition> components)
    {
        foreach (var component in components)
        {
            var candidate = new Candidate(component.Name, new PathRules(component.Paths));
            rulesByName.TryAdd(component.Name, candidate.Rules);
            foreach (var folder in candidate.Rules.Folders)
            {
                if (!buckets.TryGetValue(folder, out var list)) buckets[folder] = list = [];
                list.Add(candidate);
            }
        }
    }

    /// <summary>The owners of <paramref name="path"/>, nearest folder first.</summary>
    public List<string> Owners(string path)
    {
        var owners = new List<string>(1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var folder = ParentOf(path); folder is not null; folder = folder.Length == 0 ? null : ParentOf(folder))
        {
            if (!buckets.TryGetValue(folder, out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                // A component whose globs sit in several of the path's folders is tested once.
                if (seen.Add(candidate.Name) && candidate.Rules.IsMatch(path)) owners.Add(candidate.Name);
            }
        }

        return owners;
    }

    public PathRules RulesOf(string component) => rulesByName[component];

    static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
