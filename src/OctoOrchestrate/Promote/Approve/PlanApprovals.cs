using OctoOrchestrate.Promote.Plan;

namespace OctoOrchestrate.Promote.Approve;

/// <summary>
/// One approval for the whole train: each group named by the destination's <c>approvals:</c> votes once; every group approving lets the
/// stored plan run (all its component deployments), any rejection means it never runs.
/// </summary>
public static class PlanApprovals
{
    public static (PlanDecision Decision, IReadOnlyList<string> Waiting) Evaluate(TrainPlan plan, IReadOnlyList<PlanVote> votes)
    {
        if (plan.ApprovalGroups.Count == 0) return (PlanDecision.NotNeeded, []);
        if (votes.Any(v => !v.Approved)) return (PlanDecision.Rejected, []);
        var waiting = plan.ApprovalGroups.Where(g => !votes.Any(v => string.Equals(v.Group, g, StringComparison.OrdinalIgnoreCase))).ToList();
        return (waiting.Count == 0 ? PlanDecision.Approved : PlanDecision.Pending, waiting);
    }

    /// <summary>Who approved, as snapshots and notes name them: "Ann (QA), Bob (Business Owner)".</summary>
    public static string? Approvers(IReadOnlyList<PlanVote> votes) =>
        votes.Count == 0 ? null : string.Join(", ", votes.Where(v => v.Approved).Select(v => $"{v.By} ({v.Group})"));

    /// <param name="authorize">
    /// Called with the plan and the group (as the plan spells it) once the vote is known to be possible, before it is recorded: throws to
    /// refuse it (governance: teams and four eyes).
    /// </param>
    public static async Task<(PlanDecision Decision, IReadOnlyList<string> Waiting)> VoteAsync(
        ITrainStore store, string planId, string group, string by, bool approve, string? notes, Func<TrainPlan, string, Task>? authorize = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new BadInputException("--as: give the name of the person approving, e.g. --as \"Ann Smith\".");
        var plan = await store.GetPlanAsync(planId, cancellationToken).ConfigureAwait(false);
        if (plan.ApprovalGroups.Count == 0)
            throw new BadInputException($"Plan {plan.Id} (to {plan.To}) needs no approval: {plan.To} has no 'approvals:' in the manifest. Run it with 'promote --resume {plan.Id}'.");
        var known = plan.ApprovalGroups.FirstOrDefault(g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"--group: '{group}' is not asked to approve plan {plan.Id}. Groups: {string.Join(", ", plan.ApprovalGroups)}.");
        var votes = await store.GetVotesAsync(plan.Id, cancellationToken).ConfigureAwait(false);
        var (decision, _) = Evaluate(plan, votes);
        if (decision == PlanDecision.Rejected)
            throw new BadInputException($"Plan {plan.Id} was rejected ({Describe(votes.First(v => !v.Approved))}); it will never run. Create a new plan with 'promote --to {plan.To}'.");
        if (votes.Any(v => string.Equals(v.Group, known, StringComparison.OrdinalIgnoreCase)))
            throw new BadInputException($"{known} has already voted on plan {plan.Id} ({Describe(votes.First(v => string.Equals(v.Group, known, StringComparison.OrdinalIgnoreCase)))}). Each group votes once.");
        if (authorize is not null) await authorize(plan, known).ConfigureAwait(false);
        await store.AddVoteAsync(plan.Id, new PlanVote(known, by, approve, notes, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        return Evaluate(plan, await store.GetVotesAsync(plan.Id, cancellationToken).ConfigureAwait(false));
    }

    public static string Describe(PlanVote vote) =>
        $"{(vote.Approved ? "approved" : "rejected")} by {vote.By} for {vote.Group} at {vote.At:u}{(vote.Notes is null ? "" : $": {vote.Notes}")}";
}
