using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    /// <summary>One deployment, start to end: wait for the lease, extract the package, run the deploy command, record the outcome.</summary>
    async Task RunAsync(long id, ReleaseInfo release, string environment, string? tenant, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var installDirectory = State.InstallDirectory(environment, release.Component, release.Version, tenant);
        var logPath = State.DeploymentLog(environment, release.Component, release.Version, id, tenant);
        DeploymentState? stop;
        try
        {
            stop = await AcquireLeaseAsync(id, release.Component, environment, installDirectory, logPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Complete(id, release.Component, environment, tenant, release.Version, DeploymentState.Failed, $"could not take the deployment lease: {ex.Message}");
            return;
        }

        if (stop is not null)
        {
            if (stop == DeploymentState.Canceled) Complete(id, release.Component, environment, tenant, release.Version, DeploymentState.Canceled, "canceled while queued");
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        using var timeoutSource = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var watcher = WatchForRemoteCancel(id, linked);
        var (state, reason) = (DeploymentState.Failed, (string?)null);
        try
        {
            await Log(log, $"Deploying {release.Component} {release.Version} ({release.Id}) to {environment}{(tenant is null ? "" : $" for tenant {tenant}")}, deployment Deployments-{id}").ConfigureAwait(false);
            VerifiedPackage.Extract(release, installDirectory);
            await Log(log, $"Extracted {release.PackagePath} to {installDirectory}").ConfigureAwait(false);
            if (timeout is { } limit) timeoutSource.CancelAfter(limit);
            (state, reason) = await RunDeployCommandAsync(id, release, environment, tenant, installDirectory, log, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            (state, reason) = (DeploymentState.TimedOut, $"the deploy command ran longer than the timeout ({timeout})");
        }
        catch (OperationCanceledException)
        {
            (state, reason) = (DeploymentState.Canceled, "canceled while the deploy command ran");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or OctoOrchestrateException)
        {
            (state, reason) = (DeploymentState.Failed, ex.Message);
        }
        finally
        {
            await Log(log, $"{state}{(reason is null ? "" : ": " + reason)}").ConfigureAwait(false);
            await log.DisposeAsync().ConfigureAwait(false);
            await watcher.DisposeAsync().ConfigureAwait(false);
        }

        DeploymentOutcomeFile.Write(logPath, state, reason);
        try
        {
            Complete(id, release.Component, environment, tenant, release.Version, state, reason);
        }
        catch (OctoOrchestrateException ex)
        {
            throw new OctoOrchestrateException(
                $"{ex.Message} The deployment itself ended {state}; that is kept in {DeploymentOutcomeFile.PathFor(logPath)}, and the next run records it in the ledger.",
                ex.ExitCode, ex);
        }
    }

    async Task<(DeploymentState, string?)> RunDeployCommandAsync(long id, ReleaseInfo release, string environment, string? tenant, string installDirectory, StreamWriter log, CancellationToken cancellationToken)
    {
        var command = Manifest.Component(release.Component).Deploy;
        if (command is null)
        {
            await Log(log, "No deploy command: the extracted package is the deployment.").ConfigureAwait(false);
            return (DeploymentState.Success, null);
        }

        var variables = ComponentShell.DeployVariables(release.Component, release.Version, environment, release.PackagePath, installDirectory,
            State.EnvironmentDirectory(environment), Manifest.Directory, release.GitCommit);
        if (tenant is not null) variables["OO_TENANT"] = tenant;
        await Log(log, $"> {command}").ConfigureAwait(false);
        var result = await ComponentShell.RunAsync(command, Manifest.Directory, variables, line => { lock (log) log.WriteLine(line); }, cancellationToken,
            group => RecordCommandGroup(id, group)).ConfigureAwait(false);
        return result.ExitCode == 0 ? (DeploymentState.Success, null)
            : (DeploymentState.Failed, $"the deploy command {result.ExitDescription}; see the log");
    }

    /// <summary>
    /// Another process asks to cancel by setting the state to Cancelling; this polls for it while the command runs, and keeps the
    /// deployment's heartbeat fresh (how an owner in another PID namespace shows it is alive).
    /// </summary>
    AsyncDisposableTask WatchForRemoteCancel(long id, CancellationTokenSource target)
    {
        var stop = new CancellationTokenSource();
        var task = Task.Run(async () =>
        {
            var beat = System.Diagnostics.Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(PollInterval * 2, stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                DeploymentState state;
                try { state = ReadDeployment(id).State; }
                catch (OctoOrchestrateException) { continue; } // a ledger hiccup must not end a running deployment; the next poll retries
                if (state == DeploymentState.Cancelling) { await target.CancelAsync().ConfigureAwait(false); return; }
                if (beat.Elapsed < HeartbeatInterval) continue;
                try { Heartbeat(id); }
                catch (OctoOrchestrateException) { continue; } // a busy ledger: try again on the next round
                beat.Restart();
            }
        }, CancellationToken.None);
        return new AsyncDisposableTask(task, stop);
    }

    static Task Log(StreamWriter log, string line)
    {
        lock (log) log.WriteLine(SecretMasker.Mask($"[{DateTimeOffset.UtcNow:HH:mm:ss.fff}] {line}"));
        return Task.CompletedTask;
    }

    sealed class AsyncDisposableTask(Task task, CancellationTokenSource stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await task.ConfigureAwait(false);
            stop.Dispose();
        }
    }
}
