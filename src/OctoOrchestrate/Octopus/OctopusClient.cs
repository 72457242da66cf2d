using System.Net.Http.Headers;
using System.Text.Json;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Octopus;

/// <summary>
/// The typed Octopus REST client: one method per route the backend uses (docs/octopus-mapping.md lists them). Space-scoped routes use the
/// canonical <c>/api/{spaceId}/…</c> form; list reads follow <c>Page.Next</c>.
/// </summary>
internal sealed class OctopusClient(OctopusHttp http)
{
    public OctopusHttp Http { get; } = http;

    public async Task<SpaceResource> FindSpaceAsync(string? nameOrId, CancellationToken cancellationToken)
    {
        if (nameOrId is null)
        {
            var all = await Http.GetAsync<List<SpaceResource>>("/api/spaces/all", cancellationToken).ConfigureAwait(false);
            return all.FirstOrDefault(s => s.IsDefault) ?? throw new BadInputException("The Octopus server has no default space. Pass --space NAME (or set OCTOPUS_SPACE).");
        }

        if (IsId(nameOrId, "Spaces"))
        {
            return await Http.FindAsync<SpaceResource>($"/api/spaces/{nameOrId}", cancellationToken).ConfigureAwait(false)
                ?? throw new BadInputException($"--space {nameOrId}: no such space on the Octopus server. Pass a space name or id the API key can see.");
        }

        return await FindByNameAsync<SpaceResource>($"/api/spaces?partialName={Uri.EscapeDataString(nameOrId)}", nameOrId, s => s.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"--space {nameOrId}: no space of that name on the Octopus server (names are compared exactly). Create it, or pass the right name or Spaces-N id.");
    }

    /// <summary>Every project of the space in one request (unpaged): names are matched here, exactly, for all components at once.</summary>
    public Task<List<ProjectResource>> ProjectsAsync(string spaceId, CancellationToken cancellationToken) =>
        Http.GetAsync<List<ProjectResource>>($"/api/{spaceId}/projects/all", cancellationToken);

    /// <summary>Every channel of the space in one request (unpaged); each names its ProjectId.</summary>
    public Task<List<ChannelResource>> ChannelsAsync(string spaceId, CancellationToken cancellationToken) =>
        Http.GetAsync<List<ChannelResource>>($"/api/{spaceId}/channels/all", cancellationToken);

    public Task<List<LifecycleResource>> LifecyclesAsync(string spaceId, CancellationToken cancellationToken) =>
        Http.GetAsync<List<LifecycleResource>>($"/api/{spaceId}/lifecycles/all", cancellationToken);

    public Task<List<EnvironmentResource>> EnvironmentsAsync(string spaceId, CancellationToken cancellationToken) =>
        Http.GetAsync<List<EnvironmentResource>>($"/api/{spaceId}/environments/all", cancellationToken);

    public Task<List<ReleaseResource>> ReleasesAsync(string spaceId, string projectId, CancellationToken cancellationToken) =>
        AllPagesAsync<ReleaseResource>($"/api/{spaceId}/projects/{projectId}/releases?take=100", cancellationToken);

    /// <summary>Many releases by id in one request (<c>releases?ids=A,B</c>, any project).</summary>
    public async Task<List<ReleaseResource>> ReleasesByIdAsync(string spaceId, IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken) =>
        releaseIds.Count == 0 ? []
            : await AllPagesAsync<ReleaseResource>($"/api/{spaceId}/releases?ids={string.Join(',', releaseIds)}&take={releaseIds.Count}", cancellationToken).ConfigureAwait(false);

    /// <summary>The API key's user (the root document's CurrentUser link).</summary>
    public Task<UserResource> CurrentUserAsync(CancellationToken cancellationToken) =>
        Http.GetAsync<UserResource>("/api/users/me", cancellationToken);

    /// <summary>Where the key's user may deploy the release now: PromoteTo is the lifecycle's progress and the user's permissions together (reference §2.8).</summary>
    public Task<DeploymentTemplateResource> DeploymentTemplateAsync(string spaceId, string releaseId, CancellationToken cancellationToken) =>
        Http.GetAsync<DeploymentTemplateResource>($"/api/{spaceId}/releases/{releaseId}/deployments/template", cancellationToken);

    public Task<ReleaseResource> ReleaseAsync(string spaceId, string releaseId, CancellationToken cancellationToken) =>
        Http.GetAsync<ReleaseResource>($"/api/{spaceId}/releases/{releaseId}", cancellationToken);

    /// <summary>Built-in feed upload; <c>IgnoreIfExists</c> makes a repeat (a retry, a rerun) a no-op, so it is retried.</summary>
    public Task<PackageResource> UploadPackageAsync(string spaceId, string packagePath, CancellationToken cancellationToken) =>
        Http.PostAsync<PackageResource>($"/api/{spaceId}/packages/raw?overwriteMode=IgnoreIfExists", () =>
        {
            var file = new StreamContent(File.OpenRead(packagePath));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new MultipartFormDataContent { { file, "file", Path.GetFileName(packagePath) } };
        }, retryable: true, cancellationToken);

    public Task<JsonElement> PushBuildInformationAsync(string spaceId, BuildInformation information, CancellationToken cancellationToken) =>
        Http.PostJsonAsync<JsonElement, PushBuildInformationRequest>($"/api/{spaceId}/build-information?overwriteMode=IgnoreIfExists", new(
            spaceId,
            information.PackageId,
            information.Version,
            new OctopusBuildInformationBody(
                information.BuildEnvironment, information.BuildNumber, information.BuildUrl, information.Branch, information.VcsType, information.VcsRoot,
                information.VcsCommitNumber, information.Commits.Select(c => new BuildInformationCommit(c.Id, c.Comment)).ToList())),
            retryable: true, cancellationToken);

    /// <summary>The executions API with IgnoreIfAlreadyExists: the server returns the existing release on a repeat, so it is retried.</summary>
    public Task<CreateReleaseResponse> CreateReleaseAsync(
        string spaceId, string project, string? channel, string version, string packageVersion, string releaseNotes, CancellationToken cancellationToken) =>
        Http.PostJsonAsync<CreateReleaseResponse, CreateReleaseRequest>($"/api/{spaceId}/releases/create/v1",
            new(spaceId, spaceId, project, channel, version, packageVersion, releaseNotes, IgnoreIfAlreadyExists: true), retryable: true, cancellationToken);

    /// <summary>Not idempotent on the server: never retried blindly (the backend looks for the deployment before sending it again).</summary>
    public Task<CreateDeploymentResponse> CreateDeploymentAsync(string spaceId, string project, string version, string environment, bool forceRedeploy, CancellationToken cancellationToken) =>
        Http.PostJsonAsync<CreateDeploymentResponse, CreateDeploymentRequest>($"/api/{spaceId}/deployments/create/untenanted/v1",
            new(spaceId, spaceId, project, version, [environment], forceRedeploy), retryable: false, cancellationToken);

    /// <summary>The newest untenanted deployment of a project to an environment (optionally only successful ones), or null.</summary>
    public async Task<DeploymentResource?> LatestDeploymentAsync(string spaceId, string projectId, string environmentId, bool successfulOnly, CancellationToken cancellationToken)
    {
        var page = await Http.GetAsync<ResourceCollection<DeploymentResource>>(
            $"/api/{spaceId}/deployments?projects={projectId}&environments={environmentId}{(successfulOnly ? "&taskState=Success" : "")}&take=30", cancellationToken).ConfigureAwait(false);
        // The route has no "untenanted" filter: one page, and the newest deployment that was for no tenant.
        return page.Items.FirstOrDefault(d => d.TenantId is null);
    }

    /// <summary>The newest deployments of a project to an environment, newest first (one page).</summary>
    public async Task<List<DeploymentResource>> DeploymentsAsync(string spaceId, string projectId, string environmentId, int take, CancellationToken cancellationToken) =>
        (await Http.GetAsync<ResourceCollection<DeploymentResource>>(
            $"/api/{spaceId}/deployments?projects={projectId}&environments={environmentId}&take={take}", cancellationToken).ConfigureAwait(false)).Items;

    public Task<DeploymentResource> DeploymentAsync(string spaceId, string deploymentId, CancellationToken cancellationToken) =>
        Http.GetAsync<DeploymentResource>($"/api/{spaceId}/deployments/{deploymentId}", cancellationToken);

    /// <summary>One request for many tasks (<c>tasks?ids=A,B</c>).</summary>
    public async Task<List<TaskResource>> TasksAsync(string spaceId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        (await Http.GetAsync<ResourceCollection<TaskResource>>($"/api/{spaceId}/tasks?ids={string.Join(',', taskIds)}&take={taskIds.Count}", cancellationToken).ConfigureAwait(false)).Items;

    public Task<string> TaskLogAsync(string spaceId, string taskId, CancellationToken cancellationToken) =>
        Http.GetTextAsync($"/api/{spaceId}/tasks/{taskId}/raw", cancellationToken);

    public Task<TaskResource> CancelTaskAsync(string spaceId, string taskId, CancellationToken cancellationToken) =>
        Http.PostAsync<TaskResource>($"/api/{spaceId}/tasks/{taskId}/cancel", () => null, retryable: true, cancellationToken);

    public Task<DashboardResource> DashboardAsync(string spaceId, IEnumerable<string> projectIds, IEnumerable<string> environmentIds, CancellationToken cancellationToken) =>
        Http.GetAsync<DashboardResource>(
            $"/api/{spaceId}/dashboard/dynamic?projects={string.Join(',', projectIds)}&environments={string.Join(',', environmentIds)}&includePrevious=true", cancellationToken);

    public async Task<List<InterruptionResource>> PendingInterruptionsAsync(string spaceId, string regarding, CancellationToken cancellationToken) =>
        (await Http.GetAsync<ResourceCollection<InterruptionResource>>($"/api/{spaceId}/interruptions?regarding={regarding}&pendingOnly=true", cancellationToken).ConfigureAwait(false)).Items;

    public Task<InterruptionResource> InterruptionAsync(string spaceId, string interruptionId, CancellationToken cancellationToken) =>
        Http.GetAsync<InterruptionResource>($"/api/{spaceId}/interruptions/{interruptionId}", cancellationToken);

    /// <summary>Take responsibility (PUT, sent as POST + X-HTTP-Method-Override like OC) then submit Proceed or Abort.</summary>
    public async Task<InterruptionResource> SubmitInterruptionAsync(string spaceId, string interruptionId, bool proceed, string notes, CancellationToken cancellationToken)
    {
        await Http.PostAsync<JsonElement>($"/api/{spaceId}/interruptions/{interruptionId}/responsible", () => null, retryable: true, cancellationToken, methodOverride: "PUT").ConfigureAwait(false);
        return await Http.PostJsonAsync<InterruptionResource, SubmitInterruptionRequest>($"/api/{spaceId}/interruptions/{interruptionId}/submit",
            new(proceed ? "Proceed" : "Abort", notes, null), retryable: false, cancellationToken).ConfigureAwait(false);
    }

    async Task<T?> FindByNameAsync<T>(string firstPage, string name, Func<T, string> nameOf, CancellationToken cancellationToken) where T : class
    {
        T? caseInsensitive = null;
        for (var path = firstPage; path is not null;)
        {
            var page = await Http.GetAsync<ResourceCollection<T>>(path, cancellationToken).ConfigureAwait(false);
            if (page.Items.FirstOrDefault(i => string.Equals(nameOf(i).Trim(), name, StringComparison.Ordinal)) is { } exact) return exact;
            caseInsensitive ??= page.Items.FirstOrDefault(i => string.Equals(nameOf(i).Trim(), name, StringComparison.OrdinalIgnoreCase));
            path = page.Items.Count > 0 ? page.NextPage : null;
        }

        return caseInsensitive; // Octopus names are unique case-insensitively, as OC's FindByName compares them
    }

    async Task<List<T>> AllPagesAsync<T>(string firstPage, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (var path = firstPage; path is not null;)
        {
            var page = await Http.GetAsync<ResourceCollection<T>>(path, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            path = page.Items.Count > 0 ? page.NextPage : null;
        }

        return all;
    }

    static bool IsId(string value, string prefix) =>
        value.StartsWith(prefix + "-", StringComparison.OrdinalIgnoreCase) && value.Length > prefix.Length + 1 && value[(prefix.Length + 1)..].All(char.IsAsciiDigit);
}
