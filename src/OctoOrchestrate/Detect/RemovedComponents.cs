using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Finds components that existed at the base and are gone at the head: every owned file deleted, or dropped from the
/// manifest. They are reported so a deploy can tear them down, never silently left out.
/// </summary>
internal static class RemovedComponents
{
    public static HashSet<string> Find(
        Git git, MonorepoManifest manifest, ComponentIndex index, string manifestPrefix, List<ChangedFile> files, MonorepoManifest? baseManifest, string head, bool workingTree)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var candidates = OwnersWithOnlyDeletions(index, files);
        if (candidates.Count > 0)
        {
            var remaining = RemainingFiles(git, manifestPrefix, candidates, head, workingTree);
            foreach (var (name, rules) in candidates)
            {
                if (!remaining.Exists(rules.IsMatch)) removed.Add(name);
            }
        }

        // An invalid manifest at the base (null) tells us nothing about removals.
        if (baseManifest is not null)
        {
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var component in manifest.Components) current.Add(component.Name);
            foreach (var component in baseManifest.Components)
            {
                if (!current.Contains(component.Name)) removed.Add(component.Name);
            }
        }

        return removed;
    }

    /// <summary>The components whose changed files were all deleted, with their path rules.</summary>
    static Dictionary<string, PathRules> OwnersWithOnlyDeletions(ComponentIndex index, List<ChangedFile> files)
    {
        var onlyDeleted = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var owner in index.Owners(file.Path))
                onlyDeleted[owner] = file.IsDeleted && (!onlyDeleted.TryGetValue(owner, out var before) || before);
        }

        var candidates = new Dictionary<string, PathRules>(StringComparer.Ordinal);
        foreach (var (owner, deleted) in onlyDeleted)
        {
            if (deleted) candidates[owner] = index.RulesOf(owner);
        }

        return candidates;
    }

    /// <summary>The files still present at the head (or in the working tree) in the candidates' folders, relative to the manifest.</summary>
    static List<string> RemainingFiles(Git git, string manifestPrefix, Dictionary<string, PathRules> candidates, string head, bool workingTree)
    {
        List<string> arguments = workingTree ? ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"] : ["ls-tree", "-r", "--name-only", "-z", head, "--"];
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rules in candidates.Values)
        {
            foreach (var folder in rules.Folders)
            {
                var fromRoot = manifestPrefix + folder;
                if (folders.Add(fromRoot)) arguments.Add(fromRoot.Length == 0 ? "." : fromRoot);
            }
        }

        var remaining = new List<string>();
        foreach (var path in git.Run([.. arguments]).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.StartsWith(manifestPrefix, StringComparison.Ordinal)) remaining.Add(path[manifestPrefix.Length..]);
        }

        return remaining;
    }
}
