using OctoOrchestrate.Deploy;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote;

/// <summary>
/// What governance puts around a train promotion (implemented by <see cref="Governance.TrainGovernance"/>): the plan's regression and
/// collision verdicts, who may run it, the guard of its deployments, and the audit record and notification of what became of it.
/// </summary>
public interface ITrainGuard
{
    /// <summary>The plan with each deploying component's commit, regression verdict and collisions filled in.</summary>
    Task<TrainPlan> AssessAsync(IReleaseServer server, TrainPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Before a new plan is stored and before a stored one runs: the acting user may deploy to its destination, and no component would
    /// undo commits unless that is intended. Refusals are audited and thrown (exit 2); nothing is stored or deployed then.
    /// </summary>
    Task CheckAsync(IReleaseServer server, TrainPlan plan, CancellationToken cancellationToken);

    /// <summary>The guard of the plan's deployments (teams, regression guard with the plan's intended regressions, audit records).</summary>
    IDeploymentGuard ForDeployments(TrainPlan plan);

    /// <summary>Audits and notifies what became of a plan: <paramref name="requested"/> = the run that stored it.</summary>
    Task RecordAsync(PromotionOutcome outcome, bool requested, CancellationToken cancellationToken);
}
