namespace OctoOrchestrate.OctopusSimulator;

/// <summary>Renders the simulator's documents as Octopus resources (reference §2 shapes), each with its Links.</summary>
internal static class Resources
{
    public static object Space(SimSpace s) => new
    {
        s.Id, s.Name, Slug = Slugs.Of(s.Name), Description = "", s.IsDefault, IsPrivate = false, TaskQueueStopped = false,
        SpaceManagersTeams = Array.Empty<string>(), SpaceManagersTeamMembers = Array.Empty<string>(), Icon = (string?)null,
        ExtensionSettings = Array.Empty<object>(), LastModifiedOn = (DateTimeOffset?)null,
        Links = new Dictionary<string, string> { ["Self"] = $"/api/spaces/{s.Id}", ["SpaceHome"] = $"/api/{s.Id}", ["Web"] = $"/app#/spaces/{s.Id}" },
    };

    public static object Environment(SimEnvironment e) => new
    {
        e.Id, e.SpaceId, e.Name, Slug = Slugs.Of(e.Name), Description = "", e.SortOrder, UseGuidedFailure = false,
        AllowDynamicInfrastructure = false, EnvironmentTags = Array.Empty<string>(), ExtensionSettings = Array.Empty<object>(),
        Links = new Dictionary<string, string> { ["Self"] = $"/api/{e.SpaceId}/environments/{e.Id}", ["Web"] = $"/app#/{e.SpaceId}/infrastructure/environments/{e.Id}" },
    };

    public static object Lifecycle(SimLifecycle l) => new
    {
        l.Id, l.SpaceId, l.Name, Slug = Slugs.Of(l.Name), Description = "",
        ReleaseRetentionPolicy = new { Unit = "Days", QuantityToKeep = 30, ShouldKeepForever = false },
        TentacleRetentionPolicy = new { Unit = "Items", QuantityToKeep = 3, ShouldKeepForever = false },
        Phases = l.Phases.Select(p => new
        {
            p.Id, p.Name, p.AutomaticDeploymentTargets, p.OptionalDeploymentTargets, p.MinimumEnvironmentsBeforePromotion, p.IsOptionalPhase,
            IsPriorityPhase = false, ReleaseRetentionPolicy = (object?)null, TentacleRetentionPolicy = (object?)null,
        }),
        Links = new Dictionary<string, string> { ["Self"] = $"/api/{l.SpaceId}/lifecycles/{l.Id}", ["Preview"] = $"/api/{l.SpaceId}/lifecycles/{l.Id}/preview" },
    };

    public static object Project(SimProject p)
    {
        var self = $"/api/{p.SpaceId}/projects/{p.Id}";
        return new
        {
            p.Id, p.SpaceId, p.Name, p.Slug, Description = "", VariableSetId = $"variableset-{p.Id}", DeploymentProcessId = $"deploymentprocess-{p.Id}",
            ClonedFromProjectId = (string?)null, DiscreteChannelRelease = false, IncludedLibraryVariableSetIds = Array.Empty<string>(),
            DefaultToSkipIfAlreadyInstalled = false, TenantedDeploymentMode = "Untenanted", DefaultGuidedFailureMode = "EnvironmentDefault",
            VersioningStrategy = new { Template = (string?)null, DonorPackage = (object?)null },
            ReleaseCreationStrategy = new { ChannelId = (string?)null, ReleaseCreationPackage = (object?)null, ReleaseCreationPackageStepId = (string?)null },
            Templates = Array.Empty<object>(), AutoDeployReleaseOverrides = Array.Empty<object>(), ReleaseNotesTemplate = (string?)null,
            ForcePackageDownload = false, AllowIgnoreChannelRules = true, p.IsDisabled, ProjectGroupId = "ProjectGroups-1", p.LifecycleId,
            AutoCreateRelease = false, IsVersionControlled = false, PersistenceSettings = new { Type = "Database" },
            Links = new Dictionary<string, string>
            {
                ["Self"] = self, ["Releases"] = self + "/releases{/version}{?skip,take,searchByVersion}", ["Channels"] = self + "/channels{/id}{?skip,take,partialName}",
                ["Progression"] = self + "/progression{?releaseHistoryCount}", ["DeploymentProcess"] = self + "/deploymentprocesses", ["Web"] = $"/app#/{p.SpaceId}/projects/{p.Id}",
            },
        };
    }

    public static object Channel(SimChannel c) => new
    {
        c.Id, c.SpaceId, c.ProjectId, c.Name, Slug = Slugs.Of(c.Name), Description = (string?)null, c.LifecycleId, c.IsDefault, TenantTags = Array.Empty<string>(),
        Rules = c.VersionRule is null ? [] : new[] { new { Id = $"rule-{c.Id}", VersionRange = c.VersionRule, Tag = "", ActionPackages = new[] { new { DeploymentAction = "Deploy", PackageReference = "" } }, Actions = new[] { "Deploy" } } },
        GitReferenceRules = Array.Empty<object>(), GitResourceRules = Array.Empty<object>(),
        Links = new Dictionary<string, string> { ["Self"] = $"/api/{c.SpaceId}/channels/{c.Id}", ["Project"] = $"/api/{c.SpaceId}/projects/{c.ProjectId}" },
    };

    public static object Release(SimRelease r, SimState state)
    {
        var self = $"/api/{r.SpaceId}/releases/{r.Id}";
        var information = r.SelectedPackages
            .Select(p => (p, info: state.BuildInformation.FirstOrDefault(b => b.SpaceId == r.SpaceId && b.PackageId == state.Projects.Single(x => x.Id == r.ProjectId).PackageId && b.Version == p.Version)))
            .Where(x => x.info is not null)
            .Select(x => BuildInformation(x.info!));
        return new
        {
            r.Id, r.SpaceId, r.ProjectId, r.ChannelId, r.Version, r.ReleaseNotes, r.Assembled, IgnoreChannelRules = false,
            ProjectDeploymentProcessSnapshotId = $"deploymentprocess-{r.ProjectId}-s-1", ProjectVariableSetSnapshotId = $"variableset-{r.ProjectId}-s-0",
            LibraryVariableSetSnapshotIds = Array.Empty<string>(),
            SelectedPackages = r.SelectedPackages.Select(p => new { StepName = p.ActionName, p.ActionName, p.PackageReferenceName, p.Version }),
            SelectedGitResources = Array.Empty<object>(), BuildInformation = information, VersionControlReference = (object?)null, CustomFields = new Dictionary<string, string>(),
            Links = new Dictionary<string, string>
            {
                ["Self"] = self, ["Project"] = $"/api/{r.SpaceId}/projects/{r.ProjectId}", ["Channel"] = $"/api/{r.SpaceId}/channels/{r.ChannelId}",
                ["Progression"] = self + "/progression", ["Deployments"] = self + "/deployments{?skip,take}", ["DeploymentTemplate"] = self + "/deployments/template",
                ["Web"] = $"/app#/{r.SpaceId}/releases/{r.Id}",
            },
        };
    }

    public static object BuildInformation(SimBuildInformation b)
    {
        var i = b.Information;
        object? Get(string key) => i.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        return new
        {
            b.Id, b.PackageId, b.Version, Branch = Get("Branch"), BuildEnvironment = Get("BuildEnvironment"), BuildNumber = Get("BuildNumber"),
            BuildUrl = Get("BuildUrl"), VcsType = Get("VcsType"), VcsRoot = Get("VcsRoot"), VcsCommitNumber = Get("VcsCommitNumber"), VcsCommitUrl = (string?)null,
            IssueTrackerName = (string?)null, Commits = Get("Commits") ?? Array.Empty<object>(), WorkItems = Array.Empty<object>(), IncompleteDataWarning = (string?)null,
            b.Created, Links = new Dictionary<string, string> { ["Self"] = $"/api/{b.SpaceId}/build-information/{b.Id}" },
        };
    }

    public static object Package(SimPackage p) => new
    {
        Id = $"packages-{p.PackageId}.{p.Version}", p.PackageId, p.Version, FeedId = "feeds-builtin", NuGetPackageId = p.PackageId, NuGetFeedId = "feeds-builtin",
        Title = (string?)null, Summary = (string?)null, Description = "", p.Published, ReleaseNotes = (string?)null, p.FileExtension, p.PackageSizeBytes, p.Hash,
        PackageVersionBuildInformation = (object?)null,
        Links = new Dictionary<string, string> { ["Self"] = $"/api/{p.SpaceId}/packages/packages-{p.PackageId}.{p.Version}" },
    };

    public static object Deployment(SimDeployment d, SimState state)
    {
        var environment = state.Environments.Single(e => e.Id == d.EnvironmentId);
        return new
        {
            d.Id, d.SpaceId, d.ReleaseId, d.EnvironmentId, d.TenantId, ForcePackageDownload = false, ForcePackageRedeployment = false,
            SkipActions = Array.Empty<string>(), SpecificMachineIds = Array.Empty<string>(), ExcludedMachineIds = Array.Empty<string>(), d.UseGuidedFailure,
            FormValues = new Dictionary<string, string>(), QueueTime = (DateTimeOffset?)null, QueueTimeExpiry = (DateTimeOffset?)null, Priority = "LifecycleDefault",
            Comments = (string?)null, d.ChannelId, d.ProjectId, DeploymentProcessId = $"deploymentprocess-{d.ProjectId}-s-1", Changes = Array.Empty<object>(),
            ChangesMarkdown = (string?)null, d.TaskId, Name = $"Deploy to {environment.Name}", d.Created, DeployedBy = "Simulator", DeployedById = "Users-1",
            FailureEncountered = state.TaskOf(d).State == TaskState.Failed, DeployedToMachineIds = Array.Empty<string>(),
            Links = new Dictionary<string, string>
            {
                ["Self"] = $"/api/{d.SpaceId}/deployments/{d.Id}", ["Release"] = $"/api/{d.SpaceId}/releases/{d.ReleaseId}",
                ["Environment"] = $"/api/{d.SpaceId}/environments/{d.EnvironmentId}", ["Project"] = $"/api/{d.SpaceId}/projects/{d.ProjectId}",
                ["Task"] = $"/api/tasks/{d.TaskId}", ["Web"] = $"/app#/{d.SpaceId}/deployments/{d.Id}",
                ["Interruptions"] = $"/api/{d.SpaceId}/interruptions?regarding={d.Id}",
            },
        };
    }

    public static object Task(SimTask t, SimState state)
    {
        var interruption = t.PendingInterruptionId is null ? null : state.Interruptions.Single(i => i.Id == t.PendingInterruptionId);
        var self = $"/api/tasks/{t.Id}";
        return new
        {
            t.Id, t.SpaceId, Name = "Deploy", t.Description, Arguments = new { t.DeploymentId }, t.State,
            Completed = t.CompletedTime?.ToString("dddd, MMMM d, yyyy h:mm tt", System.Globalization.CultureInfo.InvariantCulture),
            t.QueueTime, t.QueueTimeExpiry, t.StartTime, t.LastUpdatedTime, t.CompletedTime, ServerNode = "SIMULATOR",
            Duration = Duration(t), t.ErrorMessage,
            HasBeenPickedUpByProcessor = t.StartTime is not null, t.IsCompleted, FinishedSuccessfully = t.State == TaskState.Success,
            HasPendingInterruptions = interruption is not null, CanRerun = false, t.HasWarningsOrErrors, t.ProjectId,
            PendingInterruptionTypes = PendingInterruptionTypes(t),
            HasPendingPreconditions = false, PendingPreconditionTypes = Array.Empty<string>(), EstimatedRemainingQueueDurationSeconds = 0,
            Links = new Dictionary<string, string>
            {
                ["Self"] = self, ["Web"] = $"/app#/tasks/{t.Id}", ["Raw"] = self + "/raw", ["Cancel"] = self + "/cancel", ["Details"] = self + "/details{?verbose,tail}",
                ["Interruptions"] = $"/api/interruptions?regarding={t.Id}",
            },
        };
    }

    public static object Interruption(SimInterruption i) => new
    {
        i.Id, i.SpaceId, i.Title, Type = "ManualIntervention", i.Created, i.IsPending,
        Form = new
        {
            Values = new Dictionary<string, string?> { ["Instructions"] = null, ["Notes"] = i.Notes, ["Result"] = i.Result },
            Elements = new object[]
            {
                new { Name = "Instructions", Control = new { Type = "Paragraph", Text = i.Title, ResolveLinks = false }, IsValueRequired = false },
                new { Name = "Notes", Control = new { Type = "TextArea", Label = "Notes" }, IsValueRequired = false },
                new
                {
                    Name = "Result", IsValueRequired = false,
                    Control = new { Type = "SubmitButtonGroup", Buttons = new[] { new { Text = "Proceed", Value = "Proceed", RequiresConfirmation = false }, new { Text = "Abort", Value = "Abort", RequiresConfirmation = true } } },
                },
            },
        },
        i.RelatedDocumentIds, ResponsibleTeamIds = Array.Empty<string>(), i.ResponsibleUserId, CanTakeResponsibility = i.IsPending,
        HasResponsibility = i.ResponsibleUserId is not null, i.TaskId, CorrelationId = $"{i.TaskId}_{i.Id}", IsLinkedToOtherInterruption = false,
        Links = new Dictionary<string, string>
        {
            ["Self"] = $"/api/{i.SpaceId}/interruptions/{i.Id}", ["Submit"] = $"/api/{i.SpaceId}/interruptions/{i.Id}/submit",
            ["Responsible"] = $"/api/{i.SpaceId}/interruptions/{i.Id}/responsible",
        },
    };

    public static object Tenant(SimTenant t) => new
    {
        t.Id, t.SpaceId, t.Name, Description = (string?)null, TenantTags = Array.Empty<string>(), t.ProjectEnvironments, IsDisabled = false,
        Links = new Dictionary<string, string> { ["Self"] = $"/api/{t.SpaceId}/tenants/{t.Id}" },
    };

    /// <summary>A dashboard item (§2.12): one deployment with its task's state.</summary>
    public static object DashboardItem(SimDeployment d, SimState state, bool isCurrent, bool isPrevious)
    {
        var t = state.TaskOf(d);
        var release = state.Releases.Single(r => r.Id == d.ReleaseId);
        return new
        {
            d.Id, d.ProjectId, d.EnvironmentId, d.ReleaseId, DeploymentId = d.Id, d.TaskId, d.TenantId, d.ChannelId, ReleaseVersion = release.Version,
            d.Created, t.QueueTime, t.StartTime, t.CompletedTime, t.State, HasPendingInterruptions = t.PendingInterruptionId is not null,
            PendingInterruptionTypes = PendingInterruptionTypes(t), t.HasWarningsOrErrors, t.ErrorMessage,
            Duration = Duration(t), IsCurrent = isCurrent, IsPrevious = isPrevious, t.IsCompleted,
        };
    }

    /// <summary>A task's running time so far (until now while it runs, from its queue time until it starts), as Octopus words it.</summary>
    static string Duration(SimTask t)
    {
        var span = (t.CompletedTime ?? DateTimeOffset.UtcNow) - (t.StartTime ?? t.QueueTime);
        return span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)} seconds" : $"{(int)span.TotalMinutes} minutes";
    }

    static string[] PendingInterruptionTypes(SimTask t) => t.PendingInterruptionId is null ? [] : ["ManualIntervention"];
}
