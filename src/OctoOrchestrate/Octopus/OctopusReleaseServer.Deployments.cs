using System.Collections.Concurrent;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

public sealed partial class OctopusReleaseServer
{
    readonly ConcurrentDictionary<string, Tracked> tracked = new();
    readonly object dashboardGate = new();
    Task<DashboardResource>? dashboard;
    Task<IReadOnlyDictionary<string, ReleaseInfo>>? deployedReleases;

    /// <summary>
    /// Creates the deployment with the executions API. Creating one is not idempotent on the server, so after a 5xx, 429 or dropped
    /// connection the backend looks for it (the newest deployment of the project to the environment) before sending the request again.
    /// The server enforces the lifecycle: a refusal is bad input with the server's words. <see cref="DeploymentRequest.IgnoreLifecycle"/>
    /// (--force) becomes ForcePackageRedeployment; Octopus has no way to skip its lifecycle.
    /// </summary>
    public async Task<DeploymentInfo> StartDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Tenant is not null) return await StartTenantedDeploymentAsync(request, cancellationToken).ConfigureAwait(false);
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var release = await ReleaseByIdAsync(request.ReleaseId, cancellationToken).ConfigureAwait(false);
        var project = server.Projects[release.Component];
        var environmentId = server.EnvironmentId(request.Environment);
        var environment = server.EnvironmentName(environmentId);
        var latestThere = (await DashboardAsync(cancellationToken).ConfigureAwait(false)).Items
            .FirstOrDefault(i => i.ProjectId == project.Id && i.EnvironmentId == environmentId && i.TenantId is null);
        var before = latestThere?.DeploymentId;
        // A resumed run (or a second one) joins the release's deployment there that is still queued or running, instead of queueing it twice.
        if (request.OnlyIfNotCurrent && latestThere is { State: "Queued" or "Executing" } running && running.ReleaseId == release.Id)
            return Track(running.DeploymentId, running.TaskId, release, environment, request.Timeout, request.Intervention).Queued() with { ReusedExisting = true };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateDeploymentAsync(server.Space.Id, project.Name, release.Version, environment, request.IgnoreLifecycle, cancellationToken).ConfigureAwait(false);
                var task = created.DeploymentServerTasks.FirstOrDefault()
                    ?? throw new OctoOrchestrateException($"Octopus created no deployment of {project.Name} {release.Version} to {environment}.", ExitCodes.ReleaseServerFailed);
                return Track(task.DeploymentId, task.ServerTaskId, release, environment, request.Timeout, request.Intervention).Queued();
            }
            catch (OctopusApiException ex) when (ex.Status == System.Net.HttpStatusCode.BadRequest)
            {
                throw new BadInputException($"Octopus refused to deploy {project.Name} {release.Version} to {environment}: {ex.ServerMessage}");
            }
            catch (Exception ex) when (OctopusHttp.IsTransientFailure(ex) && attempt <= options.MaxRetries)
            {
                var latest = await client.LatestDeploymentAsync(server.Space.Id, project.Id, environmentId, successfulOnly: false, cancellationToken).ConfigureAwait(false);
                if (latest is not null && latest.Id != before && latest.ReleaseId == release.Id)
                    return Track(latest.Id, latest.TaskId, release, environment, request.Timeout, request.Intervention).Queued();
                await Task.Delay(options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<DeploymentInfo> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var deployment = await TrackedAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var task = (await client.TasksAsync(server.Space.Id, [deployment.TaskId], cancellationToken).ConfigureAwait(false)).Single();
        return await CompletedInfoAsync(deployment, task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins the one batched poll of every awaited task; see <see cref="PollAsync"/>.</summary>
    public async Task<DeploymentInfo> WaitForDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var deployment = await TrackedAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        StartPolling();
        return await deployment.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> GetDeploymentLogAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var deployment = await TrackedAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        return await client.TaskLogAsync((await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id, deployment.TaskId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST tasks/{id}/cancel; the task goes Cancelling → Canceled on the server.</summary>
    public async Task<DeploymentInfo> CancelDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        var deployment = await TrackedAsync(deploymentId, cancellationToken).ConfigureAwait(false);
        var task = await client.CancelTaskAsync((await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id, deployment.TaskId, cancellationToken).ConfigureAwait(false);
        return deployment.Info(task, null);
    }

    /// <summary>
    /// The last successful deployment. The dashboard's item is the latest in any state (a failed or running one too), so it counts only when
    /// it succeeded; else the previous successful item, and when the dashboard has none, the newest deployment with taskState=Success.
    /// </summary>
    public Task<DeploymentInfo?> GetCurrentDeploymentAsync(string component, string environment, CancellationToken cancellationToken = default) =>
        CurrentDeploymentAsync(component, environment, null, cancellationToken);

    /// <summary>
    /// The one reading of "current" for the untenanted cell (<paramref name="tenant"/> null) and a tenant's cell: the dashboard item when it
    /// succeeded, else the cell's previous successful item, else the newest deployment with taskState=Success (for a tenant: filtered by it).
    /// The tenant is looked up only for a project the server has, so an unknown component costs no tenants read.
    /// </summary>
    async Task<DeploymentInfo?> CurrentDeploymentAsync(string component, string environment, string? tenant, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (!server.Projects.TryGetValue(component, out var project)) return null;
        var environmentId = server.EnvironmentId(environment);
        var resource = tenant is null ? null : await TenantAsync(tenant, cancellationToken).ConfigureAwait(false);
        var board = await DashboardAsync(cancellationToken).ConfigureAwait(false);
        bool Cell(DashboardItem i) => i.ProjectId == project.Id && i.EnvironmentId == environmentId && i.TenantId == resource?.Id;
        var item = board.Items.FirstOrDefault(Cell);
        if (item is null) return null;
        if (item.State == "Success") return ToInfo(server, component, item) with { Tenant = resource?.Name };
        if ((board.PreviousItems ?? []).FirstOrDefault(i => Cell(i) && i.State == "Success") is { } previous) return ToInfo(server, component, previous) with { Tenant = resource?.Name };
        var succeeded = resource is null
            ? await client.LatestDeploymentAsync(server.Space.Id, project.Id, environmentId, successfulOnly: true, cancellationToken).ConfigureAwait(false)
            : await TenantDeploymentsAsync(server, project.Id, environmentId, resource.Id, successfulOnly: true, cancellationToken).ConfigureAwait(false);
        if (succeeded is null) return null;
        var release = await ReleaseByIdAsync(succeeded.ReleaseId, cancellationToken).ConfigureAwait(false);
        var task = (await client.TasksAsync(server.Space.Id, [succeeded.TaskId], cancellationToken).ConfigureAwait(false)).Single();
        return new Tracked(succeeded.Id, succeeded.TaskId, release, server.EnvironmentName(environmentId), null).Info(task, null) with { Tenant = resource?.Name };
    }

    /// <summary>
    /// The project's deployments to the environment, newest first: one page (30, Octopus's default take) with their tasks in one
    /// batched read — a train promotion looks for the last successful one matching a pattern, which is nearly always recent.
    /// </summary>
    public async Task<IReadOnlyList<DeploymentInfo>> ListDeploymentsAsync(string component, string environment, CancellationToken cancellationToken = default)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (!server.Projects.TryGetValue(component, out var project)) return [];
        var environmentId = server.EnvironmentId(environment);
        var deployments = (await client.DeploymentsAsync(server.Space.Id, project.Id, environmentId, 30, cancellationToken).ConfigureAwait(false))
            .Where(d => d.TenantId is null).ToList(); // the port's list is untenanted; a tenant's deployments are its own
        if (deployments.Count == 0) return [];
        var tasks = (await client.TasksAsync(server.Space.Id, deployments.Select(d => d.TaskId).ToList(), cancellationToken).ConfigureAwait(false))
            .ToDictionary(t => t.Id, StringComparer.Ordinal);
        var infos = new List<DeploymentInfo>();
        foreach (var deployment in deployments)
        {
            if (!tasks.TryGetValue(deployment.TaskId, out var task)) continue;
            var release = await ReleaseByIdAsync(deployment.ReleaseId, cancellationToken).ConfigureAwait(false);
            infos.Add(new Tracked(deployment.Id, deployment.TaskId, release, server.EnvironmentName(environmentId), null).Info(task, null));
        }

        return infos;
    }

    public async Task<IReadOnlyList<DashboardEntry>> GetDashboardAsync(CancellationToken cancellationToken = default)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        InvalidateDashboard();
        var board = await DashboardAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<DashboardEntry>();
        foreach (var item in board.Items.Where(i => i.TenantId is null)) // tenanted cells: GetTenantDashboardAsync
        {
            if (server.ComponentOf(item.ProjectId) is not { } component) continue;
            var environment = server.EnvironmentName(item.EnvironmentId);
            var current = await GetCurrentDeploymentAsync(component, environment, cancellationToken).ConfigureAwait(false);
            entries.Add(new DashboardEntry(component, environment, current, ToInfo(server, component, item)));
        }

        return entries;
    }

    /// <summary>One dashboard read shared by every caller until a deployment this process watches changes state.</summary>
    async Task<DashboardResource> DashboardAsync(CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        Task<DashboardResource> read;
        lock (dashboardGate)
        {
            if (dashboard is null || dashboard.IsFaulted || dashboard.IsCanceled)
                dashboard = client.DashboardAsync(server.Space.Id, server.Projects.Values.Select(p => p.Id), server.Environments.Select(e => e.Id), CancellationToken.None);
            read = dashboard;
        }

        return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolution reads the dashboard anyway (it names the lifecycle's environments): that read serves the first callers.</summary>
    void PrimeDashboard(DashboardResource board)
    {
        lock (dashboardGate) dashboard ??= Task.FromResult(board);
    }

    void InvalidateDashboard()
    {
        lock (dashboardGate) dashboard = null;
    }

    DeploymentInfo ToInfo(Resolved server, string component, DashboardItem item) => new(
        item.DeploymentId, item.ReleaseId, component, item.ReleaseVersion, server.EnvironmentName(item.EnvironmentId), Tracked.State(item.State),
        string.IsNullOrEmpty(item.ErrorMessage) ? null : item.ErrorMessage, item.QueueTime ?? item.Created, item.StartTime, item.CompletedTime);

    Tracked Track(string deploymentId, string taskId, ReleaseInfo release, string environment, TimeSpan? timeout, InterventionAnswer? intervention = null)
    {
        var deployment = tracked.GetOrAdd(deploymentId, _ => new Tracked(deploymentId, taskId, release, environment, timeout));
        deployment.Intervention ??= intervention;
        return deployment;
    }

    /// <summary>A deployment this process started, or one read from the server (started by an earlier run).</summary>
    async Task<Tracked> TrackedAsync(string deploymentId, CancellationToken cancellationToken)
    {
        if (tracked.TryGetValue(deploymentId, out var known)) return known;
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var deployment = await client.DeploymentAsync(server.Space.Id, deploymentId, cancellationToken).ConfigureAwait(false);
        var release = await ReleaseByIdAsync(deployment.ReleaseId, cancellationToken).ConfigureAwait(false);
        return Track(deployment.Id, deployment.TaskId, release, server.EnvironmentName(deployment.EnvironmentId), null);
    }
}
