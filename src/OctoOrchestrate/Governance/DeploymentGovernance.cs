using OctoOrchestrate.Audit;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Governance;

/// <summary>
/// The guard a CLI run puts around its stages: who may deploy (teams), the regression guard (a deployment must not drop commits of
/// what it replaces), collision and teams-changed warnings, and the audit record of every release, deployment, refusal and override.
/// </summary>
public sealed class DeploymentGovernance(
    MonorepoManifest manifest, GovernancePolicy policy, Actor actor, AuditLog audit, string? ciRunUrl, bool allowRegression, Action<string> warn) : IDeploymentGuard
{
    readonly Git git = new(manifest.Directory);
    readonly HashSet<string> teamsChecked = new(StringComparer.OrdinalIgnoreCase);

    public Actor Actor => actor;

    /// <summary>
    /// Says why a regression is intended (a train rollback, a downgrade the plan asked for): such a release passes the regression guard
    /// without <c>--allow-regression</c> and the audit log records it as an override with this reason. Null for a release = not intended.
    /// </summary>
    public Func<ReleaseInfo, string?>? IntendedRegression { get; init; }

    public AuditLog Audit => audit;

    /// <summary>Appends one record as this run's actor, with this run's CI URL.</summary>
    public Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        audit.AppendAsync(actor, entry, ciRunUrl, cancellationToken);

    /// <summary>
    /// Refuses (exit 2, audited) when the actor may not deploy to <paramref name="environment"/>. A promotion calls it before running
    /// the source environment's tests, so a refused user does not wait for tests first.
    /// </summary>
    public async Task CheckMayDeployAsync(string environment, IReadOnlyList<(string Component, string? Version, string? Commit)> what)
    {
        if (Permissions.MayDeploy(policy, actor, environment)) return;
        var refusal = new PermissionRefusedException(
            $"{actor} may not deploy to {environment}: {Permissions.WhoMay(policy, t => t.Deploy, environment, "deploy to")}. Ask one of them, or change 'teams:' in the manifest (a reviewed change).");
        foreach (var (component, version, commit) in what.DefaultIfEmpty((null!, null, null)))
            await RecordAsync(new AuditEntry(AuditActions.Refusal, environment, component, version, "refused", refusal.Message, commit), CancellationToken.None).ConfigureAwait(false);
        throw refusal;
    }

    public async Task CheckAsync(IReleaseServer server, IReadOnlyList<ReleaseInfo> releases, string environment, CancellationToken cancellationToken)
    {
        await CheckMayDeployAsync(environment, releases.Select(r => (r.Component, (string?)r.Version, (string?)r.GitCommit)).ToList()).ConfigureAwait(false);

        if (teamsChecked.Add(environment)) await WarnWhenTeamsChangedAsync(server, environment, cancellationToken).ConfigureAwait(false);
        await CheckRegressionsAsync(server, releases, environment, recordAllowed: true, cancellationToken).ConfigureAwait(false);
        foreach (var release in releases)
        {
            foreach (var collision in await CollisionGuard.FindAsync(server, git, manifest, release, cancellationToken).ConfigureAwait(false)) warn(collision);
        }
    }

    /// <summary>
    /// Refuses (exit 2, each audited) when a release would undo commits of what is current in <paramref name="environment"/>, unless the
    /// regression is intended (<see cref="IntendedRegression"/>) or <c>--allow-regression</c> was given. <paramref name="recordAllowed"/>:
    /// warn about and audit the allowed ones (false for a check ahead of the deployment that will record them).
    /// </summary>
    public async Task CheckRegressionsAsync(IReleaseServer server, IReadOnlyList<ReleaseInfo> releases, string environment, bool recordAllowed, CancellationToken cancellationToken)
    {
        var refused = new List<(ReleaseInfo Release, string Message)>();
        var allowed = new List<(ReleaseInfo Release, string Message, string Reason)>();
        foreach (var release in releases)
        {
            if (await RegressionGuard.CheckAsync(server, git, release, environment, cancellationToken).ConfigureAwait(false) is not { } lost) continue;
            if ((IntendedRegression?.Invoke(release) ?? (allowRegression ? "--allow-regression" : null)) is { } reason) allowed.Add((release, lost, reason));
            else refused.Add((release, lost));
        }

        if (refused.Count > 0)
        {
            var text = string.Join("\n", refused.Select(r => r.Message))
                + "\nMerge the missing commits forward and release again, or pass --allow-regression to deploy anyway (recorded in the audit log).";
            foreach (var (release, message) in refused)
                await RecordAsync(new AuditEntry(AuditActions.Refusal, environment, release.Component, release.Version, "regression refused", message, release.GitCommit), CancellationToken.None).ConfigureAwait(false);
            throw new RegressionRefusedException(text);
        }

        if (!recordAllowed) return;
        foreach (var (release, message, reason) in allowed)
        {
            warn($"{reason}: {message}");
            await RecordAsync(new AuditEntry(AuditActions.Override, environment, release.Component, release.Version, "regression allowed", $"{reason}: {message}", release.GitCommit), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Warns when this run's <c>teams:</c> differ from those of the manifest at the commit of what is deployed in the environment.</summary>
    async Task WarnWhenTeamsChangedAsync(IReleaseServer server, string environment, CancellationToken cancellationToken)
    {
        var current = await CollisionGuard.CurrentDeploymentsAsync(server, manifest.Components.Where(c => c.Deployable).Select(c => c.Name), [environment], cancellationToken).ConfigureAwait(false);
        var newest = current.OrderByDescending(d => d.CompletedAt).FirstOrDefault();
        if (newest is null) return;
        var release = await CollisionGuard.DeployedReleaseAsync(server, newest, cancellationToken).ConfigureAwait(false);
        if (release is null || string.IsNullOrEmpty(release.GitCommit)) return;
        var shown = await git.TryRunAsync("show", $"{release.GitCommit}:./{Path.GetFileName(manifest.FilePath)}").ConfigureAwait(false);
        if (shown.ExitCode != 0) return; // not in this clone, or the manifest did not exist there: nothing to compare with
        GovernancePolicy before;
        try
        {
            before = GovernancePolicy.Parse(shown.StandardOutput, $"{manifest.FilePath} at {release.GitCommit[..Math.Min(12, release.GitCommit.Length)]}", manifest.Environments);
        }
        catch (BadInputException)
        {
            before = GovernancePolicy.None;
        }

        var changed = TeamsDiff.Describe(before.Teams, policy.Teams);
        if (changed.Count > 0)
            warn($"warning: 'teams:' changed since the manifest of what is deployed in {environment} ({newest.Component} {newest.Version}, commit {release.GitCommit[..Math.Min(12, release.GitCommit.Length)]}): {string.Join("; ", changed)}. Changing teams is a reviewed change to the manifest.");
    }

    public async Task RecordRefusalAsync(IReadOnlyList<ReleaseInfo> releases, string environment, string reason, CancellationToken cancellationToken)
    {
        foreach (var release in releases)
            await RecordAsync(new AuditEntry(AuditActions.Refusal, environment, release.Component, release.Version, "refused by the release server", reason, release.GitCommit), cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAsync(StageResult stage, IReadOnlyList<ReleaseInfo> releases, CancellationToken cancellationToken)
    {
        foreach (var outcome in stage.Components)
        {
            var action = outcome.Outcome switch
            {
                Outcome.Released => AuditActions.Release,
                Outcome.Deployed or Outcome.Failed or Outcome.TimedOut or Outcome.Canceled when stage.Stage != "verify" => AuditActions.Deployment,
                _ => null,
            };
            if (action is null) continue;
            var release = releases.FirstOrDefault(r => r.Component == outcome.Component);
            await RecordAsync(new AuditEntry(action, stage.Environment, outcome.Component, outcome.Version, outcome.Outcome.ToString(),
                outcome.DeploymentId is null ? outcome.Reason : $"{outcome.DeploymentId}{(outcome.Reason is null ? "" : ": " + outcome.Reason)}", release?.GitCommit), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Deploying would drop commits of what is current there (a hotfix not merged forward). Exit code 2; nothing deployed.</summary>
public sealed class RegressionRefusedException(string message) : BadInputException(message);
