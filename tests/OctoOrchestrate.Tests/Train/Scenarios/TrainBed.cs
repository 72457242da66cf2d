using System.Diagnostics;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// A release-train workspace on one backend: the same manifest (database roll-forward, worker, api deployAfter database and tested in
/// Staging, web uses api; Production asks QA and Business Owner), the same CLI, history seeded per backend, deployments steered per backend.
/// </summary>
public abstract class TrainBed : IAsyncDisposable
{
    /// <summary>The train's components; the test command needs no install folder, so it runs the same against Octopus.</summary>
    public const string Components = """
          - name: database
            paths: [ "database/**" ]
            deploy: bash scripts/deploy.sh
            rollback: roll-forward
          - name: worker
            paths: [ "worker/**" ]
            deploy: bash scripts/deploy.sh
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ database ]
            deploy: bash scripts/deploy.sh
            test: if [ -f "$OO_MANIFEST_DIR/failtest.$OO_COMPONENT" ]; then exit 5; fi; echo "$OO_COMPONENT $OO_VERSION $OO_ENVIRONMENT" >> "$OO_MANIFEST_DIR/tested.log"
            testIn: [ Staging ]
          - name: web
            paths: [ "web/**" ]
            uses: [ api ]
            deploy: bash scripts/deploy.sh
        """;

    public static readonly string[] All = ["database", "worker", "api", "web"];

    /// <summary>
    /// The tenants of the tenant scenarios: Acme gets api and web in Staging and Production, Globex web there, Initech worker in Production
    /// only (so its worker comes from Staging's untenanted one). database is never tenanted.
    /// </summary>
    public const string Tenants = """

        tenants:
          - name: Acme
            environments: [Staging, Production]
            components: [api, web]
          - name: Globex
            environments: [Staging, Production]
            components: [web]
          - name: Initech
            environments: [Production]
            components: [worker]
        """;

    /// <summary>The embedded server's deploy line with tenants: a run fails for a version marked failing, and each tenant's deployments are logged apart.</summary>
    const string TenantDeploy =
        "deploy: if [ -f \"$OO_MANIFEST_DIR/fail.$OO_COMPONENT.$OO_VERSION\" ]; then echo told to fail >&2; exit 3; fi; " +
        "bash scripts/deploy.sh && echo \"$OO_VERSION\" >> \"$OO_MANIFEST_DIR/deployed.$OO_ENVIRONMENT.${OO_TENANT:--}.$OO_COMPONENT\"";

    protected TrainBed(bool tenanted = false) =>
        Workspace = new TrainWorkspace(tenanted ? Components.Replace("deploy: bash scripts/deploy.sh", TenantDeploy, StringComparison.Ordinal) + Tenants : Components);

    public TrainWorkspace Workspace { get; }

    public string Root => Workspace.Root;

    /// <summary>History: the release exists and was deployed successfully to each environment, in that order.</summary>
    public abstract Task ReleaseAsync(string component, string version, params string[] environments);

    /// <summary>The CLI in-process; promote, plan and rollback go to this backend's release server.</summary>
    public abstract Task<CliOutcome> CliAsync(params string[] args);

    /// <summary>The CLI in its own process (to kill it).</summary>
    public abstract Process StartCli(params string[] args);

    /// <summary>Versions deployed successfully to the environment, oldest first.</summary>
    public abstract string[] Deployed(string environment, string component);

    /// <summary>History for a tenant: the release exists and was deployed successfully to the environment for the tenant.</summary>
    public abstract Task ReleaseForTenantAsync(string component, string version, string tenant, string environment);

    /// <summary>Versions deployed successfully to the environment for the tenant (null = untenanted), oldest first (tenant beds only).</summary>
    public abstract string[] DeployedFor(string environment, string component, string? tenant);

    /// <summary>Deployments of this version of the component started from now on fail (until <see cref="Normal"/>).</summary>
    public abstract void Fail(string component, string version);

    /// <summary>The component's deployments started from now on run this long (a kill or a timeout can hit them).</summary>
    public abstract void Slow(string component, int seconds);

    /// <summary>Seconds a deployment runs for a test that kills the CLI mid-way (long enough to kill it, short enough to finish on a server).</summary>
    public abstract int KillableSeconds { get; }

    public abstract void Normal(string component);

    public abstract Task WaitUntilDeployingAsync(string environment, string component, Process cli);

    /// <summary>Backend-specific checks after an approved plan ran (Octopus: the manual interventions were answered).</summary>
    public virtual void AssertApprovalCarried(string planId, string approvers)
    {
    }

    public async Task AllAsync(string version, params string[] environments)
    {
        foreach (var component in All) await ReleaseAsync(component, version, environments);
    }

    public virtual ValueTask DisposeAsync()
    {
        Workspace.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The embedded release server: deployments are the manifest's bash scripts, steered by marker files.</summary>
public sealed class LocalTrainBed(bool tenanted = false) : TrainBed(tenanted)
{
    public override async Task ReleaseForTenantAsync(string component, string version, string tenant, string environment)
    {
        await using var server = Workspace.Open();
        var release = await server.CreateReleaseAsync(new NewRelease(component, version, Workspace.Inner.Package(component, version), "abc1234def", $"- {component} change for {version} (abc1234, Test)"));
        var deployment = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, environment, IgnoreLifecycle: true) { Tenant = tenant })).Id);
        Assert.Equal(DeploymentState.Success, deployment.State);
    }

    public override string[] DeployedFor(string environment, string component, string? tenant)
    {
        var file = Path.Combine(Root, $"deployed.{environment}.{tenant ?? "-"}.{component}");
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    public override void Fail(string component, string version) => Workspace.Touch($"fail.{component}.{version}");
    public override Task ReleaseAsync(string component, string version, params string[] environments) => Workspace.ReleaseAsync(component, version, environments);

    public override Task<CliOutcome> CliAsync(params string[] args) => Workspace.CliAsync(args);

    public override Process StartCli(params string[] args) => CliProcess.Start(Root, args);

    public override string[] Deployed(string environment, string component) => Workspace.Deployed(environment, component);

    public override void Slow(string component, int seconds) => Workspace.Touch($"sleep.{component}", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override int KillableSeconds => 300; // the killed CLI's script would finish later: removed before the resume anyway

    public override void Normal(string component)
    {
        foreach (var marker in new[] { "sleep", "fail" })
            if (File.Exists(Path.Combine(Root, $"{marker}.{component}"))) Workspace.Remove($"{marker}.{component}");
        foreach (var marker in Directory.GetFiles(Root, $"fail.{component}.*")) File.Delete(marker);
    }

    public override Task WaitUntilDeployingAsync(string environment, string component, Process cli) =>
        CliProcess.WaitForFileAsync(Path.Combine(Root, "timeline", $"{environment}.{component}.start"), cli);
}
