using Microsoft.Data.Sqlite;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<DeploymentInfo> StartDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        var release = GetRelease(request.ReleaseId);
        var lifecycle = await GetLifecycleAsync(cancellationToken).ConfigureAwait(false);
        var environment = lifecycle.Environments.FirstOrDefault(e => string.Equals(e, request.Environment, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"Environment '{request.Environment}' is not in 'environments:' of {Manifest.FilePath}. Known: {string.Join(", ", lifecycle.Environments)}.");
        var tenant = TenantFor(request, release, environment);
        var channelLifecycle = request.IgnoreLifecycle ? null : ChannelLifecycle(release, environment);
        var owner = ProcessOwner.Current;
        var (id, reused) = ledger.Write((connection, transaction) =>
        {
            if (request.OnlyIfNotCurrent && CurrentOrRunning(connection, transaction, release, environment, tenant) is { } existing) return (existing, true);
            if (!request.IgnoreLifecycle && (channelLifecycle ?? lifecycle).PhaseBefore(environment) is { } previous && !SucceededIn(connection, transaction, release, previous))
                throw new LifecycleException(
                    $"{release.Component} {release.Version} cannot be deployed to {environment} yet: its lifecycle needs a successful deployment to " +
                    $"{string.Join(" or ", previous.Environments)} first. Deploy it there first, or force it (--force) to skip the lifecycle check.");
            connection.Execute(transaction,
                "INSERT INTO deployments (release_id, component, version, environment, tenant, state, owner_pid, owner_started, owner_host, queued_at, heartbeat_at) " +
                "VALUES ($r, $c, $v, $e, $tenant, $s, $pid, $ps, $host, $t, $t)",
                ("$r", ParseId(release.Id, "Releases")), ("$c", release.Component), ("$v", release.Version), ("$e", environment), ("$tenant", tenant),
                ("$s", nameof(DeploymentState.Queued)), ("$pid", owner.Pid), ("$ps", owner.Started), ("$host", owner.Host), ("$t", SqliteExtensions.Now()));
            return ((long)connection.Scalar(transaction, "SELECT last_insert_rowid()")!, false);
        });
        if (reused) return ReadDeployment(id) with { ReusedExisting = true };

        var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var completion = Task.Run(async () =>
        {
            await started.Task.ConfigureAwait(false);
            try { await RunAsync(id, release, environment, tenant, request.Timeout, cancel.Token).ConfigureAwait(false); }
            finally { running.TryRemove(id, out _); cancel.Dispose(); }
        }, CancellationToken.None);
        running[id] = new RunningDeployment(completion, cancel);
        started.SetResult();
        return ReadDeployment(id);
    }

    public Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadDeployment(ParseId(deploymentId, "Deployments")));

    public async Task<DeploymentInfo> WaitForDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var id = ParseId(deploymentId, "Deployments");
        if (running.TryGetValue(id, out var local)) await local.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var deployment = ReadDeployment(id);
            if (deployment.IsCompleted) return deployment;
            // Another process owns it: if that process died, this records how it ended. Checked with a read first, so waiting takes no write lock.
            if (ledger.Read(HasAbandoned)) ledger.Write(RecoverAbandoned);
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string> GetDeploymentLogAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var deployment = ReadDeployment(ParseId(deploymentId, "Deployments"));
        if (deployment.LogPath is null || !File.Exists(deployment.LogPath)) return "";
        await using var stream = new FileStream(deployment.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a deployment: directly when this process runs it, else by marking it Cancelling for its owner to see.</summary>
    public async Task<DeploymentInfo> CancelDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var id = ParseId(deploymentId, "Deployments");
        if (running.TryGetValue(id, out var local))
        {
            await local.Cancel.CancelAsync().ConfigureAwait(false);
            try { await local.Completion.WaitAsync(cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            return ReadDeployment(id);
        }

        ledger.Write((c, t) => c.Execute(t, "UPDATE deployments SET state = 'Cancelling' WHERE id = $id AND state IN ('Queued', 'Executing')", ("$id", id)));
        return await WaitForDeploymentAsync(deploymentId, cancellationToken).ConfigureAwait(false);
    }

    public Task<DeploymentInfo?> GetCurrentDeploymentAsync(string component, string environment, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadDeployments(
            "WHERE id = (SELECT deployment_id FROM current_deployments WHERE component = $c AND environment = $e COLLATE NOCASE AND tenant = '')",
            ("$c", component), ("$e", environment)).SingleOrDefault());

    public Task<IReadOnlyList<DeploymentInfo>> ListDeploymentsAsync(string component, string environment, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeploymentInfo>>(ReadDeployments(
            "WHERE component = $c AND environment = $e COLLATE NOCASE AND tenant IS NULL ORDER BY id DESC", ("$c", component), ("$e", environment)));

    public Task<IReadOnlyList<DashboardEntry>> GetDashboardAsync(CancellationToken cancellationToken = default)
    {
        var current = ReadDeployments("WHERE id IN (SELECT deployment_id FROM current_deployments WHERE tenant = '')").ToDictionary(d => (d.Component, d.Environment));
        var latest = ReadDeployments("WHERE id IN (SELECT max(id) FROM deployments WHERE tenant IS NULL GROUP BY component, environment) ORDER BY component, environment");
        return Task.FromResult<IReadOnlyList<DashboardEntry>>(latest
            .Select(d => new DashboardEntry(d.Component, d.Environment, current.GetValueOrDefault((d.Component, d.Environment)), d))
            .ToList());
    }

    /// <summary>The deployment of this release in this environment that makes a new one pointless: the current one (install present) or one queued or running.</summary>
    long? CurrentOrRunning(SqliteConnection connection, SqliteTransaction transaction, ReleaseInfo release, string environment, string? tenant)
    {
        RecoverAbandoned(connection, transaction); // a run that died is not waited for
        var releaseId = ParseId(release.Id, "Releases");
        var current = connection.Query(transaction,
            "SELECT d.id, d.install_dir FROM current_deployments c JOIN deployments d ON d.id = c.deployment_id " +
            "WHERE c.component = $c AND c.environment = $e COLLATE NOCASE AND c.tenant = $tenant AND d.release_id = $r",
            r => (Id: r.GetInt64(0), Install: r.NullableString("install_dir")), ("$c", release.Component), ("$e", environment), ("$tenant", tenant ?? ""), ("$r", releaseId)).SingleOrDefault();
        if (current.Install is { } install && Directory.Exists(install)) return current.Id;
        return (long?)connection.Scalar(transaction,
            "SELECT id FROM deployments WHERE release_id = $r AND environment = $e COLLATE NOCASE AND coalesce(tenant, '') = $tenant AND state IN ('Queued', 'Executing') ORDER BY id LIMIT 1",
            ("$r", releaseId), ("$e", environment), ("$tenant", tenant ?? ""));
    }

    /// <summary>
    /// The lifecycle of the release's channel when the manifest gives it one (a hotfix lane: <c>lifecycle: [Test, Production]</c>), else null
    /// (the main lifecycle). An environment outside the channel's lifecycle is refused unless forced.
    /// </summary>
    Lifecycle? ChannelLifecycle(ReleaseInfo release, string environment)
    {
        if (!Governance.GovernancePolicy.For(Manifest).ChannelLifecycles.TryGetValue(release.Channel, out var environments)) return null;
        if (!environments.Contains(environment, StringComparer.OrdinalIgnoreCase))
            throw new LifecycleException($"{release.Component} {release.Version} is in channel {release.Channel}, whose lifecycle ({string.Join(" -> ", environments)}) does not include {environment}. Deploy it to one of those, or force it (--force).");
        return new Lifecycle(release.Channel, environments.Select(e => new LifecyclePhase(e, [e])).ToList());
    }

    static bool SucceededIn(SqliteConnection connection, SqliteTransaction transaction, ReleaseInfo release, LifecyclePhase phase) =>
        phase.Environments.Any(e => connection.Scalar(transaction,
            "SELECT 1 FROM deployments WHERE release_id = $r AND environment = $e COLLATE NOCASE AND state = 'Success' LIMIT 1",
            ("$r", ParseId(release.Id, "Releases")), ("$e", e)) is not null);

    DeploymentInfo ReadDeployment(long id) =>
        ReadDeployments("WHERE id = $id", ("$id", id)).SingleOrDefault()
        ?? throw new BadInputException($"Deployment 'Deployments-{id}' does not exist in {ledger.Path}.");

    List<DeploymentInfo> ReadDeployments(string where, params (string, object?)[] parameters) =>
        ledger.Read(connection => connection.Query(null, "SELECT * FROM deployments " + where, r => new DeploymentInfo(
            $"Deployments-{r.GetInt64(r.GetOrdinal("id"))}",
            $"Releases-{r.GetInt64(r.GetOrdinal("release_id"))}",
            r.GetString(r.GetOrdinal("component")),
            r.GetString(r.GetOrdinal("version")),
            r.GetString(r.GetOrdinal("environment")),
            Enum.Parse<DeploymentState>(r.GetString(r.GetOrdinal("state"))),
            r.NullableString("reason"),
            r.NullableTime("queued_at")!.Value,
            r.NullableTime("started_at"),
            r.NullableTime("completed_at"),
            r.NullableString("install_dir"),
            State.EnvironmentDirectory(r.GetString(r.GetOrdinal("environment"))),
            r.NullableString("log_path")) { Tenant = r.NullableString("tenant") }, parameters));
}

/// <summary>The lifecycle does not allow the deployment yet (Octopus answers 400 the same way). Exit code 2.</summary>
public sealed class LifecycleException(string message) : BadInputException(message);
