using System.Globalization;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>Prints a train plan (table and notes), its approvals and its run; or all of it as one JSON object with <c>planId</c>.</summary>
internal static class TrainOutput
{
    public static async Task<int> WriteAsync(TextWriter output, bool json, PromotionOutcome outcome, string notes, bool whatIf, bool showNotes, OctopusRequestsDocument? requests = null)
    {
        var exitCode = whatIf ? ExitCodes.Success : outcome.Status switch
        {
            PromotionStatus.Ran => outcome.Result!.Succeeded ? ExitCodes.Success : ExitCodes.Failed,
            PromotionStatus.Rejected => ExitCodes.Failed,
            _ => ExitCodes.Waiting,
        };
        if (json)
        {
            await output.WriteLineAsync(CliJson.Serialize(new PromotionDocument(
                outcome.Plan.Id,
                whatIf ? "WhatIf" : outcome.Status.ToString(),
                exitCode == ExitCodes.Success,
                outcome.Plan,
                outcome.Votes,
                outcome.Waiting,
                notes,
                outcome.Result,
                outcome.Snapshot,
                requests))).ConfigureAwait(false);
            return exitCode;
        }

        await WritePlanAsync(output, outcome.Plan).ConfigureAwait(false);
        foreach (var vote in outcome.Votes) await output.WriteLineAsync($"  {PlanApprovals.Describe(vote)}").ConfigureAwait(false);
        if (showNotes) await output.WriteLineAsync("\n" + notes).ConfigureAwait(false);
        var plan = outcome.Plan;
        var message = whatIf ? $"What if: nothing was deployed. Run it with 'octo-orchestrate promote --to {plan.To}' and the same options."
            : outcome.Status switch
            {
                PromotionStatus.AwaitingApproval => $"Plan {plan.Id} is waiting for approval by {string.Join(", ", outcome.Waiting)}; nothing was deployed (exit 6).\n" +
                    $"Approve: octo-orchestrate approve {plan.Id} --as NAME --group GROUP   then: octo-orchestrate promote --resume {plan.Id}",
                PromotionStatus.Scheduled => $"Plan {plan.Id} is scheduled for {plan.NotBefore:u}; nothing was deployed (exit 6). After that time run: octo-orchestrate promote --resume {plan.Id} (or pass --wait).",
                PromotionStatus.Rejected => $"Plan {plan.Id} was rejected; nothing was deployed, and it never will be.",
                _ => null,
            };
        if (message is not null) await output.WriteLineAsync(message).ConfigureAwait(false);
        if (outcome.Result is { } result)
        {
            await StageOutput.WriteAsync(output, false, result).ConfigureAwait(false);
            await output.WriteLineAsync($"Snapshot {outcome.Snapshot!.Id}: {outcome.Snapshot.Outcome}.{(result.Succeeded ? "" : $" Fix and resume: octo-orchestrate promote --resume {plan.Id}")}").ConfigureAwait(false);
        }

        return exitCode;
    }

    public static async Task WritePlanAsync(TextWriter output, TrainPlan plan)
    {
        await output.WriteLineAsync($"Plan {plan.Id}: {plan.Kind} {(plan.From is null || plan.Kind == "rollback" ? "" : plan.From + " -> ")}{plan.To}, requested by {plan.RequestedBy}" +
            (plan.RollbackTo is null ? "" : $", back to snapshot {plan.RollbackTo}") +
            (plan.ApprovalGroups.Count == 0 ? "" : $", approvals: {string.Join(", ", plan.ApprovalGroups)}") +
            (plan.NotBefore is { } at ? $", at {at:u}" : "")).ConfigureAwait(false);
        // The Tenant column only when the plan has a tenant's row: an untenanted train's table stays as it was.
        var tenanted = plan.Components.Any(c => c.Tenant is not null);
        string[] Cells(params string[] cells) => tenanted ? cells : [.. cells[..2], .. cells[3..]];
        var table = Tables.Create(Cells("Wave", "Component", "Tenant", $"In {plan.To}", "Candidate", "Action", "Why"));
        foreach (var c in plan.Components)
            table.AddPlainRow(Cells(c.Wave == 0 ? "-" : c.Wave.ToString(CultureInfo.InvariantCulture), c.Component, c.Tenant ?? "-", c.Current ?? "-", c.Candidate ?? "-", c.ActionText, c.Reason));
        Tables.Write(output, table);
        await WriteGuardsAsync(output, plan).ConfigureAwait(false);
    }

    /// <summary>The regression guard's verdict and the collisions, per component (filled in where governance applies).</summary>
    static async Task WriteGuardsAsync(TextWriter output, TrainPlan plan)
    {
        foreach (var c in plan.Components)
        {
            if (c.Regression is { } regression)
                await output.WriteLineAsync(Terminal.Safe(c.RegressionAllowedBy is { } by ? $"regression, allowed ({by}): {regression}"
                    : $"regression, refused: {regression} (merge the missing commits forward, or pass --allow-regression)")).ConfigureAwait(false);
            foreach (var collision in c.Collisions ?? []) await output.WriteLineAsync(Terminal.Safe(collision)).ConfigureAwait(false);
        }
    }

    public static async Task<int> WriteHistoryAsync(TextWriter output, bool json, string environment, IReadOnlyList<TrainSnapshot> snapshots)
    {
        if (json)
        {
            await output.WriteLineAsync(CliJson.Serialize(new HistoryDocument(environment, snapshots))).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = Tables.Create("Snapshot", "When", "Outcome", "Kind", "Plan", "Asked by", "Approved by", "Versions");
        foreach (var s in snapshots)
            table.AddPlainRow([s.Id], [s.At.ToString("u", CultureInfo.InvariantCulture)], [s.Outcome], [s.Kind], [s.PlanId], [s.RequestedBy], [s.ApprovedBy ?? "-"],
                s.Versions.Select(v => $"{v.Key} {v.Value ?? "-"}")
                    .Concat((s.TenantVersions ?? new Dictionary<string, IReadOnlyDictionary<string, string?>>())
                        .SelectMany(t => t.Value.Select(v => $"{v.Key} ({t.Key}) {v.Value ?? "-"}"))));
        Tables.Write(output, table);
        return ExitCodes.Success;
    }
}
