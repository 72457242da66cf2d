using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Maps a path to the components that own it. Components are bucketed by the literal folder of their globs, so a file
/// is only tested against the globs of components whose folders contain it — never every glob against every file.
/// A component's globs are built the first time a path reaches it: a one-commit range touches a handful of 1,000.
/// </summary>
internal sealed class ComponentIndex
{
    // A class rather than a tuple: generic collections of reference types share ReadyToRun code, tuples are JIT-compiled.
    sealed class Candidate(string name, IReadOnlyList<string> patterns)
    {
        PathRules? rules;

        public string Name { get; } = name;

        public PathRules Rules => rules ??= new PathRules(patterns);
    }

    readonly Dictionary<string, List<Candidate>> buckets = new(StringComparer.Ordinal);
    readonly Dictionary<string, Candidate> byName = new(StringComparer.Ordinal);

    // The owner mapping and the removal check both ask for every changed path; the globs run once per path.
    readonly Dictionary<string, List<string>> ownersByPath = new(StringComparer.Ordinal);

    // Which candidates one path was tested against; cleared per path rather than allocated per path.
    readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public ComponentIndex(IReadOnlyList<ComponentDefinition> components)
    {
        foreach (var component in components)
        {
            var candidate = new Candidate(component.Name, component.Paths);
            byName.TryAdd(component.Name, candidate);
            foreach (var folder in PathRules.FoldersOf(component.Paths))
            {
                if (!buckets.TryGetValue(folder, out var list)) buckets[folder] = list = [];
                list.Add(candidate);
            }
        }
    }

    /// <summary>The owners of <paramref name="path"/>, nearest folder first (the same list on every call; do not change it).</summary>
    public List<string> Owners(string path)
    {
        if (ownersByPath.TryGetValue(path, out var known)) return known;
        var owners = new List<string>(1);
        var seen = this.seen;
        seen.Clear();
        string[]? parts = null;
        for (var folder = ParentOf(path); folder is not null; folder = folder.Length == 0 ? null : ParentOf(folder))
        {
            if (!buckets.TryGetValue(folder, out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                // A component whose globs sit in several of the path's folders is tested once.
                if (seen.Add(candidate.Name) && candidate.Rules.IsMatch(parts ??= path.Split('/'))) owners.Add(candidate.Name);
            }
        }

        return ownersByPath[path] = owners;
    }

    public PathRules RulesOf(string component) => byName[component].Rules;

    /// <summary>
    /// Builds the globs of components, one after another, for as long as <paramref name="keepGoing"/> says (asked every few
    /// components): time spent waiting for git anyway, so the owner mapping after the diff finds them built.
    /// </summary>
    public void PrepareWhile(Func<bool> keepGoing)
    {
        var built = 0;
        foreach (var candidate in byName.Values)
        {
            if (built++ % 16 == 0 && !keepGoing()) return;
            _ = candidate.Rules;
        }
    }

    static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
