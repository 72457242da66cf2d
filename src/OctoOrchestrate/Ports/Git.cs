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
    public async Task<string> RunAsync(params string[] arguments) => Checked(await TryRunAsync(arguments).ConfigureAwait(false), arguments);

    public async Task<ProcessResult> TryRunAsync(params string[] arguments)
    {
        try
        {
            return await ProcessRunner.RunAsync("git", WithOptions(arguments), WorkingDirectory, Environment).ConfigureAwait(false);
        }
        catch (OctoOrchestrateException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            throw NotStarted(ex);
        }
    }

    /// <summary>The blocking form of <see cref="RunAsync"/>, for the detection path a CLI run takes.</summary>
    internal string Run(params string[] arguments) => Checked(TryRun(arguments), arguments);

    /// <summary>Collects a process <see cref="Start"/>ed with <paramref name="arguments"/>: its output, or the <see cref="Run"/> error.</summary>
    internal string Collect(RunningProcess running, string[] arguments)
    {
        using (running) return Checked(running.Wait(), arguments);
    }

    internal ProcessResult TryRun(params string[] arguments)
    {
        using var running = Start(arguments);
        return running.Wait();
    }

    /// <summary>Starts git and lets the caller work until <see cref="RunningProcess.Wait"/> collects the result.</summary>
    internal RunningProcess Start(params string[] arguments)
    {
        try
        {
            return RunningProcess.Start("git", WithOptions(arguments), WorkingDirectory, Environment);
        }
        catch (OctoOrchestrateException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            throw NotStarted(ex);
        }
    }

    // git that cannot start is a git failure (exit 3, as documented), not a pipeline failure.
    static GitException NotStarted(OctoOrchestrateException ex) =>
        new($"git could not be started ({ex.InnerException!.Message}). Install git and make sure it is on PATH.", ex);

    /// <summary>The commit a revision names, or null when it does not exist in this clone.</summary>
    internal string? TryResolve(string revision)
    {
        var result = TryRun("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}");
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>
    /// The commits several revisions name, in one process; null when any of them does not resolve (callers then resolve
    /// one by one to say which).
    /// </summary>
    internal string[]? TryResolveAll(params string[] revisions)
    {
        if (!CanResolveTogether(revisions)) return null;
        var result = TryRun(["rev-parse", .. CommitRevisions(revisions)]);
        return result.ExitCode == 0 ? ObjectNames(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), 0, revisions.Length) : null;
    }

    /// <summary>
    /// Without --verify git echoes options and file names back (even --end-of-options in git 2.39), so anything
    /// option-like is left to the one-by-one path and only full object names count.
    /// </summary>
    internal static bool CanResolveTogether(string[] revisions)
    {
        foreach (var revision in revisions)
        {
            if (revision.StartsWith('-')) return false;
        }

        return true;
    }

    internal static string[] CommitRevisions(string[] revisions)
    {
        var commits = new string[revisions.Length];
        for (var i = 0; i < revisions.Length; i++) commits[i] = revisions[i] + "^{commit}";
        return commits;
    }

    /// <summary><paramref name="count"/> object names from <paramref name="start"/> to the end of the lines, or null.</summary>
    internal static string[]? ObjectNames(string[] lines, int start, int count)
    {
        if (lines.Length - start != count) return null;
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (!IsObjectName(lines[start + i])) return null;
            names[i] = lines[start + i];
        }

        return names;
    }

    static bool IsObjectName(string text)
    {
        if (text.Length is not (40 or 64)) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }

        return true;
    }

    public Task<bool> IsShallowAsync() => Task.FromResult(IsShallow());

    internal bool IsShallow() => Run("rev-parse", "--is-shallow-repository").Trim() == "true";

    public static IEnumerable<string> SplitNul(string output) => output.Split('\0', StringSplitOptions.RemoveEmptyEntries);

    static string[] WithOptions(string[] arguments) => ["-c", "core.quotepath=off", .. arguments];

    string Checked(ProcessResult result, string[] arguments) => result.ExitCode == 0 ? result.StandardOutput
        : throw new GitException($"git {string.Join(' ', arguments)} failed (exit {result.ExitCode}) in '{WorkingDirectory}': {result.StandardError.Trim()}");
}
