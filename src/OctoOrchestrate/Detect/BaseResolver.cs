using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

internal sealed record ResolvedRange(string Base, string Head, string BaseReason);

/// <summary>Chooses the base and head commits and says why; never narrows the answer when history is missing.</summary>
internal static class BaseResolver
{
    static readonly string[] DefaultBranches = ["origin/HEAD", "origin/main", "main", "origin/master", "master"];

    public static async Task<string> ResolveAsync(Git git, string revision, string flag)
    {
        if (await git.TryResolveAsync(revision).ConfigureAwait(false) is { } sha) return sha;
        if (!revision.StartsWith("origin/", StringComparison.Ordinal) && await git.TryResolveAsync("origin/" + revision).ConfigureAwait(false) is { } remote) return remote;
        if (await git.IsShallowAsync().ConfigureAwait(false))
            throw ShallowError($"{flag} '{revision}' is not in this clone");
        throw new BadInputException($"{flag} '{revision}' is not a commit, branch or tag in this repository. Check the name, or 'git fetch' it first.");
    }

    public static async Task<ResolvedRange> ResolveRangeAsync(Git git, string? baseRef, string? headRef)
    {
        var head = await ResolveAsync(git, headRef ?? "HEAD", "--head").ConfigureAwait(false);
        if (baseRef is not null)
            return new ResolvedRange(await ResolveAsync(git, baseRef, "--base").ConfigureAwait(false), head, $"--base {baseRef}");

        foreach (var candidate in DefaultBranches)
        {
            if (await git.TryResolveAsync(candidate).ConfigureAwait(false) is null) continue;
            var mergeBase = await git.TryRunAsync("merge-base", head, candidate).ConfigureAwait(false);
            if (mergeBase.ExitCode == 0)
                return new ResolvedRange(mergeBase.StandardOutput.Trim(), head, $"merge-base of {headRef ?? "HEAD"} and {candidate}");
            if (await git.IsShallowAsync().ConfigureAwait(false))
                throw ShallowError($"the merge-base of {headRef ?? "HEAD"} and {candidate} is not in this clone");
            throw new BadInputException($"{headRef ?? "HEAD"} and {candidate} share no history. Pass --base REF to choose what to compare against.");
        }

        throw new BadInputException($"No default branch to compare against (tried {string.Join(", ", DefaultBranches)}). Pass --base REF.");
    }

    public static MissingHistoryException ShallowError(string what) => new(
        $"{what}: this is a shallow clone and the history needed is cut off. Fetch full history with 'git fetch --unshallow --tags' " +
        "(GitHub Actions: actions/checkout with 'fetch-depth: 0'), then run again. Answering from partial history could miss changed components.");
}
