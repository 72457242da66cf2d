namespace OctoOrchestrate.Octopus;

/// <summary>
/// Timing of the Octopus backend. Defaults suit a real server (polls every 2 s backing off to 10 s, a few hundred requests a minute at most);
/// tests shorten them.
/// </summary>
public sealed record OctopusOptions
{
    /// <summary>First interval of the batched task poll; it grows by half each poll without news, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one call after a 5xx, 408, 429, timeout or dropped connection (then the run fails with exit 5 naming the call).</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; doubles per retry (with jitter). A 429's Retry-After replaces it.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is not waited for: the call fails instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bounds one HTTP request (a slow answer counts as a transient failure).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>How many lines of a failed task's raw log go into the failure reason.</summary>
    public int FailureLogLines { get; init; } = 15;

    /// <summary>Receives a line when a deployment waits for a manual intervention, and similar news.</summary>
    public IProgress<string>? Progress { get; init; }
}
