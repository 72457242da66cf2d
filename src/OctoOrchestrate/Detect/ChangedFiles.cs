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
    /// <summary>
    /// The range diff's arguments. <c>--no-relative</c>: paths from the repository's top whatever the folder git runs in
    /// (a <c>diff.relative</c> setting would cut them to it), so the diff can start before that top is known.
    /// </summary>
    public static string[] DiffArguments(string baseRevision, string? headRevision) =>
        // With uncommitted changes the head side is the working tree, which already holds HEAD's commits.
        headRevision is null
            ? ["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--no-relative", "--name-status", "-z", baseRevision, "--"]
            : ["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--no-relative", "--name-status", "-z", baseRevision, headRevision, "--"];

    /// <summary>Starts the range diff; <see cref="List"/> collects it, so the caller can work while git runs.</summary>
    public static RunningProcess Start(Git git, string baseRevision, string? headRevision) => git.Start(DiffArguments(baseRevision, headRevision));

    public static List<ChangedFile> List(Git git, string manifestPrefix, string baseCommit, string headCommit, bool includeUncommitted, RunningProcess? started = null)
    {
        string[] diff = DiffArguments(baseCommit, includeUncommitted ? null : headCommit);
        started ??= git.Start(diff);
        string changed;
        using (started)
        {
            var result = started.Wait();
            changed = result.ExitCode == 0 ? result.StandardOutput
                : throw new GitException($"git {string.Join(' ', diff)} failed (exit {result.ExitCode}) in '{git.WorkingDirectory}': {result.StandardError.Trim()}");
        }

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
