namespace OctoOrchestrate.Deploy;

/// <summary>
/// <see cref="Redeploy"/>: deploy even when the release is already current there. <see cref="IgnoreLifecycle"/>: deploy even when the
/// previous phase has no successful deployment of it. <see cref="Timeout"/>: per deployment, from its start.
/// </summary>
public sealed record DeployOptions(bool Redeploy = false, bool IgnoreLifecycle = false, TimeSpan? Timeout = null)
{
    public static DeployOptions Default { get; } = new();

    /// <summary>Receives a line as each deployment starts and ends.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Who may deploy, the regression guard and the audit trail (null: none of them, as a library call without governance).</summary>
    public IDeploymentGuard? Guard { get; init; }

    /// <summary>How the deployments' manual interventions on the release server are answered (a train plan's approval); null: by a person.</summary>
    public Release.InterventionAnswer? Intervention { get; init; }

    /// <summary>The tenant every deployment of the run is for (null = untenanted); set per run by <see cref="TenantDeployStage"/>.</summary>
    public string? Tenant { get; init; }

    public static DeployOptions Forced(TimeSpan? timeout = null) => new(true, true, timeout);
}
