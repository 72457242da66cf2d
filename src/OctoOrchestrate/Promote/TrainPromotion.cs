using System.Text.Json.Serialization;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Run;
using OctoOrchestrate.Promote.Snapshot;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote;

[JsonConverter(typeof(JsonStringEnumConverter<PromotionStatus>))]
public enum PromotionStatus
{
    /// <summary>The plan ran (the result says how it went).</summary>
    Ran,

    /// <summary>Stored; waits for the votes of <see cref="PromotionOutcome.Waiting"/>.</summary>
    AwaitingApproval,

    /// <summary>Stored; its <c>--at</c> time has not come yet.</summary>
    Scheduled,

    /// <summary>A group rejected it: nothing is deployed, ever.</summary>
    Rejected,
}

public sealed record PromotionOutcome(
    TrainPlan Plan,
    PromotionStatus Status,
    IReadOnlyList<PlanVote> Votes,
    IReadOnlyList<string> Waiting,
    StageResult? Result = null,
    TrainSnapshot? Snapshot = null);

/// <summary>
/// A train promotion from a stored plan to its end: the plan is stored before anything runs (so <c>promote --resume ID</c> finds it after
/// a kill), then it waits for its approvals and its <c>--at</c> time (or returns saying so), then <see cref="TrainRunner"/> runs it.
/// Pipeline: Plan/ (candidates, <see cref="WhenRule"/>, notes) → Approve/ → Run/ → Snapshot/ (history, rollback).
/// </summary>
public static class TrainPromotion
{
    public static async Task<PromotionOutcome> StartAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, TrainPlan plan, TrainRunOptions options, CancellationToken cancellationToken = default)
    {
        // Refused (who may deploy, a regression) before anything is stored: a refused request leaves no plan behind.
        if (options.Guard is { } guard) await guard.CheckAsync(server, plan, cancellationToken).ConfigureAwait(false);
        await store.SavePlanAsync(plan, cancellationToken).ConfigureAwait(false);
        var outcome = await ProceedAsync(server, store, manifest, plan, options, cancellationToken).ConfigureAwait(false);
        if (options.Guard is { } recorder) await recorder.RecordAsync(outcome, requested: true, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    public static async Task<PromotionOutcome> ResumeAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, string planId, TrainRunOptions options, CancellationToken cancellationToken = default)
    {
        var plan = await store.GetPlanAsync(planId, cancellationToken).ConfigureAwait(false);
        var outcome = await ProceedAsync(server, store, manifest, plan, options, cancellationToken).ConfigureAwait(false);
        if (options.Guard is { } recorder) await recorder.RecordAsync(outcome, requested: false, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    static async Task<PromotionOutcome> ProceedAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, TrainPlan plan, TrainRunOptions options, CancellationToken cancellationToken)
    {
        var waitUntil = options.WaitLimit is { } limit ? DateTimeOffset.UtcNow + limit : DateTimeOffset.MaxValue;
        while (true)
        {
            var votes = await store.GetVotesAsync(plan.Id, cancellationToken).ConfigureAwait(false);
            var (decision, waiting) = PlanApprovals.Evaluate(plan, votes);
            if (decision == PlanDecision.Rejected)
            {
                await PlanInterventions.AbortRejectedAsync(server, plan, votes, options.Progress, cancellationToken).ConfigureAwait(false);
                return new PromotionOutcome(plan, PromotionStatus.Rejected, votes, []);
            }

            var status = decision == PlanDecision.Pending ? PromotionStatus.AwaitingApproval
                : plan.NotBefore is { } at && at > DateTimeOffset.UtcNow ? PromotionStatus.Scheduled
                : PromotionStatus.Ran;
            if (status == PromotionStatus.Ran)
            {
                // Checked again when it runs: who resumes it may deploy there, and what is current may have moved since it was planned.
                if (options.Guard is { } guard) await guard.CheckAsync(server, plan, cancellationToken).ConfigureAwait(false);
                var (result, snapshot) = await TrainRunner.RunAsync(server, store, manifest, plan, PlanApprovals.Approvers(votes), options, cancellationToken).ConfigureAwait(false);
                return new PromotionOutcome(plan, PromotionStatus.Ran, votes, [], result, snapshot);
            }

            if (!options.Wait || DateTimeOffset.UtcNow >= waitUntil) return new PromotionOutcome(plan, status, votes, waiting);
            var pause = status == PromotionStatus.Scheduled ? Min(plan.NotBefore!.Value - DateTimeOffset.UtcNow, options.PollInterval) : options.PollInterval;
            await Task.Delay(Min(pause, waitUntil - DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : (b < TimeSpan.Zero ? TimeSpan.Zero : b);
}
