using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>A changed path, relative to the manifest's folder. Renames are off, so a move is a delete plus an add.</summary>
// A class, not a struct: List of a reference type runs ReadyToRun code; a list of this assembly's struct is JIT-compiled.
internal sealed record ChangedFile(char Status, string Path)
{
    public bool IsDeleted => Status == 'D';
}

/// <summary>Lists changed files with as few git processes as possible: one range diff, plus one for untracked files if asked.</summary>
internal static class ChangedFiles
{
    public static List<ChangedFile> List(Git git, string manifestPrefix, string baseCommit, string headCommit, bool includeUncommitted)
    {
        // With uncommitted changes the head side is the working tree, which already holds HEAD's commits.
        string[] range = includeUncommitted ? [baseCommit] : [baseCommit, headCommit];
        string[] diff = ["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--name-status", "-z", .. range, "--"];
        var changed = git.Run(diff);
        if (ExactPaths.LostBytes(changed)) changed = ExactPaths.RunQuoted(git, diff, nameStatus: true);
        var files = Parse(changed, manifestPrefix);
        if (includeUncommitted)
        {
            string[] untrackedFiles = ["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/"];
            var untracked = git.Run(untrackedFiles);
            if (ExactPaths.LostBytes(untracked)) untracked = ExactPaths.RunQuoted(git, untrackedFiles, nameStatus: false);
            foreach (var path in untracked.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Relative(path, manifestPrefix) is { } relative) files.Add(new ChangedFile('A', relative));
            }
        }

        return files;
    }

    /// <summary>Parses <c>--name-status -z</c> output: a status field then a path, each NUL-terminated.</summary>
    public static List<ChangedFile> Parse(string output, string manifestPrefix)
    {
        var files = new List<ChangedFile>();
        var fields = output.Split('\0');
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (fields[i].Length == 0) break;
            if (Relative(fields[i + 1], manifestPrefix) is { } path) files.Add(new ChangedFile(fields[i][0], path));
        }

        return files;
    }

    static string? Relative(string repoPath, string manifestPrefix) =>
        repoPath.StartsWith(manifestPrefix, StringComparison.Ordinal) ? repoPath[manifestPrefix.Length..] : null;
}
