using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

public sealed partial class OctopusReleaseServer
{
    readonly object pollGate = new();
    readonly CancellationTokenSource stopPolling = new();
    Task? polling;

    void StartPolling()
    {
        lock (pollGate) polling ??= Task.Run(PollAsync);
    }

    /// <summary>
    /// One loop for every awaited deployment: a single <c>tasks?ids=…</c> request per round, the interval growing by half while nothing
    /// changes (up to MaxPollInterval) and back to PollInterval on news. Cancels (tasks/{id}/cancel) what ran past its --timeout and, on
    /// failure, reads the task's raw log into the reason. Ends when nobody waits any more.
    /// </summary>
    async Task PollAsync()
    {
        var interval = options.PollInterval;
        while (true)
        {
            List<Tracked> waiting;
            lock (pollGate)
            {
                waiting = tracked.Values.Where(t => !t.Done.Task.IsCompleted).ToList();
                if (waiting.Count == 0 || stopPolling.IsCancellationRequested)
                {
                    polling = null;
                    return;
                }
            }

            try
            {
                await Task.Delay(interval, stopPolling.Token).ConfigureAwait(false);
                var changed = await PollOnceAsync(waiting, stopPolling.Token).ConfigureAwait(false);
                interval = changed ? options.PollInterval : TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, (long)(interval.Ticks * 1.5)));
            }
            catch (OperationCanceledException) when (stopPolling.IsCancellationRequested)
            {
                foreach (var t in waiting) t.Done.TrySetCanceled();
            }
            catch (OctoOrchestrateException ex)
            {
                foreach (var t in waiting) t.Done.TrySetException(ex); // the poll failed past its retries: every waiter learns why
            }
        }
    }

    async Task<bool> PollOnceAsync(List<Tracked> waiting, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var tasks = (await client.TasksAsync(server.Space.Id, waiting.Select(t => t.TaskId).ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Id);
        var changed = false;
        foreach (var deployment in waiting)
        {
            if (!tasks.TryGetValue(deployment.TaskId, out var task))
            {
                deployment.Done.TrySetException(new OctoOrchestrateException($"Octopus does not know task {deployment.TaskId} of deployment {deployment.DeploymentId} any more.", ExitCodes.ReleaseServerFailed));
                continue;
            }

            changed |= deployment.LastState != task.State;
            deployment.LastState = task.State;
            if (task.State == "Executing") deployment.ExecutingSince ??= DateTimeOffset.UtcNow;
            if (task.HasPendingInterruptions && deployment.Intervention is { } answer)
                await AnswerWhilePollingAsync(server.Space.Id, deployment, answer, cancellationToken).ConfigureAwait(false);
            else if (task.HasPendingInterruptions && !deployment.InterventionReported)
            {
                deployment.InterventionReported = true;
                options.Progress?.Report($"{deployment.Release.Component} {deployment.Release.Version} -> {deployment.Environment}: waiting for a manual intervention in Octopus ({task.Id})");
            }

            if (!task.IsCompleted && deployment.Timeout is { } limit && deployment.ExecutingSince is { } since && DateTimeOffset.UtcNow - since > limit && !deployment.CanceledForTimeout)
            {
                deployment.CanceledForTimeout = true;
                await client.CancelTaskAsync(server.Space.Id, task.Id, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (task.IsCompleted)
            {
                InvalidateDashboard();
                deployment.Done.TrySetResult(await CompletedInfoAsync(deployment, task, cancellationToken).ConfigureAwait(false));
            }
        }

        return changed;
    }

    /// <summary>A finished task as the port reports it: a failure carries the last lines of the task's raw log.</summary>
    async Task<DeploymentInfo> CompletedInfoAsync(Tracked deployment, TaskResource task, CancellationToken cancellationToken)
    {
        if (deployment.CanceledForTimeout && task.State == "Canceled")
            return deployment.Info(task, $"ran longer than the timeout ({deployment.Timeout}); canceled on the Octopus server (task {task.Id})");
        if (task.State is not ("Failed" or "TimedOut")) return deployment.Info(task, null);
        var log = await client.TaskLogAsync((await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id, task.Id, cancellationToken).ConfigureAwait(false);
        var tail = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(options.FailureLogLines);
        return deployment.Info(task, $"Octopus task {task.Id} {task.State}: {task.ErrorMessage}\n  last lines of its log:\n    {string.Join("\n    ", tail)}");
    }

    async Task StopPollingAsync()
    {
        await stopPolling.CancelAsync().ConfigureAwait(false);
        Task? running;
        lock (pollGate) running = polling;
        if (running is not null) await running.ConfigureAwait(false);
        stopPolling.Dispose();
    }
}
