using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>A deployment being watched: its server task, what it deploys, its --timeout, and the answer its waiters get.</summary>
internal sealed class Tracked(string deploymentId, string taskId, ReleaseInfo release, string environment, TimeSpan? timeout)
{
    public string DeploymentId { get; } = deploymentId;
    public string TaskId { get; } = taskId;
    public ReleaseInfo Release { get; } = release;
    public string Environment { get; } = environment;
    public TimeSpan? Timeout { get; } = timeout;
    public TaskCompletionSource<DeploymentInfo> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When this process first saw the task executing (the timeout counts from the start, not from queueing).</summary>
    public DateTimeOffset? ExecutingSince { get; set; }

    public bool CanceledForTimeout { get; set; }
    public bool InterventionReported { get; set; }

    /// <summary>Octopus refused this run's answer to the deployment's manual intervention (401/403): said in the deployment's outcome, so it is audited.</summary>
    public string? InterventionRefused { get; set; }

    /// <summary>How this run answers the deployment's manual interventions; null: a person answers them in Octopus.</summary>
    public InterventionAnswer? Intervention { get; set; }
    public string? LastState { get; set; }

    public DeploymentInfo Queued() => new(DeploymentId, Release.Id, Release.Component, Release.Version, Environment, DeploymentState.Queued, null, DateTimeOffset.UtcNow, null, null);

    public DeploymentInfo Info(TaskResource task, string? reason) => new(
        DeploymentId, Release.Id, Release.Component, Release.Version, Environment,
        CanceledForTimeout && task.State is "Canceled" ? DeploymentState.TimedOut : State(task.State),
        Join(reason ?? (string.IsNullOrEmpty(task.ErrorMessage) ? null : task.ErrorMessage), InterventionRefused), task.QueueTime, task.StartTime, task.CompletedTime);

    static string? Join(string? reason, string? refused) => refused is null ? reason : reason is null ? refused : $"{reason}; {refused}";

    /// <summary>Octopus's TaskState names (2026 adds New, which is queued).</summary>
    public static DeploymentState State(string state) => Enum.TryParse<DeploymentState>(state, ignoreCase: true, out var parsed) ? parsed : DeploymentState.Queued;
}
