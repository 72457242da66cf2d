namespace OctoOrchestrate.Promote.Run;

/// <summary>
/// <see cref="Timeout"/>: per deployment and per test (<c>--wait-timeout</c>), a deployment that runs longer is canceled.
/// <see cref="FailFast"/>: after the first failure nothing new starts (what runs finishes). <see cref="Wait"/>: poll a stored plan until it is
/// approved (or rejected) and its <c>--at</c> time has come, instead of returning; <see cref="WaitLimit"/> bounds that wait.
/// </summary>
public sealed record TrainRunOptions(TimeSpan? Timeout = null, bool FailFast = false, bool Wait = false, TimeSpan? WaitLimit = null)
{
    public IProgress<string>? Progress { get; init; }

    /// <summary>Governance around the train (teams, regression guard, audit, notifications); null = none (a backend whose server rules).</summary>
    public ITrainGuard? Guard { get; init; }

    /// <summary>How often a waiting run looks at the votes again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
