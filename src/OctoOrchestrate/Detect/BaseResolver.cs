using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

internal sealed record ResolvedRange(string Base, string Head, string BaseReason);

/// <summary>Chooses the base and head commits and says why; never narrows the answer when history is missing.</summary>
internal static class BaseResolver
{
    static readonly string[] DefaultBranches = ["origin/HEAD", "origin/main", "main", "origin/master", "master"];

    public static string Resolve(Git git, string revision, string flag)
    {
        if (git.TryResolve(revision) is { } sha) return sha;
        if (!revision.StartsWith("origin/", StringComparison.Ordinal) && git.TryResolve("origin/" + revision) is { } remote) return remote;
        if (git.IsShallow())
            throw ShallowError($"{flag} '{revision}' is not in this clone");
        throw new BadInputException($"{flag} '{revision}' is not a commit, branch or tag in this repository. Check the name, or 'git fetch' it first.");
    }

    /// <summary>The revisions to resolve in one process up front when the range is explicit; empty when it is not.</summary>
    public static string[] ExplicitRevisions(string? baseRef, string? headRef) => baseRef is null ? [] : [baseRef, headRef ?? "HEAD"];

    /// <summary>Resolves the range; <paramref name="explicitCommits"/> are the already resolved <see cref="ExplicitRevisions"/>, if any.</summary>
    public static ResolvedRange ResolveRange(Git git, string? baseRef, string? headRef, string[]? explicitCommits = null)
    {
        if (baseRef is not null && (explicitCommits ?? git.TryResolveAll(ExplicitRevisions(baseRef, headRef))) is [var baseSha, var headSha])
            return new ResolvedRange(baseSha, headSha, $"--base {baseRef}");

        var head = Resolve(git, headRef ?? "HEAD", "--head");
        if (baseRef is not null)
            return new ResolvedRange(Resolve(git, baseRef, "--base"), head, $"--base {baseRef}");

        foreach (var candidate in DefaultBranches)
        {
            if (git.TryResolve(candidate) is null) continue;
            var mergeBase = git.TryRun("merge-base", head, candidate);
            if (mergeBase.ExitCode == 0)
                return new ResolvedRange(mergeBase.StandardOutput.Trim(), head, $"merge-base of {headRef ?? "HEAD"} and {candidate}");
            if (git.IsShallow())
                throw ShallowError($"the merge-base of {headRef ?? "HEAD"} and {candidate} is not in this clone");
            throw new BadInputException($"{headRef ?? "HEAD"} and {candidate} share no history. Pass --base REF to choose what to compare against.");
        }

        throw new BadInputException($"No default branch to compare against (tried {string.Join(", ", DefaultBranches)}). Pass --base REF.");
    }

    public static MissingHistoryException ShallowError(string what) => new(
        $"{what}: this is a shallow clone and the history needed is cut off. Fetch full history with 'git fetch --unshallow --tags' " +
        "(GitHub Actions: actions/checkout with 'fetch-depth: 0'), then run again. Answering from partial history could miss changed components.");
}
