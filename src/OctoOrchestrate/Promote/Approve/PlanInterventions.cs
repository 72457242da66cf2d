using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Approve;

/// <summary>
/// The plan's one approval carried into the release server's manual interventions (Octopus): a child deployment of an approved plan that
/// pauses for one is answered Proceed, with notes naming the approvers and the plan; a rejected plan's paused deployments are answered Abort.
/// A plan its destination asks no approval for answers nothing: its interventions stay for a person in Octopus (or the timeout).
/// </summary>
internal static class PlanInterventions
{
    public static InterventionAnswer? ForApproved(TrainPlan plan, string? approvedBy) =>
        plan.ApprovalGroups.Count == 0 || approvedBy is null ? null
            : new InterventionAnswer(true, $"Approved by {approvedBy} for OctoOrchestrate train plan {plan.Id} ({plan.Kind} to {plan.To}).");

    /// <summary>
    /// A rejected plan never deploys; should a deployment of one of its releases to its destination be waiting for a manual intervention
    /// (started by an earlier run or by hand), it is aborted with notes naming who rejected it.
    /// </summary>
    public static async Task<int> AbortRejectedAsync(IReleaseServer server, TrainPlan plan, IReadOnlyList<PlanVote> votes, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (server is not IManualInterventions interventions) return 0;
        var rejection = votes.FirstOrDefault(v => !v.Approved);
        var answer = new InterventionAnswer(false, $"Rejected{(rejection is null ? "" : $" by {rejection.By} ({rejection.Group}){(rejection.Notes is null ? "" : ": " + rejection.Notes)}")} — OctoOrchestrate train plan {plan.Id} ({plan.Kind} to {plan.To}).");
        var aborted = 0;
        foreach (var component in plan.ToDeploy)
        {
            var waiting = (await server.ListDeploymentsAsync(component.Component, plan.To, cancellationToken).ConfigureAwait(false))
                .Where(d => d.ReleaseId == component.CandidateReleaseId && d.State is DeploymentState.Queued or DeploymentState.Executing);
            foreach (var deployment in waiting)
            {
                var count = await interventions.AnswerPendingAsync(deployment.Id, answer, cancellationToken).ConfigureAwait(false);
                if (count > 0) progress?.Report($"{component.Component} {component.Candidate} -> {plan.To}: manual intervention answered Abort ({answer.Notes})");
                aborted += count;
            }
        }

        return aborted;
    }
}
