namespace OctoOrchestrate.OctopusSimulator;

/// <summary>
/// Everything the simulated server knows, behind one lock: the routes read and write it, <see cref="Advance"/> moves tasks along.
/// Tests seed it (<see cref="AddEnvironment"/>, <see cref="AddLifecycle"/>, <see cref="AddProject"/>) and steer deployments through <see cref="Scripts"/>.
/// </summary>
public sealed partial class SimState
{
    readonly Dictionary<string, int> counters = [];

    public object Gate { get; } = new();
    public List<SimSpace> Spaces { get; } = [];
    public List<SimEnvironment> Environments { get; } = [];
    public List<SimLifecycle> Lifecycles { get; } = [];
    public List<SimProject> Projects { get; } = [];
    public List<SimChannel> Channels { get; } = [];
    public List<SimRelease> Releases { get; } = [];
    public List<SimPackage> Packages { get; } = [];
    public List<SimBuildInformation> BuildInformation { get; } = [];
    public List<SimDeployment> Deployments { get; } = [];
    public List<SimTask> Tasks { get; } = [];
    public List<SimInterruption> Interruptions { get; } = [];

    /// <summary>Decides what each deployment does (project name, environment name, release version); default: succeeds after <see cref="DefaultDuration"/>.</summary>
    public Func<string, string, string, DeploymentScript?>? Scripts { get; set; }

    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Environments (by name) where the API key's user lacks DeploymentCreate (no team of it has a role there): creating a deployment there
    /// is answered 403 with Octopus's words (reference §1.2), and the release's deployment template does not offer them.
    /// </summary>
    public HashSet<string> DeployForbidden { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Environments (by name) whose manual interventions the key's user may not take responsibility for (not in the step's responsible
    /// teams): <c>PUT …/responsible</c> is answered 403 with Octopus's words.
    /// </summary>
    public HashSet<string> InterventionForbidden { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many tasks may execute at once (Octopus's task cap).</summary>
    public int TaskCap { get; set; } = 5;

    public SimState()
    {
        Spaces.Add(new SimSpace { Id = "Spaces-1", Name = "Default", IsDefault = true });
        counters["Spaces"] = 1;
    }

    public string NextId(string prefix)
    {
        lock (Gate)
        {
            counters[prefix] = counters.GetValueOrDefault(prefix) + 1;
            return $"{prefix}-{counters[prefix]}";
        }
    }

    public SimSpace DefaultSpace => Spaces.First(s => s.IsDefault);

    public SimSpace AddSpace(string name)
    {
        lock (Gate)
        {
            var space = new SimSpace { Id = NextId("Spaces"), Name = name };
            Spaces.Add(space);
            return space;
        }
    }

    public SimEnvironment AddEnvironment(string name, string? spaceId = null)
    {
        lock (Gate)
        {
            var environment = new SimEnvironment { Id = NextId("Environments"), SpaceId = spaceId ?? DefaultSpace.Id, Name = name, SortOrder = Environments.Count };
            Environments.Add(environment);
            return environment;
        }
    }

    /// <summary>A lifecycle with one phase per group of environment names; a phase's environments are optional targets (deployed on request).</summary>
    public SimLifecycle AddLifecycle(string name, IEnumerable<string[]> phases, string? spaceId = null)
    {
        lock (Gate)
        {
            var space = spaceId ?? DefaultSpace.Id;
            var lifecycle = new SimLifecycle
            {
                Id = NextId("Lifecycles"),
                SpaceId = space,
                Name = name,
                Phases = phases.Select(names => new SimPhase
                {
                    Name = names[0],
                    OptionalDeploymentTargets = names.Select(n => Environments.Single(e => e.SpaceId == space && e.Name == n).Id).ToList(),
                }).ToList(),
            };
            Lifecycles.Add(lifecycle);
            return lifecycle;
        }
    }

    public SimProject AddProject(string name, string lifecycleId, string? packageId = null, string? spaceId = null,
        IEnumerable<(string Name, string? Rule, bool IsDefault)>? channels = null)
    {
        lock (Gate)
        {
            var project = new SimProject { Id = NextId("Projects"), SpaceId = spaceId ?? DefaultSpace.Id, Name = name, LifecycleId = lifecycleId, PackageId = packageId ?? name };
            Projects.Add(project);
            foreach (var (channel, rule, isDefault) in channels ?? [("Default", null, true)])
                Channels.Add(new SimChannel { Id = NextId("Channels"), SpaceId = project.SpaceId, ProjectId = project.Id, Name = channel, VersionRule = rule, IsDefault = isDefault });
            return project;
        }
    }

    public SimLifecycle LifecycleOf(SimChannel channel, SimProject project) =>
        Lifecycles.Single(l => l.Id == (channel.LifecycleId ?? project.LifecycleId));

    /// <summary>
    /// The environments a release may be deployed to now (docs: phases in order; deployable = every phase up to and including the first
    /// incomplete non-optional phase). A phase is complete when optional, or when its minimum (0 = all) of environments succeeded.
    /// </summary>
    public List<string> AllowedEnvironments(SimRelease release)
    {
        var project = Projects.Single(p => p.Id == release.ProjectId);
        var lifecycle = LifecycleOf(Channels.Single(c => c.Id == release.ChannelId), project);
        var succeeded = Deployments.Where(d => d.ReleaseId == release.Id && TaskOf(d).State == TaskState.Success).Select(d => d.EnvironmentId).ToHashSet();
        var allowed = new List<string>();
        foreach (var phase in lifecycle.Phases)
        {
            allowed.AddRange(phase.Environments);
            var environments = phase.Environments.ToList();
            var done = environments.Count(succeeded.Contains);
            var complete = phase.IsOptionalPhase || (phase.MinimumEnvironmentsBeforePromotion == 0 ? done == environments.Count : done >= phase.MinimumEnvironmentsBeforePromotion);
            if (!complete) break;
        }

        return allowed;
    }

    public SimTask TaskOf(SimDeployment deployment) => Tasks.Single(t => t.Id == deployment.TaskId);

    /// <summary>Moves tasks along: Queued → Executing when its project+environment is free and the task cap allows, Executing → done when its script ends.</summary>
    public void Advance(DateTimeOffset now)
    {
        lock (Gate)
        {
            foreach (var task in Tasks.Where(t => t.State == TaskState.Queued).ToList())
            {
                if (task.QueueTimeExpiry is { } expiry && now > expiry)
                {
                    Complete(task, TaskState.TimedOut, now, "The task was not started before its expiry time.");
                    continue;
                }

                var busy = Tasks.Any(t => t.State is TaskState.Executing or TaskState.Cancelling && t.ProjectId == task.ProjectId && t.EnvironmentId == task.EnvironmentId);
                if (busy || Tasks.Count(t => t.State is TaskState.Executing or TaskState.Cancelling) >= TaskCap) continue;
                task.State = TaskState.Executing;
                task.StartTime = now;
                task.LastUpdatedTime = now;
                task.Log.Add($"{Stamp(now)} Info  | {task.Description}");
                task.Log.Add($"{Stamp(now)} Info  | Acquiring packages");
                if (task.Script.ManualIntervention) RaiseIntervention(task, now);
            }

            foreach (var task in Tasks.Where(t => t.State == TaskState.Cancelling))
                Complete(task, TaskState.Canceled, now, "The task was canceled.");

            foreach (var task in Tasks.Where(t => t.State == TaskState.Executing && t.PendingInterruptionId is null && now - t.StartTime >= t.Script.Duration))
            {
                foreach (var line in task.Script.LogLines ?? []) task.Log.Add($"{Stamp(now)} Info  | {line}");
                if (task.Script.FailureMessage is { } failure)
                {
                    task.Log.Add($"{Stamp(now)} Error | {failure}");
                    task.HasWarningsOrErrors = true;
                    Complete(task, TaskState.Failed, now, "The deployment failed because one or more steps failed. Please see the deployment log for details.");
                }
                else
                {
                    Complete(task, TaskState.Success, now, "");
                }
            }
        }
    }

    void RaiseIntervention(SimTask task, DateTimeOffset now)
    {
        var deployment = Deployments.Single(d => d.Id == task.DeploymentId);
        var interruption = new SimInterruption
        {
            Id = NextId("Interruptions"),
            SpaceId = task.SpaceId,
            TaskId = task.Id,
            Title = "Approve the deployment",
            RelatedDocumentIds = [deployment.Id, task.Id, task.ProjectId, task.EnvironmentId],
            Created = now,
        };
        Interruptions.Add(interruption);
        task.PendingInterruptionId = interruption.Id;
        task.Log.Add($"{Stamp(now)} Info  | Waiting for manual intervention: {interruption.Title}");
    }

    /// <summary>Answers a manual intervention: Proceed resumes the task, Abort fails it.</summary>
    public void Submit(SimInterruption interruption, string result, string? notes, DateTimeOffset now)
    {
        interruption.IsPending = false;
        interruption.Result = result;
        interruption.Notes = notes;
        var task = Tasks.Single(t => t.Id == interruption.TaskId);
        task.PendingInterruptionId = null;
        task.Log.Add($"{Stamp(now)} Info  | Manual intervention answered: {result}{(notes is null ? "" : $" ({notes})")}");
        if (string.Equals(result, "Abort", StringComparison.OrdinalIgnoreCase))
            Complete(task, TaskState.Failed, now, "The deployment was aborted by a manual intervention.");
        else
            task.StartTime = now; // the rest of the script runs after the approval
    }

    public void Cancel(SimTask task, DateTimeOffset now)
    {
        if (task.IsCompleted) return;
        foreach (var interruption in Interruptions.Where(i => i.TaskId == task.Id)) interruption.IsPending = false;
        task.PendingInterruptionId = null;
        if (task.State == TaskState.Queued) Complete(task, TaskState.Canceled, now, "The task was canceled.");
        else
        {
            task.State = TaskState.Cancelling;
            task.LastUpdatedTime = now;
            task.Log.Add($"{Stamp(now)} Info  | Cancellation requested");
        }
    }

    static void Complete(SimTask task, TaskState state, DateTimeOffset now, string error)
    {
        task.State = state;
        task.CompletedTime = now;
        task.LastUpdatedTime = now;
        task.ErrorMessage = error;
        task.Log.Add($"{Stamp(now)} {(state == TaskState.Success ? "Info " : "Fatal")} | {(state == TaskState.Success ? "Deployment completed successfully" : $"{state}: {error}")}");
    }

    static string Stamp(DateTimeOffset time) => time.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
