using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>
/// The manifest as it was at the base commit, and the components whose own entry differs from it: a new build, deploy or
/// test command, other paths or packageId is a change of that component as much as an edited source file is.
/// </summary>
internal static class ManifestChanges
{
    /// <summary>The base commit's manifest; null when it has none or it does not load (any base manifest: never a crash).</summary>
    public static MonorepoManifest? AtBase(Git git, MonorepoManifest manifest, string manifestPrefix, string baseCommit)
    {
        var before = git.TryRun("show", $"{baseCommit}:{manifestPrefix}{Path.GetFileName(manifest.FilePath)}");
        if (before.ExitCode != 0) return null;
        try
        {
            return ManifestLoader.Parse(before.StandardOutput, manifest.FilePath);
        }
        catch (BadInputException)
        {
            return null;
        }
    }

    /// <summary>
    /// The components of <paramref name="current"/> whose entry is new or differs from <paramref name="old"/>; every one of
    /// them when the old manifest is unknown (missing or invalid), as the answer must never be smaller than the truth.
    /// </summary>
    public static List<string> ChangedEntries(MonorepoManifest? old, MonorepoManifest current)
    {
        var before = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        foreach (var component in old?.Components ?? []) before.TryAdd(component.Name, component);
        var changed = new List<string>();
        foreach (var component in current.Components)
        {
            if (old is null || !before.TryGetValue(component.Name, out var was) || !SameEntry(was, component)) changed.Add(component.Name);
        }

        return changed;
    }

    // Every key of the entry except where it sits (Line): moving an entry is no change.
    static bool SameEntry(ComponentDefinition a, ComponentDefinition b) =>
        a.Name == b.Name && a.PackageId == b.PackageId && a.Project == b.Project && a.Deployable == b.Deployable
        && a.Build == b.Build && a.Deploy == b.Deploy && a.Test == b.Test
        && a.Paths.SequenceEqual(b.Paths) && a.Uses.SequenceEqual(b.Uses) && a.DeployAfter.SequenceEqual(b.DeployAfter);
}
