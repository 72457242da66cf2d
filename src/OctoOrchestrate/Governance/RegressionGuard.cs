using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Governance;

/// <summary>
/// A release may replace what is current in an environment only when it contains it: the current release's commit must be an ancestor
/// of the candidate's (<c>git merge-base --is-ancestor</c>). Otherwise deploying it would undo those commits (a hotfix not merged
/// forward), and the answer names them.
/// </summary>
public static class RegressionGuard
{
    const int ShownCommits = 20;

    /// <summary>Null when the candidate contains what is current (or nothing is); else the message naming the commits that would be lost.</summary>
    public static async Task<string?> CheckAsync(IReleaseServer server, Git git, ReleaseInfo candidate, string environment, CancellationToken cancellationToken)
    {
        var current = await server.GetCurrentDeploymentAsync(candidate.Component, environment, cancellationToken).ConfigureAwait(false);
        if (current is null || current.ReleaseId == candidate.Id) return null;
        var replaced = await CollisionGuard.DeployedReleaseAsync(server, current, cancellationToken).ConfigureAwait(false);
        if (replaced is null || string.IsNullOrEmpty(replaced.GitCommit) || string.IsNullOrEmpty(candidate.GitCommit) || replaced.GitCommit == candidate.GitCommit) return null;
        if (await IsAncestorAsync(git, replaced.GitCommit, candidate.GitCommit).ConfigureAwait(false)) return null;

        var log = (await git.RunAsync("log", "--format=%h %s", $"{candidate.GitCommit}..{replaced.GitCommit}").ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shown = string.Join("; ", log.Take(ShownCommits)) + (log.Length > ShownCommits ? $"; and {log.Length - ShownCommits} more" : "");
        return $"{candidate.Component}: deploying {candidate.Version} ({Short(candidate.GitCommit)}) to {environment} would undo {replaced.Version} ({Short(replaced.GitCommit)}), " +
            $"current there: {log.Length} commit(s) of it are not in {candidate.Version}: {shown}";
    }

    /// <summary>Whether <paramref name="ancestor"/> is reachable from <paramref name="descendant"/>; a commit missing from the clone is exit 4.</summary>
    public static async Task<bool> IsAncestorAsync(Git git, string ancestor, string descendant)
    {
        var result = await git.TryRunAsync("merge-base", "--is-ancestor", ancestor, descendant).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new MissingHistoryException(
                $"Cannot tell whether {Short(descendant)} contains {Short(ancestor)}: {result.StandardError.Trim()}. Fetch the full history (git fetch --unshallow --tags) and run again."),
        };
    }

    internal static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
