namespace OctoOrchestrate.Release;

/// <summary>
/// What the orchestrator needs from a release server. It maps 1:1 onto the Octopus REST API (lifecycles, channels, releases,
/// deployments = server tasks, dashboard, interruptions) so an HTTP backend can implement it next to the embedded local one.
/// The stages in Deploy/, Verify/ and Promote/ only talk to this interface.
/// </summary>
public interface IReleaseServer : IAsyncDisposable
{
    /// <summary>The ordered phases a release goes through (Octopus: the project's lifecycle).</summary>
    Task<Lifecycle> GetLifecycleAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a release, or returns the existing one when the same component, version and package are created again.</summary>
    /// <exception cref="BadInputException">The version exists with a different package, or it breaks its channel's version rule.</exception>
    Task<ReleaseInfo> CreateReleaseAsync(NewRelease release, CancellationToken cancellationToken = default);

    /// <summary>A component's releases, newest first.</summary>
    Task<IReadOnlyList<ReleaseInfo>> ListReleasesAsync(string component, CancellationToken cancellationToken = default);

    /// <summary>The newest release whose version equals <paramref name="versionPattern"/> or matches it as a wildcard (<c>2026.4.0.*</c>).</summary>
    Task<ReleaseInfo?> FindReleaseAsync(string component, string versionPattern, string? channel = null, CancellationToken cancellationToken = default);

    /// <summary>Queues a deployment (Octopus: POST deployments, which creates a server task). Refuses one the lifecycle does not allow yet.</summary>
    Task<DeploymentInfo> StartDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken = default);

    Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the deployment is completed (Success, Failed, Canceled or TimedOut) and returns it.</summary>
    Task<DeploymentInfo> WaitForDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default);

    /// <summary>The deployment's full log (Octopus: GET tasks/{id}/raw).</summary>
    Task<string> GetDeploymentLogAsync(string deploymentId, CancellationToken cancellationToken = default);

    Task<DeploymentInfo> CancelDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default);

    /// <summary>The last successful deployment of the component in the environment (Octopus: Release.CurrentForEnvironment), or null.</summary>
    Task<DeploymentInfo?> GetCurrentDeploymentAsync(string component, string environment, CancellationToken cancellationToken = default);

    /// <summary>The component's deployments to the environment in any state, newest first (Octopus: GET deployments?projects=&amp;environments=).</summary>
    Task<IReadOnlyList<DeploymentInfo>> ListDeploymentsAsync(string component, string environment, CancellationToken cancellationToken = default);

    /// <summary>Per component and environment: the current (last successful) and the latest untenanted deployment in any state (Octopus: the dashboard with includePrevious).</summary>
    Task<IReadOnlyList<DashboardEntry>> GetDashboardAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The current deployment for a tenant (Octopus: the dashboard's tenanted item); <paramref name="tenant"/> null = untenanted,
    /// as <see cref="GetCurrentDeploymentAsync(string, string, CancellationToken)"/>. A server without tenants has no tenanted deployment.
    /// </summary>
    Task<DeploymentInfo?> GetCurrentDeploymentForTenantAsync(string component, string environment, string? tenant, CancellationToken cancellationToken = default) =>
        tenant is null ? GetCurrentDeploymentAsync(component, environment, cancellationToken) : Task.FromResult<DeploymentInfo?>(null);

    /// <summary>Like <see cref="GetDashboardAsync"/>, for tenanted deployments: one entry per component, environment and tenant (<see cref="DashboardEntry.Tenant"/> set).</summary>
    Task<IReadOnlyList<DashboardEntry>> GetTenantDashboardAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DashboardEntry>>([]);

    /// <summary>Asks for one approval covering a set of deployments (Octopus: their manual-intervention interruptions).</summary>
    Task<Approval> RequestApprovalAsync(string title, IReadOnlyList<string> deploymentIds, CancellationToken cancellationToken = default);

    Task<Approval> SubmitApprovalAsync(string approvalId, bool approve, string by, string? notes = null, CancellationToken cancellationToken = default);

    Task<Approval> GetApprovalAsync(string approvalId, CancellationToken cancellationToken = default);

    /// <summary>Variables a component's test command gets besides the common OO_* set (Octopus: OO_SERVER, OO_PROJECT, OO_SPACE).</summary>
    IReadOnlyDictionary<string, string> TestVariables(string component) => new Dictionary<string, string>();
}
