using Microsoft.Data.Sqlite;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    /// <summary>
    /// Marks every unfinished deployment whose owning process is gone as Failed, and frees its lease, so a rerun can deploy again.
    /// When that process had already recorded how its deployment ended (DeploymentOutcomeFile), that outcome is what is recorded:
    /// a deployment that finished is never turned into a failure because the ledger could not be updated in time.
    /// Runs on open, while waiting for a lease, and while waiting for another process's deployment.
    /// </summary>
    void RecoverAbandoned(SqliteConnection connection, SqliteTransaction transaction)
    {
        var unfinished = connection.Query(transaction,
            "SELECT id, component, version, environment, log_path, owner_pid, owner_started FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling')",
            r => (Id: r.GetInt64(0), Component: r.GetString(1), Version: r.GetString(2), Environment: r.GetString(3), LogPath: r.NullableString("log_path"),
                Owner: new ProcessOwner(r.GetInt32(5), r.GetString(6))));
        foreach (var (id, component, version, environment, logPath, owner) in unfinished.Where(d => !d.Owner.IsAlive()))
        {
            if (DeploymentOutcomeFile.Read(logPath) is { } recorded)
            {
                CompleteIn(connection, transaction, id, component, environment, version, recorded.State,
                    recorded.Reason ?? (recorded.State == DeploymentState.Success ? $"recorded from {Path.GetFileName(logPath)}.outcome after its process (pid {owner.Pid}) ended" : null));
                continue;
            }

            connection.Execute(transaction,
                "UPDATE deployments SET state = 'Failed', reason = $reason, completed_at = $t WHERE id = $id",
                ("$reason", $"the process that ran it (pid {owner.Pid}) is gone; rerun to deploy again"), ("$t", SqliteExtensions.Now()), ("$id", id));
            connection.Execute(transaction, "DELETE FROM leases WHERE deployment_id = $id", ("$id", id));
        }

        var leases = connection.Query(transaction, "SELECT deployment_id, owner_pid, owner_started FROM leases",
            r => (Id: r.GetInt64(0), Owner: new ProcessOwner(r.GetInt32(1), r.GetString(2))));
        foreach (var (id, _) in leases.Where(l => !l.Owner.IsAlive()))
            connection.Execute(transaction, "DELETE FROM leases WHERE deployment_id = $id", ("$id", id));
    }

    /// <summary>Whether <see cref="RecoverAbandoned"/> has anything to do: checked with a read, so opening needs no write lock when nothing was abandoned.</summary>
    bool HasAbandoned(SqliteConnection connection) =>
        connection.Query(null, "SELECT owner_pid, owner_started FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling') " +
                "UNION ALL SELECT owner_pid, owner_started FROM leases",
            r => new ProcessOwner(r.GetInt32(0), r.GetString(1)))
        .Any(owner => !owner.IsAlive());

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
    void Complete(long id, string component, string environment, string version, DeploymentState state, string? reason) =>
        ledger.WritePatiently((connection, transaction) => CompleteIn(connection, transaction, id, component, environment, version, state, reason), ledger.BusyTimeout * 4);

    /// <summary>Records the outcome, frees the lease and, on success, moves the component's current pointer in the ledger and on disk.</summary>
    void CompleteIn(SqliteConnection connection, SqliteTransaction transaction, long id, string component, string environment, string version, DeploymentState state, string? reason)
    {
        connection.Execute(transaction, "UPDATE deployments SET state = $s, reason = $reason, completed_at = $t WHERE id = $id",
            ("$s", state.ToString()), ("$reason", reason), ("$t", SqliteExtensions.Now()), ("$id", id));
        connection.Execute(transaction, "DELETE FROM leases WHERE deployment_id = $id", ("$id", id));
        if (state != DeploymentState.Success) return;
        var previous = (string?)connection.Scalar(transaction,
            "SELECT d.version FROM current_deployments c JOIN deployments d ON d.id = c.deployment_id WHERE c.component = $c AND c.environment = $e",
            ("$c", component), ("$e", environment));
        connection.Execute(transaction,
            "INSERT INTO current_deployments (component, environment, deployment_id) VALUES ($c, $e, $id) " +
            "ON CONFLICT (component, environment) DO UPDATE SET deployment_id = excluded.deployment_id",
            ("$c", component), ("$e", environment), ("$id", id));
        // Written before the commit: if it fails, the ledger rolls back and both still agree.
        var pointer = State.CurrentPointer(environment, component);
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
        PruneInstallFolders(State.ComponentDirectory(environment, component), [version, previous]);
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
