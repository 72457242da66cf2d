using System.Globalization;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Build;

/// <summary>
/// While a build command runs, a small file beside its output folder (<c>&lt;run&gt;.group</c>) names its process group, leader start
/// time and host. A run killed with -9 leaves that file behind; the next build of the component ends that group (SIGTERM, then SIGKILL)
/// before it starts, and removes the output folders of earlier runs.
/// </summary>
internal static class OrphanedBuilds
{
    const string Extension = ".group";

    public static string GroupFile(string outputDirectory) => outputDirectory + Extension;

    public static void Record(string outputDirectory, CommandGroup group) =>
        File.WriteAllText(GroupFile(outputDirectory), $"{group.Id.ToString(CultureInfo.InvariantCulture)}\n{group.Started}\n{HostIdentity.Current}\n");

    /// <summary>Ends the builds earlier runs left running and deletes everything in <paramref name="runsDirectory"/> but <paramref name="keep"/>.</summary>
    public static void Clear(string runsDirectory, string keep, string component, IProgress<string>? progress)
    {
        if (!Directory.Exists(runsDirectory)) return;
        foreach (var file in Directory.EnumerateFiles(runsDirectory, "*" + Extension))
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length >= 3 && lines[2] == HostIdentity.Current && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var group)
                && ProcessGroups.IsRunning(group, lines[1]))
            {
                progress?.Report($"{component}: ending a build left running by a killed run (process group {group})");
                ProcessGroups.Terminate(group);
            }
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(runsDirectory))
        {
            if (entry == keep) continue;
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
