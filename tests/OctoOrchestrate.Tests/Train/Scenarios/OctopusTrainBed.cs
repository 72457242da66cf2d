using System.Diagnostics;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// The Octopus backend against the in-process simulator (real HTTP on 127.0.0.1): one project per component, Dev → Test → Staging →
/// Production, and a Manual Intervention step in every project's Production process. History is created through our client (release with
/// its package) and recorded as finished deployments on the server; the deployments a run starts are steered through the simulator's scripts.
/// </summary>
public sealed class OctopusTrainBed : TrainBed
{
    public const string ApiKey = "API-TRAINSCENARIOKEY00000000000001";
    readonly string keyDirectory = Directory.CreateTempSubdirectory("octo-orchestrate-key-").FullName;
    readonly Dictionary<string, int> slow = [];
    readonly HashSet<(string Component, string Version)> failing = [];

    OctopusTrainBed(OctopusSimulatorHost simulator, bool tenanted)
        : base(tenanted)
    {
        Simulator = simulator;
        KeyFile = Path.Combine(keyDirectory, "octopus.key");
        File.WriteAllText(KeyFile, ApiKey);
        simulator.State.Scripts = (project, environment, version) =>
        {
            lock (slow)
            {
                var seconds = slow.GetValueOrDefault(project);
                return new DeploymentScript(seconds > 0 ? TimeSpan.FromSeconds(seconds) : simulator.State.DefaultDuration,
                    failing.Contains((project, version)) ? "told to fail" : null, ManualIntervention: environment == "Production");
            }
        };
        // The manifest's tenants exist on the server, connected to the same projects and environments.
        foreach (var tenant in Workspace.Manifest.Tenants) simulator.State.AddTenant(tenant.Name, tenant.Components, tenant.Environments);
    }

    public OctopusSimulatorHost Simulator { get; }

    public string KeyFile { get; }

    SimState State => Simulator.State;

    public static async Task<OctopusTrainBed> StartAsync(bool tenanted = false) =>
        new(await OctopusSimulatorHost.StartAsync(ApiKey, projects: All.Select(c => (c, c))), tenanted);

    string[] ServerArgs(string[] args) => args.Length > 0 && args[0] is "promote" or "plan" or "rollback"
        ? [.. args, "--server", Simulator.Url, "--api-key-file", KeyFile, "--poll-interval", "0.1"]
        : args;

    public override Task<CliOutcome> CliAsync(params string[] args) => CliRun.RunAsync(Root, ServerArgs(args));

    public override Process StartCli(params string[] args) => CliProcess.Start(Root, ServerArgs(args));

    public override async Task ReleaseAsync(string component, string version, params string[] environments)
    {
        await using (var server = OctopusReleaseServer.Open(Workspace.Manifest, OctopusConnection.Create(Simulator.Url, ApiKey)))
            await server.CreateReleaseAsync(new NewRelease(component, version, Workspace.Inner.Package(component, version), "abc1234def", $"- {component} change for {version} (abc1234, Test)"));
        Record(component, version, environments, null);
    }

    /// <summary>The release, through the earlier phases untenanted, then to the environment for the tenant (a finished tenanted deployment).</summary>
    public override async Task ReleaseForTenantAsync(string component, string version, string tenant, string environment)
    {
        await using (var server = OctopusReleaseServer.Open(Workspace.Manifest, OctopusConnection.Create(Simulator.Url, ApiKey)))
            await server.CreateReleaseAsync(new NewRelease(component, version, Workspace.Inner.Package(component, version), "abc1234def", $"- {component} change for {version} (abc1234, Test)"));
        Record(component, version, [environment], tenant);
    }

    /// <summary>Finished successful deployments of the release; the last environment's for <paramref name="tenant"/> when one is given.</summary>
    void Record(string component, string version, string[] environments, string? tenant)
    {
        lock (State.Gate)
        {
            var project = State.Projects.Single(p => p.Name == component);
            var release = State.Releases.Single(r => r.ProjectId == project.Id && r.Version == version);
            var tenantId = tenant is null ? null : State.Tenants.Single(t => t.Name == tenant).Id;
            foreach (var environment in WithEarlierPhases(environments, release))
            {
                var now = DateTimeOffset.UtcNow;
                var deployment = new SimDeployment
                {
                    Id = State.NextId("Deployments"), SpaceId = project.SpaceId, ProjectId = project.Id, ReleaseId = release.Id, ChannelId = release.ChannelId,
                    EnvironmentId = environment.Id, TaskId = State.NextId("ServerTasks"), Created = now,
                    TenantId = environment.Name == environments[^1] ? tenantId : null,
                };
                State.Deployments.Add(deployment);
                State.Tasks.Add(new SimTask
                {
                    Id = deployment.TaskId, SpaceId = project.SpaceId, ProjectId = project.Id, EnvironmentId = environment.Id, DeploymentId = deployment.Id,
                    Description = $"Deploy {component} release {version} to {environment.Name}", QueueTime = now, LastUpdatedTime = now,
                    Script = new DeploymentScript(TimeSpan.Zero), State = TaskState.Success, StartTime = now, CompletedTime = now,
                });
            }
        }
    }

    /// <summary>
    /// Octopus lets a release into an environment only after its lifecycle's earlier phases: history that reaches Staging went through Dev
    /// and Test first (where this release has not succeeded yet), so a later promotion to Production is allowed, as on a real server.
    /// </summary>
    List<SimEnvironment> WithEarlierPhases(string[] environments, SimRelease release)
    {
        var order = new[] { "Dev", "Test", "Staging", "Production" };
        var reached = State.Deployments.Where(d => d.ReleaseId == release.Id && State.TaskOf(d).State == TaskState.Success).Select(d => d.EnvironmentId).ToHashSet();
        var names = new List<string>();
        foreach (var name in environments)
        {
            names.AddRange(order.Take(Array.IndexOf(order, name)).Where(e => !names.Contains(e) && !reached.Contains(State.Environments.Single(x => x.Name == e).Id)));
            names.Add(name);
        }

        return names.Select(name => State.Environments.Single(e => e.Name == name)).ToList();
    }

    public override string[] Deployed(string environment, string component)
    {
        lock (State.Gate)
        {
            var project = State.Projects.Single(p => p.Name == component);
            var environmentId = State.Environments.Single(e => e.Name == environment).Id;
            return State.Deployments.Where(d => d.ProjectId == project.Id && d.EnvironmentId == environmentId && State.TaskOf(d).State == TaskState.Success)
                .OrderBy(d => State.TaskOf(d).CompletedTime)
                .Select(d => State.Releases.Single(r => r.Id == d.ReleaseId).Version).ToArray();
        }
    }

    public override string[] DeployedFor(string environment, string component, string? tenant)
    {
        lock (State.Gate)
        {
            var tenantId = tenant is null ? null : State.Tenants.Single(t => t.Name == tenant).Id;
            var project = State.Projects.Single(p => p.Name == component);
            var environmentId = State.Environments.Single(e => e.Name == environment).Id;
            return State.Deployments.Where(d => d.ProjectId == project.Id && d.EnvironmentId == environmentId && d.TenantId == tenantId && State.TaskOf(d).State == TaskState.Success)
                .OrderBy(d => State.TaskOf(d).CompletedTime)
                .Select(d => State.Releases.Single(r => r.Id == d.ReleaseId).Version).ToArray();
        }
    }

    public override void Fail(string component, string version)
    {
        lock (slow) failing.Add((component, version));
    }

    public override void Slow(string component, int seconds)
    {
        lock (slow) slow[component] = seconds;
    }

    public override int KillableSeconds => 6; // the server finishes it after the kill; the resume joins it

    public override void Normal(string component)
    {
        lock (slow)
        {
            slow.Remove(component);
            failing.RemoveWhere(f => f.Component == component);
        }
    }

    public override async Task WaitUntilDeployingAsync(string environment, string component, Process cli)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            lock (State.Gate)
            {
                var environmentId = State.Environments.Single(e => e.Name == environment).Id;
                var projectId = State.Projects.Single(p => p.Name == component).Id;
                if (State.Tasks.Any(t => t.ProjectId == projectId && t.EnvironmentId == environmentId && t.State == TaskState.Executing)) return;
            }

            if (cli.HasExited) throw new InvalidOperationException($"The CLI exited ({cli.ExitCode}) before {component} started deploying to {environment}: {await cli.StandardError.ReadToEndAsync()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{component} did not start deploying to {environment} within 60 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Every Production deployment paused on its Manual Intervention and was answered Proceed, naming the approvers and the plan.</summary>
    public override void AssertApprovalCarried(string planId, string approvers)
    {
        lock (State.Gate)
        {
            var production = State.Environments.Single(e => e.Name == "Production").Id;
            var tasks = State.Tasks.Where(t => t.EnvironmentId == production && t.State == TaskState.Success).Select(t => t.Id).ToHashSet();
            var answered = State.Interruptions.Where(i => tasks.Contains(i.TaskId)).ToList();
            Assert.Equal(tasks.Count, answered.Count);
            Assert.All(answered, i =>
            {
                Assert.False(i.IsPending);
                Assert.Equal("Proceed", i.Result);
                Assert.NotNull(i.ResponsibleUserId); // took responsibility before submitting
                Assert.Contains(approvers, i.Notes, StringComparison.Ordinal);
                Assert.Contains(planId, i.Notes, StringComparison.Ordinal);
            });
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        Directory.Delete(keyDirectory, recursive: true);
        await base.DisposeAsync();
    }
}
