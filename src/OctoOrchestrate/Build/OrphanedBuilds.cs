using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Build;

/// <summary>
/// While a build command runs, <c>&lt;run&gt;.group</c> beside its output folder names its process group (<see cref="GroupFile"/>).
/// A run killed with -9 leaves that file behind; the next build of the component ends that group (SIGTERM, then SIGKILL) before it
/// starts, and removes the output folders of earlier runs.
/// </summary>
internal static class OrphanedBuilds
{
    public static string GroupFile(string outputDirectory) => outputDirectory + Ports.GroupFile.Extension;

    /// <summary>Ends the builds earlier runs left running and deletes everything in <paramref name="runsDirectory"/> but <paramref name="keep"/>.</summary>
    public static void Clear(string runsDirectory, string keep, string component, IProgress<string>? progress)
    {
        if (!Directory.Exists(runsDirectory)) return;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(runsDirectory, "*" + Ports.GroupFile.Extension))
        {
            if (Ports.GroupFile.EndLeftover(file) is { } group)
                progress?.Report($"{component}: ended a build left running by a killed run (process group {group})");
            if (File.Exists(file)) live.Add(file[..^Ports.GroupFile.Extension.Length]); // its owner still runs: leave its folder alone
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(runsDirectory))
        {
            var run = entry.EndsWith(Ports.GroupFile.Extension, StringComparison.Ordinal) ? entry[..^Ports.GroupFile.Extension.Length] : entry;
            if (entry == keep || live.Contains(run)) continue;
            try
            {
                if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: a later run retries; this run builds into its own folder either way.
            }
        }
    }
}
