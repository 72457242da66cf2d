using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>Approvals are the deployments' manual-intervention interruptions; an approval id lists them (Interruptions-1,Interruptions-2).</summary>
public sealed partial class OctopusReleaseServer : IManualInterventions
{
    /// <summary>
    /// <c>interruptions?regarding=Deployments-N&amp;pendingOnly=true</c>, then per interruption take responsibility (PUT …/responsible) and
    /// submit Proceed or Abort with the notes, as the Deploy Child template's auto-approval does (reference §1.8).
    /// </summary>
    public async Task<int> AnswerPendingAsync(string deploymentId, InterventionAnswer answer, CancellationToken cancellationToken = default)
    {
        var space = (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id;
        var pending = await client.PendingInterruptionsAsync(space, deploymentId, cancellationToken).ConfigureAwait(false);
        foreach (var interruption in pending)
            await client.SubmitInterruptionAsync(space, interruption.Id, answer.Proceed, answer.Notes, cancellationToken).ConfigureAwait(false);
        return pending.Count;
    }

    /// <summary>
    /// The poll saw a watched deployment paused and the run knows its answer. A refusal (someone else took responsibility, the key's user is
    /// not in the step's responsible teams, already answered) is reported, not fatal: a person can still answer it, or --timeout cancels it.
    /// </summary>
    async Task AnswerWhilePollingAsync(string space, Tracked deployment, InterventionAnswer answer, CancellationToken cancellationToken)
    {
        var what = $"{deployment.Release.Component} {deployment.Release.Version} -> {deployment.Environment}";
        try
        {
            var answered = await AnswerPendingAsync(deployment.DeploymentId, answer, cancellationToken).ConfigureAwait(false);
            if (answered > 0) options.Progress?.Report($"{what}: manual intervention answered {(answer.Proceed ? "Proceed" : "Abort")} ({answer.Notes})");
        }
        catch (OctopusApiException ex) when (ex.Status is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized
                                                 or System.Net.HttpStatusCode.MethodNotAllowed)
        {
            if (ex.ExitCode == ExitCodes.BadInput) deployment.InterventionRefused ??= $"Octopus refused this run's answer ({(answer.Proceed ? "Proceed" : "Abort")}) to the manual intervention: {ex.Message}";
            if (deployment.InterventionReported) return;
            deployment.InterventionReported = true;
            options.Progress?.Report($"{what}: could not answer its manual intervention ({ex.ServerMessage}); answer it in Octopus");
        }
    }

    public async Task<Approval> RequestApprovalAsync(string title, IReadOnlyList<string> deploymentIds, CancellationToken cancellationToken = default)
    {
        var space = (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id;
        var pending = new List<InterruptionResource>();
        foreach (var id in deploymentIds) pending.AddRange(await client.PendingInterruptionsAsync(space, id, cancellationToken).ConfigureAwait(false));
        if (pending.Count == 0)
            throw new BadInputException($"None of {string.Join(", ", deploymentIds)} waits for a manual intervention in Octopus: add a Manual Intervention step to the project's process to gate it.");
        return ToApproval(title, deploymentIds, pending);
    }

    public async Task<Approval> SubmitApprovalAsync(string approvalId, bool approve, string by, string? notes = null, CancellationToken cancellationToken = default)
    {
        var space = (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id;
        var answered = new List<InterruptionResource>();
        foreach (var id in approvalId.Split(','))
            answered.Add(await client.SubmitInterruptionAsync(space, id, approve, $"{(approve ? "Approved" : "Rejected")} by {by}{(notes is null ? "" : ": " + notes)}", cancellationToken).ConfigureAwait(false));
        return ToApproval(answered[0].Title, answered.SelectMany(i => i.RelatedDocumentIds.Where(d => d.StartsWith("Deployments-", StringComparison.Ordinal))).ToList(), answered, by, notes);
    }

    public async Task<Approval> GetApprovalAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        var space = (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id;
        var interruptions = new List<InterruptionResource>();
        foreach (var id in approvalId.Split(',')) interruptions.Add(await client.InterruptionAsync(space, id, cancellationToken).ConfigureAwait(false));
        return ToApproval(interruptions[0].Title, interruptions.SelectMany(i => i.RelatedDocumentIds.Where(d => d.StartsWith("Deployments-", StringComparison.Ordinal))).ToList(), interruptions);
    }

    static Approval ToApproval(string title, IReadOnlyList<string> deploymentIds, List<InterruptionResource> interruptions, string? by = null, string? notes = null)
    {
        var results = interruptions.Select(i => i.Form?.Values?.GetValueOrDefault("Result")).ToList();
        var state = interruptions.Any(i => i.IsPending) ? ApprovalState.Pending
            : results.All(r => r == "Proceed") ? ApprovalState.Approved : ApprovalState.Rejected;
        return new Approval(string.Join(',', interruptions.Select(i => i.Id)), title, deploymentIds, state, interruptions.Min(i => i.Created), by,
            notes ?? interruptions.Select(i => i.Form?.Values?.GetValueOrDefault("Notes")).FirstOrDefault(n => n is not null), state == ApprovalState.Pending ? null : DateTimeOffset.UtcNow);
    }
}
