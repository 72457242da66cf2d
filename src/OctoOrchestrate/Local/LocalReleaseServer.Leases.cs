using Microsoft.Data.Sqlite;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    /// <summary>
    /// How long an owner on another machine or in another PID namespace may go without a heartbeat before its deployment counts as
    /// abandoned: its pid cannot be looked up here, so until then it is treated as alive.
    /// </summary>
    internal static TimeSpan ForeignOwnerExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running deployment's owner refreshes its heartbeat.</summary>
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Marks every unfinished deployment whose owning process is gone as Failed, and frees its lease, so a rerun can deploy again.
    /// When that process had already recorded how its deployment ended (DeploymentOutcomeFile), that outcome is what is recorded:
    /// a deployment that finished is never turned into a failure because the ledger could not be updated in time.
    /// Otherwise a deploy command that outlived its owner (kill -9 of the orchestrator) is ended first, its whole process group
    /// (SIGTERM, then SIGKILL): nobody is left to record its outcome, and it must not run beside the redeployment.
    /// Runs on open, while waiting for a lease, and while waiting for another process's deployment.
    /// </summary>
    void RecoverAbandoned(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var deployment in Unfinished(connection, transaction))
        {
            if (AbandonedBecause(deployment.Owner, deployment.Heartbeat) is not { } reason) continue;
            if (DeploymentOutcomeFile.Read(deployment.LogPath) is { } recorded)
            {
                CompleteIn(connection, transaction, deployment.Id, deployment.Component, deployment.Environment, deployment.Tenant, deployment.Version, recorded.State,
                    recorded.Reason ?? (recorded.State == DeploymentState.Success
                        ? $"recorded from {Path.GetFileName(deployment.LogPath)}.outcome after its process (pid {deployment.Owner.Pid}) ended" : null));
                continue;
            }

            if (deployment.Owner.IsLocal && deployment.Group is { } group && ProcessGroups.IsRunning(group, deployment.GroupStarted))
            {
                ProcessGroups.Terminate(group);
                reason += $"; its deploy command (process group {group}) was still running and was ended";
            }
            else if (!deployment.Owner.IsLocal && deployment.Group is not null)
            {
                reason += $"; its deploy command (process group {deployment.Group} there) cannot be checked from here";
            }

            connection.Execute(transaction,
                "UPDATE deployments SET state = 'Failed', reason = $reason, completed_at = $t WHERE id = $id",
                ("$reason", reason + "; rerun to deploy again"), ("$t", SqliteExtensions.Now()), ("$id", deployment.Id));
        }

        // A lease belongs to one unfinished deployment; once that ended (or was recovered above), the lease is free.
        connection.Execute(transaction,
            "DELETE FROM leases WHERE deployment_id NOT IN (SELECT id FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling'))");
    }

    /// <summary>Whether <see cref="RecoverAbandoned"/> has anything to do: checked with a read, so opening needs no write lock when nothing was abandoned.</summary>
    bool HasAbandoned(SqliteConnection connection) =>
        Unfinished(connection, null).Any(d => AbandonedBecause(d.Owner, d.Heartbeat) is not null)
        || (long)connection.Scalar(null,
            "SELECT count(*) FROM leases WHERE deployment_id NOT IN (SELECT id FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling'))")! > 0;

    static IReadOnlyList<UnfinishedDeployment> Unfinished(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Query(transaction,
            "SELECT id, component, version, environment, log_path, owner_pid, owner_started, owner_host, coalesce(heartbeat_at, queued_at), command_group, command_started, tenant " +
            "FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling')",
            r => new UnfinishedDeployment(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableString("log_path"),
                new ProcessOwner(r.GetInt32(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)),
                DateTimeOffset.Parse(r.GetString(8), System.Globalization.CultureInfo.InvariantCulture),
                r.IsDBNull(9) ? null : r.GetInt32(9), r.IsDBNull(10) ? "" : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11)));

    sealed record UnfinishedDeployment(long Id, string Component, string Version, string Environment, string? LogPath, ProcessOwner Owner,
        DateTimeOffset Heartbeat, int? Group, string GroupStarted, string? Tenant);

    static string? AbandonedBecause(ProcessOwner owner, DateTimeOffset heartbeat)
    {
        if (owner.IsLocal) return owner.IsAlive() ? null : $"the process that ran it (pid {owner.Pid}) is gone";
        var silent = DateTimeOffset.UtcNow - heartbeat;
        return silent < ForeignOwnerExpiry ? null
            : $"the process that ran it (pid {owner.Pid} on another machine or PID namespace, {owner.Host}) stopped reporting {silent.TotalSeconds:0}s ago";
    }

    void Heartbeat(long id) =>
        ledger.Write((c, t) => c.Execute(t, "UPDATE deployments SET heartbeat_at = $t WHERE id = $id", ("$t", SqliteExtensions.Now()), ("$id", id)));

    void RecordCommandGroup(long id, CommandGroup group) =>
        ledger.Write((c, t) => c.Execute(t, "UPDATE deployments SET command_group = $g, command_started = $s WHERE id = $id",
            ("$g", group.Id), ("$s", group.Started), ("$id", id)));

    /// <summary>
    /// Waits (state Queued) until this deployment holds the one lease of its component and environment, then marks it Executing.
    /// Returns the state the deployment must end in instead when it was cancelled while it waited.
    /// </summary>
    async Task<DeploymentState?> AcquireLeaseAsync(long id, string component, string environment, string installDirectory, string logPath, CancellationToken cancellationToken)
    {
        var owner = ProcessOwner.Current;
        while (true)
        {
            var outcome = ledger.Write<(bool Acquired, DeploymentState? Stop)>((connection, transaction) =>
            {
                RecoverAbandoned(connection, transaction);
                var state = (string?)connection.Scalar(transaction, "SELECT state FROM deployments WHERE id = $id", ("$id", id));
                if (state != nameof(DeploymentState.Queued)) return (false, state == nameof(DeploymentState.Cancelling) ? DeploymentState.Canceled : Enum.Parse<DeploymentState>(state!));
                if (cancellationToken.IsCancellationRequested) return (false, DeploymentState.Canceled);
                connection.Execute(transaction, "UPDATE deployments SET heartbeat_at = $t WHERE id = $id", ("$t", SqliteExtensions.Now()), ("$id", id));
                var taken = connection.Execute(transaction,
                    "INSERT OR IGNORE INTO leases (component, environment, deployment_id, owner_pid, owner_started, acquired_at) VALUES ($c, $e, $id, $pid, $ps, $t)",
                    ("$c", component), ("$e", environment), ("$id", id), ("$pid", owner.Pid), ("$ps", owner.Started), ("$t", SqliteExtensions.Now()));
                if (taken == 0) return (false, null);
                connection.Execute(transaction,
                    "UPDATE deployments SET state = 'Executing', started_at = $t, install_dir = $dir, log_path = $log WHERE id = $id",
                    ("$t", SqliteExtensions.Now()), ("$dir", installDirectory), ("$log", logPath), ("$id", id));
                return (true, null);
            });
            if (outcome.Acquired) return null;
            if (outcome.Stop is { } stop) return stop;
            try { await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// Records how a deployment ended. A lock another process holds longer than the busy timeout is waited out (several timeouts long):
    /// the deployment already happened, so giving up would turn a success into a failure.
    /// </summary>
    void Complete(long id, string component, string environment, string? tenant, string version, DeploymentState state, string? reason) =>
        ledger.WritePatiently((connection, transaction) => CompleteIn(connection, transaction, id, component, environment, tenant, version, state, reason), ledger.BusyTimeout * 4);

    /// <summary>Records the outcome, frees the lease and, on success, moves the component's current pointer in the ledger and on disk.</summary>
    void CompleteIn(SqliteConnection connection, SqliteTransaction transaction, long id, string component, string environment, string? tenant, string version, DeploymentState state, string? reason)
    {
        connection.Execute(transaction, "UPDATE deployments SET state = $s, reason = $reason, completed_at = $t WHERE id = $id",
            ("$s", state.ToString()), ("$reason", reason), ("$t", SqliteExtensions.Now()), ("$id", id));
        connection.Execute(transaction, "DELETE FROM leases WHERE deployment_id = $id", ("$id", id));
        if (state != DeploymentState.Success) return;
        var previous = (string?)connection.Scalar(transaction,
            "SELECT d.version FROM current_deployments c JOIN deployments d ON d.id = c.deployment_id WHERE c.component = $c AND c.environment = $e AND c.tenant = $tenant",
            ("$c", component), ("$e", environment), ("$tenant", tenant ?? ""));
        connection.Execute(transaction,
            "INSERT INTO current_deployments (component, environment, tenant, deployment_id) VALUES ($c, $e, $tenant, $id) " +
            "ON CONFLICT (component, environment, tenant) DO UPDATE SET deployment_id = excluded.deployment_id",
            ("$c", component), ("$e", environment), ("$tenant", tenant ?? ""), ("$id", id));
        // Written before the commit: if it fails, the ledger rolls back and both still agree.
        var pointer = State.CurrentPointer(environment, component, tenant);
        var temporary = StaleTemporaryFiles.NameFor(pointer);
        try
        {
            File.WriteAllText(temporary, version + "\n");
            File.Move(temporary, pointer, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StaleTemporaryFiles.TryDelete(temporary);
            throw new OctoOrchestrateException($"Cannot write '{pointer}' ({ex.Message}); {component} {version} stays recorded as not current in {environment}. Free space or fix the permissions, then rerun.",
                ExitCodes.ReleaseServerFailed, ex);
        }

        // Still under the lease, so no other deployment of this component is extracting here.
        PruneInstallFolders(State.ComponentDirectory(environment, component, tenant), [version, previous]);
    }

    /// <summary>Keeps the current and the previous install (Octopus keeps two for rollback); removes older ones and leftovers of killed runs.</summary>
    static void PruneInstallFolders(string componentDirectory, string?[] keep)
    {
        foreach (var folder in Directory.EnumerateDirectories(componentDirectory))
        {
            if (keep.Contains(Path.GetFileName(folder), StringComparer.Ordinal)) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // best effort: a later deployment retries
        }
    }
}
