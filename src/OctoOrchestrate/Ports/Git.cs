namespace OctoOrchestrate.Ports;

/// <summary>Git through its command line, as MinVer does: fixed arguments, no prompts, no optional locks, paths NUL-separated.</summary>
public sealed class Git(string workingDirectory)
{
    static readonly Dictionary<string, string?> Environment = new()
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["LC_ALL"] = "C",
    };

    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Runs git and returns its standard output; a non-zero exit becomes a <see cref="GitException"/>.</summary>
    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await TryRunAsync(arguments).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput
            : throw new GitException($"git {string.Join(' ', arguments)} failed (exit {result.ExitCode}) in '{WorkingDirectory}': {result.StandardError.Trim()}");
    }

    public Task<ProcessResult> TryRunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("git", ["-c", "core.quotepath=off", .. arguments], WorkingDirectory, Environment);

    /// <summary>The commit a revision names, or null when it does not exist in this clone.</summary>
    public async Task<string?> TryResolveAsync(string revision)
    {
        var result = await TryRunAsync("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}").ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>
    /// The commits several revisions name, in one process; null when any of them does not resolve (callers then resolve
    /// one by one to say which). Without --verify git echoes options and file names back (even --end-of-options in
    /// git 2.39), so anything option-like is left to the one-by-one path and only full object names count.
    /// </summary>
    public async Task<string[]?> TryResolveAllAsync(params string[] revisions)
    {
        if (revisions.Any(r => r.StartsWith('-'))) return null;
        var result = await TryRunAsync(["rev-parse", .. revisions.Select(r => r + "^{commit}")]).ConfigureAwait(false);
        var shas = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return result.ExitCode == 0 && shas.Length == revisions.Length && shas.All(IsObjectName) ? shas : null;
    }

    static bool IsObjectName(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);

    public async Task<bool> IsShallowAsync() => (await RunAsync("rev-parse", "--is-shallow-repository").ConfigureAwait(false)).Trim() == "true";

    public async Task<string> TopLevelAsync()
    {
        var result = await TryRunAsync("rev-parse", "--show-toplevel").ConfigureAwait(false);
        return result.ExitCode == 0 ? Path.GetFullPath(result.StandardOutput.Trim())
            : throw new GitException($"'{WorkingDirectory}' is not inside a git repository ({result.StandardError.Trim()}). Run from a clone, or 'git init' the monorepo.");
    }

    public static IEnumerable<string> SplitNul(string output) => output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
