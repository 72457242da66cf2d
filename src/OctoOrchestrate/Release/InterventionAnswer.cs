namespace OctoOrchestrate.Release;

/// <summary>
/// How a deployment that pauses for a manual intervention on the release server (an Octopus Manual Intervention step) is answered by
/// the run that started it: <see cref="Proceed"/> or abort, with <see cref="Notes"/> saying who decided and why (e.g. the approvers of a
/// train plan and its id). Null on a request: nobody answers for the run; a person does, in the server's UI, or the timeout cancels it.
/// </summary>
public sealed record InterventionAnswer(bool Proceed, string Notes);

/// <summary>A release server whose deployments can pause for a manual intervention (Octopus); the embedded server has none.</summary>
public interface IManualInterventions
{
    /// <summary>Answers every pending manual intervention of the deployment (take responsibility, then submit); returns how many.</summary>
    Task<int> AnswerPendingAsync(string deploymentId, InterventionAnswer answer, CancellationToken cancellationToken = default);
}
