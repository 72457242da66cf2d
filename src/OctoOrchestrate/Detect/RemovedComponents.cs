using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Finds components that existed at the base and are gone at the head: every owned file deleted, or dropped from the
/// manifest. They are reported so a deploy can tear them down, never silently left out.
/// </summary>
internal static class RemovedComponents
{
    /// <summary>
    /// The head's files in the folders of every component a deleted file belongs to, listed by git while the caller maps
    /// the other files' owners; <see cref="Find"/> keeps the components whose changed files were all deleted. Null when
    /// nothing was deleted. The superset costs a few folders more in one listing, never another process.
    /// </summary>
    public sealed class HeadListing : IDisposable
    {
        readonly Git git;
        readonly string[] arguments;
        RunningProcess? running;

        internal HeadListing(Git git, string[] arguments)
        {
            this.git = git;
            this.arguments = arguments;
            running = git.Start(arguments);
        }

        public string Collect()
        {
            var started = running ?? throw new InvalidOperationException("The head listing was already collected.");
            running = null;
            return git.Collect(started, arguments);
        }

        public void Dispose() => running?.Dispose();
    }

    public static HeadListing? StartListing(Git git, ComponentIndex index, string manifestPrefix, List<ChangedFile> files, string head, bool workingTree)
    {
        List<string> arguments = workingTree ? ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"] : ["ls-tree", "-r", "--name-only", "-z", head, "--"];
        var fixedArguments = arguments.Count;
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!file.IsDeleted) continue;
            foreach (var owner in index.Owners(file.Path))
            {
                if (!owners.Add(owner)) continue;
                foreach (var folder in index.RulesOf(owner).Folders)
                {
                    var fromRoot = manifestPrefix + folder;
                    if (folders.Add(fromRoot)) arguments.Add(fromRoot.Length == 0 ? "." : fromRoot);
                }
            }
        }

        return arguments.Count == fixedArguments ? null : new HeadListing(git, [.. arguments]);
    }

    public static HashSet<string> Find(
        MonorepoManifest manifest, ComponentIndex index, string manifestPrefix, List<ChangedFile> files, HeadListing? listing, MonorepoManifest? baseManifest)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var candidates = OwnersWithOnlyDeletions(index, files);
        if (candidates.Count > 0 && listing is not null)
        {
            var remaining = RemainingFiles(listing.Collect(), manifestPrefix, files);
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

    /// <summary>
    /// The listed files under the manifest's folder, relative to it, without those the diff says are deleted: 'ls-files
    /// --cached' still lists a file deleted from the working tree but not from the index.
    /// </summary>
    static List<string> RemainingFiles(string listed, string manifestPrefix, List<ChangedFile> files)
    {
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.IsDeleted) deleted.Add(file.Path);
        }

        var remaining = new List<string>();
        foreach (var path in listed.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!path.StartsWith(manifestPrefix, StringComparison.Ordinal)) continue;
            var relative = path[manifestPrefix.Length..];
            if (!deleted.Contains(relative)) remaining.Add(relative);
        }

        return remaining;
    }
}
