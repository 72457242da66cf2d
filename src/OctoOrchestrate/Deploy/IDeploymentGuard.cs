using OctoOrchestrate.Release;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// Governance around the stages (Governance/DeploymentGovernance): <see cref="CheckAsync"/> runs before anything of a deploy or promote
/// stage is deployed and refuses by throwing (exit 2, nothing deployed); <see cref="RecordAsync"/> writes each stage's outcomes to
/// the audit log.
/// </summary>
public interface IDeploymentGuard
{
    Task CheckAsync(IReleaseServer server, IReadOnlyList<ReleaseInfo> releases, string environment, CancellationToken cancellationToken);

    Task RecordAsync(StageResult stage, IReadOnlyList<ReleaseInfo> releases, CancellationToken cancellationToken);
}
