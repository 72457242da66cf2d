using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Governance;

/// <summary>
/// Two releases of one component in flight (deployed somewhere, not what the last environment has) on diverged lines — a hotfix and the
/// next train — that changed the same files since what the last environment has: whoever merges them forward must reconcile those files.
/// A warning, never a refusal.
/// </summary>
public static class CollisionGuard
{
    public static async Task<IReadOnlyList<string>> FindAsync(IReleaseServer server, Git git, MonorepoManifest manifest, ReleaseInfo candidate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(candidate.GitCommit)) return [];
        var last = manifest.Environments[^1];
        var environments = (await server.GetLifecycleAsync(cancellationToken).ConfigureAwait(false)).Environments;
        var cells = await CurrentDeploymentsAsync(server, [candidate.Component], environments, cancellationToken).ConfigureAwait(false);
        var inLast = cells.FirstOrDefault(d => string.Equals(d.Environment, last, StringComparison.OrdinalIgnoreCase));
        var baseCommit = inLast is null ? null : (await DeployedReleaseAsync(server, inLast, cancellationToken).ConfigureAwait(false))?.GitCommit;
        var others = new List<(DeploymentInfo Deployment, ReleaseInfo? Release)>();
        foreach (var deployment in cells.Where(d => !string.Equals(d.Environment, last, StringComparison.OrdinalIgnoreCase))
                     .Where(d => d.ReleaseId != candidate.Id && d.ReleaseId != inLast?.ReleaseId).GroupBy(d => d.ReleaseId).Select(g => g.First()))
            others.Add((deployment, await DeployedReleaseAsync(server, deployment, cancellationToken).ConfigureAwait(false)));

        var warnings = new List<string>();
        foreach (var (deployment, other) in others)
        {
            if (other is null || string.IsNullOrEmpty(other.GitCommit) || other.GitCommit == candidate.GitCommit) continue;
            // One line of development (one contains the other) is a train moving on, not a collision.
            if (await RegressionGuard.IsAncestorAsync(git, other.GitCommit, candidate.GitCommit).ConfigureAwait(false)
                || await RegressionGuard.IsAncestorAsync(git, candidate.GitCommit, other.GitCommit).ConfigureAwait(false)) continue;
            var from = baseCommit ?? (await git.RunAsync("merge-base", candidate.GitCommit, other.GitCommit).ConfigureAwait(false)).Trim();
            var mine = await ChangedFilesAsync(git, from, candidate.GitCommit).ConfigureAwait(false);
            var theirs = await ChangedFilesAsync(git, from, other.GitCommit).ConfigureAwait(false);
            var both = mine.Intersect(theirs, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (both.Count == 0) continue;
            var since = baseCommit is null ? $"their common ancestor {RegressionGuard.Short(from)}" : $"{inLast!.Version} in {last} ({RegressionGuard.Short(from)})";
            warnings.Add($"warning: collision: {candidate.Component} {candidate.Version} and {other.Version} (in {deployment.Environment}) both changed {string.Join(", ", both)} since {since}; " +
                $"commits {await CommitsAsync(git, from, candidate.GitCommit, both).ConfigureAwait(false)} vs {await CommitsAsync(git, from, other.GitCommit, both).ConfigureAwait(false)}. Merge one into the other and reconcile those files.");
        }

        return warnings;
    }

    static async Task<HashSet<string>> ChangedFilesAsync(Git git, string from, string to) =>
        Git.SplitNul(await git.RunAsync("diff", "--no-renames", "--name-only", "-z", from, to, "--").ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

    static async Task<string> CommitsAsync(Git git, string from, string to, IReadOnlyList<string> files)
    {
        var log = await git.RunAsync(["log", "--format=%h %s", $"{from}..{to}", "--", .. files.Select(f => ":(literal)" + f)]).ConfigureAwait(false);
        return "[" + string.Join("; ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries)) + "]";
    }

    /// <summary>
    /// What is current for each component in each environment, asked cell by cell: a server answers that from what the run already read
    /// (Octopus: its dashboard, read again only after a deployment the run watches changed), where GetDashboardAsync reads afresh — a guard
    /// run for every release must not cost a dashboard read each.
    /// </summary>
    internal static async Task<List<DeploymentInfo>> CurrentDeploymentsAsync(
        IReleaseServer server, IEnumerable<string> components, IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        var current = new List<DeploymentInfo>();
        foreach (var component in components)
        {
            foreach (var environment in environments)
            {
                if (await server.GetCurrentDeploymentAsync(component, environment, cancellationToken).ConfigureAwait(false) is { } deployment) current.Add(deployment);
            }
        }

        return current;
    }

    /// <summary>
    /// The release a deployment deployed, found by its version (unique in a component), not by scanning every release: a server can answer
    /// that from what it already read (Octopus: the releases its dashboard shows, in one request for all components).
    /// </summary>
    internal static async Task<ReleaseInfo?> DeployedReleaseAsync(IReleaseServer server, DeploymentInfo deployment, CancellationToken cancellationToken) =>
        await server.FindReleaseAsync(deployment.Component, deployment.Version, cancellationToken: cancellationToken).ConfigureAwait(false) is { } release && release.Id == deployment.ReleaseId
            ? release
            : (await server.ListReleasesAsync(deployment.Component, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == deployment.ReleaseId);
}
