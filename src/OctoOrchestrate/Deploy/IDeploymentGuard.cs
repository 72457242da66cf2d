using OctoOrchestrate.Release;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// Governance around the stages (Governance/DeploymentGovernance): <see cref="CheckAsync"/> runs before anything of a deploy or promote
/// stage is deployed and refuses by throwing (exit 2, nothing deployed); <see cref="RecordAsync"/> writes each stage's outcomes to
/// the audit log; <see cref="RecordRefusalAsync"/> audits the release server refusing the deployment itself (Octopus's own permissions).
/// </summary>
public interface IDeploymentGuard
{
    Task CheckAsync(IReleaseServer server, IReadOnlyList<ReleaseInfo> releases, string environment, CancellationToken cancellationToken);

    Task RecordAsync(StageResult stage, IReadOnlyList<ReleaseInfo> releases, CancellationToken cancellationToken);

    /// <summary>
    /// The release server refused the run's credentials while deploying <paramref name="releases"/> (an Octopus 401/403): one refusal record
    /// per release, with the server's words. The stage then ends with that refusal (exit 2).
    /// </summary>
    Task RecordRefusalAsync(IReadOnlyList<ReleaseInfo> releases, string environment, string reason, CancellationToken cancellationToken);
}
