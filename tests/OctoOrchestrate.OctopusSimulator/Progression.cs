namespace OctoOrchestrate.OctopusSimulator;

/// <summary>Dashboard and progression documents, computed from the deployments (§2.8, §2.9, §2.12).</summary>
internal static class Progression
{
    /// <summary>
    /// Items: the latest deployment in any state per project and environment (it can be a failed or running one). PreviousItems
    /// (includePrevious): per project and environment, the latest successful deployment other than the item.
    /// </summary>
    public static object Dashboard(SimState state, string spaceId, IReadOnlyList<string> projectIds, IReadOnlyList<string> environmentIds, bool includePrevious)
    {
        var projects = state.Projects.Where(p => p.SpaceId == spaceId && (projectIds.All(string.IsNullOrEmpty) || projectIds.Contains(p.Id))).ToList();
        var environments = state.Environments.Where(e => e.SpaceId == spaceId && (environmentIds.Count == 0 || environmentIds.Contains(e.Id))).OrderBy(e => e.SortOrder).ToList();
        var groups = state.Deployments
            .Where(d => projects.Any(p => p.Id == d.ProjectId) && environments.Any(e => e.Id == d.EnvironmentId))
            .GroupBy(d => (d.ProjectId, d.EnvironmentId, d.TenantId)).ToList(); // × tenant: one item per tenant too
        var items = groups.Select(g => g.Last()).ToList();
        var previous = includePrevious
            ? groups.Select(g => g.Reverse().Skip(1).FirstOrDefault(d => state.TaskOf(d).State == TaskState.Success)).OfType<SimDeployment>().ToList()
            : [];
        return new
        {
            Projects = projects.Select(p => new
            {
                p.Id, p.Name, p.Slug, ProjectGroupId = "ProjectGroups-1", p.IsDisabled, EnvironmentIds = environments.Select(e => e.Id),
                TenantedDeploymentMode = state.Tenants.Any(t => t.ProjectEnvironments.ContainsKey(p.Id)) ? "TenantedOrUntenanted" : "Untenanted", CanPerformUntenantedDeployment = true,
            }),
            ProjectGroups = new[] { new { Id = "ProjectGroups-1", Name = "Default Project Group", EnvironmentIds = environments.Select(e => e.Id) } },
            Environments = environments.Select(e => new { e.Id, e.Name }),
            Tenants = state.Tenants.Where(t => t.SpaceId == spaceId).Select(t => new { t.Id, t.Name, t.ProjectEnvironments }),
            Items = items.Select(d => Resources.DashboardItem(d, state, isCurrent: true, isPrevious: false)),
            PreviousItems = previous.Select(d => Resources.DashboardItem(d, state, isCurrent: false, isPrevious: true)),
            ProjectLimit = (int?)null,
            IsFiltered = projectIds.Count > 0 || environmentIds.Count > 0,
        };
    }

    public static object Project(SimState state, SimProject project, int releaseHistoryCount)
    {
        var lifecycle = state.Lifecycles.Single(l => l.Id == project.LifecycleId);
        var environments = lifecycle.Phases.SelectMany(p => p.Environments).Select(id => state.Environments.Single(e => e.Id == id)).Select(e => new { e.Id, e.Name }).ToList();
        var channels = state.Channels.Where(c => c.ProjectId == project.Id).ToList();
        return new
        {
            Environments = environments,
            ChannelEnvironments = channels.ToDictionary(c => c.Id, _ => environments),
            LifecycleEnvironments = new Dictionary<string, object> { [lifecycle.Id] = environments },
            Releases = state.Releases.Where(r => r.ProjectId == project.Id).Reverse().Take(releaseHistoryCount).Select(r => new
            {
                Release = Resources.Release(r, state),
                Channel = Resources.Channel(channels.Single(c => c.Id == r.ChannelId)),
                Deployments = state.Deployments.Where(d => d.ReleaseId == r.Id).GroupBy(d => d.EnvironmentId)
                    .ToDictionary(g => g.Key, g => g.Reverse().Select((d, i) => Resources.DashboardItem(d, state, i == 0, i == 1)).ToList()),
                NextDeployments = NextDeployments(state, r),
                HasUnresolvedDefect = false,
                ReleaseRetentionPeriod = (object?)null,
                TentacleRetentionPeriod = (object?)null,
            }),
        };
    }

    public static object Release(SimState state, SimRelease release)
    {
        var project = state.Projects.Single(p => p.Id == release.ProjectId);
        var lifecycle = state.LifecycleOf(state.Channels.Single(c => c.Id == release.ChannelId), project);
        var succeeded = SucceededEnvironments(state, release);
        var currentFound = false;
        return new
        {
            Phases = lifecycle.Phases.Select(phase =>
            {
                var complete = phase.IsOptionalPhase || phase.Environments.All(succeeded.Contains);
                var progress = complete ? "Complete" : currentFound ? "Pending" : "Current";
                if (!complete) currentFound = true;
                return new
                {
                    phase.Id, phase.Name, Progress = progress, Blocked = false, phase.AutomaticDeploymentTargets, phase.OptionalDeploymentTargets,
                    phase.MinimumEnvironmentsBeforePromotion, phase.IsOptionalPhase, IsPriorityPhase = false,
                    Deployments = state.Deployments.Where(d => d.ReleaseId == release.Id && phase.Environments.Contains(d.EnvironmentId))
                        .Select(d => new { Deployment = Resources.Deployment(d, state), Task = Resources.Task(state.TaskOf(d), state) }),
                };
            }).ToList(),
            NextDeployments = NextDeployments(state, release),
            NextDeploymentsMinimumRequired = 1,
            Id = (string?)null,
            Links = new Dictionary<string, string>(),
        };
    }

    /// <summary>Where the release may go next: allowed by its lifecycle and not yet deployed there successfully.</summary>
    static List<string> NextDeployments(SimState state, SimRelease release)
    {
        var succeeded = SucceededEnvironments(state, release);
        return state.AllowedEnvironments(release).Where(e => !succeeded.Contains(e)).ToList();
    }

    static HashSet<string> SucceededEnvironments(SimState state, SimRelease release) =>
        state.Deployments.Where(d => d.ReleaseId == release.Id && state.TaskOf(d).State == TaskState.Success).Select(d => d.EnvironmentId).ToHashSet();
}
