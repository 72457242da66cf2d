using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>A changed path, relative to the manifest's folder. Renames are off, so a move is a delete plus an add.</summary>
internal readonly record struct ChangedFile(char Status, string Path)
{
    public bool IsDeleted => Status == 'D';
}

/// <summary>Lists changed files with as few git processes as possible: one range diff, plus one for untracked files if asked.</summary>
internal static class ChangedFiles
{
    public static async Task<IReadOnlyList<ChangedFile>> ListAsync(Git git, string manifestPrefix, string baseCommit, string headCommit, bool includeUncommitted)
    {
        // With uncommitted changes the head side is the working tree, which already holds HEAD's commits.
        string[] range = includeUncommitted ? [baseCommit] : [baseCommit, headCommit];
        var diff = await git.RunAsync(["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--name-status", "-z", .. range, "--"]).ConfigureAwait(false);
        var files = Parse(diff, manifestPrefix).ToList();
        if (includeUncommitted)
        {
            var untracked = await git.RunAsync("ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/").ConfigureAwait(false);
            files.AddRange(Git.SplitNul(untracked).Select(p => Relative(p, manifestPrefix)).OfType<string>().Select(p => new ChangedFile('A', p)));
        }

        return files;
    }

    /// <summary>Parses <c>--name-status -z</c> output: a status field then a path, each NUL-terminated.</summary>
    public static IEnumerable<ChangedFile> Parse(string output, string manifestPrefix)
    {
        var fields = output.Split('\0');
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (fields[i].Length == 0) yield break;
            if (Relative(fields[i + 1], manifestPrefix) is { } path) yield return new ChangedFile(fields[i][0], path);
        }
    }

    static string? Relative(string repoPath, string manifestPrefix) =>
        repoPath.StartsWith(manifestPrefix, StringComparison.Ordinal) ? repoPath[manifestPrefix.Length..] : null;
}
