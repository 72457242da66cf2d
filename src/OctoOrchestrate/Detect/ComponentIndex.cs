using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Maps a path to the components that own it. Components are bucketed by the literal folder of their globs, so a file
/// is only tested against the globs of components whose folders contain it — never every glob against every file.
/// </summary>
internal sealed class ComponentIndex
{
    readonly Dictionary<string, List<(string Name, PathRules Rules)>> buckets = new(StringComparer.Ordinal);

    public ComponentIndex(IEnumerable<ComponentDefinition> components)
    {
        foreach (var component in components)
        {
            var rules = new PathRules(component.Paths);
            foreach (var folder in rules.Folders)
            {
                if (!buckets.TryGetValue(folder, out var list)) buckets[folder] = list = [];
                list.Add((component.Name, rules));
            }
        }
    }

    public IEnumerable<string> Owners(string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var folder = ParentOf(path); folder is not null; folder = folder.Length == 0 ? null : ParentOf(folder))
        {
            if (!buckets.TryGetValue(folder, out var candidates)) continue;
            foreach (var (name, rules) in candidates)
            {
                if (seen.Add(name) && rules.IsMatch(path)) yield return name;
            }
        }
    }

    static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
