using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>
/// Finds components that existed at the base and are gone at the head: every owned file deleted, or dropped from the
/// manifest. They are reported so a deploy can tear them down, never silently left out.
/// </summary>
internal static class RemovedComponents
{
    public static async Task<HashSet<string>> FindAsync(
        Git git, MonorepoManifest manifest, string manifestPrefix, IReadOnlyList<ChangedFile> files, string baseCommit, string head, bool workingTree)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var index = new ComponentIndex(manifest.Components);
        var touched = files.SelectMany(f => index.Owners(f.Path).Select(owner => (owner, f.IsDeleted))).ToLookup(x => x.owner, x => x.IsDeleted);
        var candidates = touched.Where(g => g.All(deleted => deleted)).Select(g => manifest.Component(g.Key)).ToList();
        if (candidates.Count > 0)
        {
            var folders = candidates.SelectMany(c => new PathRules(c.Paths).Folders).Distinct().Select(f => manifestPrefix + f).ToList();
            string[] listing = workingTree ? ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"] : ["ls-tree", "-r", "--name-only", "-z", head, "--"];
            var remaining = Git.SplitNul(await git.RunAsync([.. listing, .. folders.Select(f => f.Length == 0 ? "." : f)]).ConfigureAwait(false))
                .Where(p => p.StartsWith(manifestPrefix, StringComparison.Ordinal))
                .Select(p => p[manifestPrefix.Length..])
                .ToList();
            removed.UnionWith(candidates.Where(c => !remaining.Any(new PathRules(c.Paths).IsMatch)).Select(c => c.Name));
        }

        var manifestName = Path.GetFileName(manifest.FilePath);
        if (files.Any(f => f.Path == manifestName))
        {
            var before = await git.TryRunAsync("show", $"{baseCommit}:{manifestPrefix}{manifestName}").ConfigureAwait(false);
            if (before.ExitCode == 0 && TryParse(before.StandardOutput, manifest.FilePath) is { } old)
                removed.UnionWith(old.Components.Select(c => c.Name).Where(name => !manifest.Components.Any(c => c.Name == name)));
        }

        return removed;
    }

    static MonorepoManifest? TryParse(string text, string file)
    {
        try
        {
            return ManifestLoader.Parse(text, file);
        }
        catch (BadInputException)
        {
            return null; // An invalid manifest at the base tells us nothing about removals.
        }
    }
}
