using System.Text.Json;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Governance;

/// <summary>
/// Governance around the release train: the plan shows each component's regression verdict and collisions; a promotion, resume or
/// rollback is refused (exit 2, audited) unless the acting user's team deploys to the destination; votes need a team approving it
/// and four eyes; the regression guard applies in every environment, a rollback being an intended regression (allowed, audited);
/// every request, vote, run and refusal is an audit record; the manifest's <c>notify:</c> lines hear of each event.
/// </summary>
public sealed class TrainGovernance(
    MonorepoManifest manifest, GovernancePolicy policy, Actor actor, AuditLog audit, string? ciRunUrl, bool allowRegression, Action<string> warn) : ITrainGuard
{
    readonly Git git = new(manifest.Directory);
    readonly DeploymentGovernance checks = new(manifest, policy, actor, audit, ciRunUrl, allowRegression, warn);

    public Actor Actor => actor;

    /// <summary>How long a notifier may run (default <see cref="Notify.DefaultTimeout"/>).</summary>
    public TimeSpan? NotifyTimeout { get; init; }

    public async Task<TrainPlan> AssessAsync(IReleaseServer server, TrainPlan plan, CancellationToken cancellationToken)
    {
        var assessed = new List<PlannedComponent>(plan.Components.Count);
        foreach (var component in plan.Components)
        {
            var release = component.Action.Deploys() ? await ReleaseOfAsync(server, component, cancellationToken).ConfigureAwait(false) : null;
            if (release is null)
            {
                assessed.Add(component);
                continue;
            }

            var regression = await RegressionGuard.CheckAsync(server, git, release, plan.To, cancellationToken).ConfigureAwait(false);
            var collisions = (await CollisionGuard.FindAsync(server, git, manifest, release, cancellationToken).ConfigureAwait(false))
                .Select(c => c.StartsWith("warning: ", StringComparison.Ordinal) ? c["warning: ".Length..] : c).ToList();
            assessed.Add(component with
            {
                Commit = string.IsNullOrEmpty(release.GitCommit) ? null : release.GitCommit,
                Regression = regression,
                RegressionAllowedBy = regression is null ? null : IntendedBy(plan, component) ?? (allowRegression ? "--allow-regression" : null),
                Collisions = collisions.Count == 0 ? null : collisions,
            });
        }

        return plan with { Components = assessed };
    }

    public async Task CheckAsync(IReleaseServer server, TrainPlan plan, CancellationToken cancellationToken)
    {
        var releases = new List<ReleaseInfo>();
        foreach (var component in plan.ToDeploy)
        {
            if (await ReleaseOfAsync(server, component, cancellationToken).ConfigureAwait(false) is { } release) releases.Add(release);
        }

        await checks.CheckMayDeployAsync(plan.To, releases.Select(r => (r.Component, (string?)r.Version, (string?)r.GitCommit)).ToList()).ConfigureAwait(false);
        // The whole train is checked before its first wave: a regression in wave 3 must not leave waves 1 and 2 deployed.
        await ForPlan(plan).CheckRegressionsAsync(server, releases, plan.To, recordAllowed: false, cancellationToken).ConfigureAwait(false);
    }

    public IDeploymentGuard ForDeployments(TrainPlan plan) => ForPlan(plan);

    DeploymentGovernance ForPlan(TrainPlan plan) => new(manifest, policy, actor, audit, ciRunUrl, allowRegression, warn)
    {
        IntendedRegression = release => plan.Components.FirstOrDefault(c => c.Component == release.Component) is { } planned ? IntendedBy(plan, planned) : null,
    };

    /// <summary>A train rollback, and a component the plan rolls back (<c>--allow-downgrade</c>, a pinned older version), take commits back on purpose.</summary>
    static string? IntendedBy(TrainPlan plan, PlannedComponent component) =>
        plan.Kind == "rollback" ? $"rollback of {plan.To} to snapshot {plan.RollbackTo} (plan {plan.Id})"
        : component.Action == PlanAction.Rollback ? $"rollback asked for in plan {plan.Id} ({component.Reason})"
        : null;

    public async Task RecordAsync(PromotionOutcome outcome, bool requested, CancellationToken cancellationToken)
    {
        var plan = outcome.Plan;
        var action = plan.Kind == "rollback" ? AuditActions.Rollback : AuditActions.Promotion;
        var snapshot = outcome.Snapshot is null ? "" : $", snapshot {outcome.Snapshot.Id}";
        var approved = PlanApprovals.Approvers(outcome.Votes) is { Length: > 0 } by ? $", approved by {by}" : "";
        switch (outcome.Status)
        {
            case PromotionStatus.AwaitingApproval when requested:
                await RecordTrainAsync(action, plan, $"waiting for approval by {string.Join(", ", outcome.Waiting)}", "").ConfigureAwait(false);
                await NotifyAsync("train-waiting-for-approval", outcome, "AwaitingApproval", cancellationToken).ConfigureAwait(false);
                break;
            case PromotionStatus.Scheduled when requested:
                await RecordTrainAsync(action, plan, $"scheduled for {plan.NotBefore:u}", approved).ConfigureAwait(false);
                break;
            case PromotionStatus.Ran:
                var result = outcome.Result!.Succeeded ? "Succeeded" : "Failed";
                await RecordTrainAsync(action, plan, result, approved + snapshot).ConfigureAwait(false);
                if (plan.Kind == "rollback") await NotifyAsync("rollback", outcome, result, cancellationToken).ConfigureAwait(false);
                else if (outcome.Result.Succeeded) await NotifyAsync("train-promoted", outcome, result, cancellationToken).ConfigureAwait(false);
                if (!outcome.Result.Succeeded) await NotifyAsync("train-failed", outcome, result, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// <c>approve PLAN --group G [--reject]</c> as this actor: refused (exit 2, audited) unless the actor is in team G approving the plan's
    /// destination and, with four eyes, did not request it; the vote is audited per component; a rejection raises <c>train-failed</c>.
    /// </summary>
    public async Task<(PlanDecision Decision, IReadOnlyList<string> Waiting)> VoteAsync(
        ITrainStore store, string planId, string group, bool approve, string? notes, CancellationToken cancellationToken = default)
    {
        TrainPlan? voted = null;
        var decided = await PlanApprovals.VoteAsync(store, planId, group, actor.Name, approve, notes, async (plan, known) =>
        {
            voted = plan;
            try
            {
                Permissions.CheckApproval(policy, plan.RequestedBy, actor, known, plan.To);
            }
            catch (PermissionRefusedException refused)
            {
                await RecordPerComponentAsync(AuditActions.Refusal, plan, $"{(approve ? "approval" : "rejection")} for {known} refused", refused.Message).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);

        var planVoted = voted!;
        var votedFor = planVoted.ApprovalGroups.First(g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase));
        await RecordPerComponentAsync(approve ? AuditActions.Approval : AuditActions.Rejection, planVoted, $"{(approve ? "approved" : "rejected")} for {votedFor}",
            $"plan {planVoted.Id} ({Describe(planVoted)}){(notes is null ? "" : "; notes: " + notes)}").ConfigureAwait(false);
        if (decided.Decision == PlanDecision.Rejected)
        {
            var votes = await store.GetVotesAsync(planVoted.Id, cancellationToken).ConfigureAwait(false);
            await NotifyAsync("train-failed", new PromotionOutcome(planVoted, PromotionStatus.Rejected, votes, []), "Rejected", cancellationToken).ConfigureAwait(false);
        }

        return decided;
    }

    static string Describe(TrainPlan plan) =>
        $"{plan.Kind} {(plan.From is null || plan.Kind == "rollback" ? "" : plan.From + " -> ")}{plan.To}, requested by {plan.RequestedBy}";

    /// <summary>One record per component the plan deploys (with its version and commit), or one for the plan when it deploys nothing.</summary>
    async Task RecordPerComponentAsync(string action, TrainPlan plan, string outcome, string detail)
    {
        var components = plan.ToDeploy.ToList();
        if (components.Count == 0)
        {
            await checks.RecordAsync(new AuditEntry(action, plan.To, null, null, outcome, detail, await HeadAsync().ConfigureAwait(false)), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        foreach (var c in components)
            await checks.RecordAsync(new AuditEntry(action, plan.To, c.Component, c.Candidate, outcome, detail, c.Commit), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One record for the train as a whole; its commit is the checkout's (the manifest that governed it).</summary>
    async Task RecordTrainAsync(string action, TrainPlan plan, string outcome, string more)
    {
        var versions = string.Join(", ", plan.ToDeploy.Select(c => $"{c.Component} {c.Candidate}"));
        var detail = $"plan {plan.Id} ({Describe(plan)}{more}): {(versions.Length == 0 ? "nothing to deploy" : versions)}";
        await checks.RecordAsync(new AuditEntry(action, plan.To, null, null, outcome, detail, await HeadAsync().ConfigureAwait(false)), CancellationToken.None).ConfigureAwait(false);
    }

    async Task<string?> HeadAsync()
    {
        var head = await git.TryRunAsync("rev-parse", "--verify", "--quiet", "HEAD").ConfigureAwait(false);
        return head.ExitCode == 0 ? head.StandardOutput.Trim() : null;
    }

    /// <summary>Runs the notifiers of <paramref name="eventName"/> with the plan (and votes, result, snapshot) as JSON; failures only warn.</summary>
    async Task NotifyAsync(string eventName, PromotionOutcome outcome, string status, CancellationToken cancellationToken)
    {
        var plan = outcome.Plan;
        var payload = JsonSerializer.SerializeToNode(new TrainNotification(plan.Id, plan.Kind, plan.To, status, plan, outcome.Votes, outcome.Waiting, outcome.Result, outcome.Snapshot),
            Json.Contract<TrainNotification>(Json.Options));
        var variables = new Dictionary<string, string>
        {
            ["OO_PLAN"] = plan.Id,
            ["OO_KIND"] = plan.Kind,
            ["OO_ENVIRONMENT"] = plan.To,
            ["OO_FROM"] = plan.From ?? "",
            ["OO_OUTCOME"] = status,
            ["OO_REQUESTED_BY"] = plan.RequestedBy,
            ["OO_APPROVED_BY"] = PlanApprovals.Approvers(outcome.Votes) ?? "",
            ["OO_WAITING_FOR"] = string.Join(", ", outcome.Waiting),
            ["OO_SNAPSHOT"] = outcome.Snapshot?.Id ?? "",
            ["OO_COMPONENTS"] = string.Join(", ", plan.ToDeploy.Select(c => $"{c.Component} {c.Candidate}")),
        };
        await Notify.RaiseAsync(manifest, eventName, payload, actor, variables, warn, NotifyTimeout, cancellationToken).ConfigureAwait(false);
    }

    static async Task<ReleaseInfo?> ReleaseOfAsync(IReleaseServer server, PlannedComponent component, CancellationToken cancellationToken) =>
        component.CandidateReleaseId is null ? null
        : (await server.ListReleasesAsync(component.Component, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == component.CandidateReleaseId);
}

/// <summary>The payload of a train event's file (<c>OO_EVENT_FILE</c>): the plan and what became of it.</summary>
internal sealed record TrainNotification(
    string PlanId, string Kind, string Environment, string Status, TrainPlan Plan, IReadOnlyList<PlanVote> Votes, IReadOnlyList<string> WaitingFor,
    StageResult? Result, Promote.Snapshot.TrainSnapshot? Snapshot);
