using OctoOrchestrate.Local;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Local;

public sealed class LocalDeploymentTests
{
    [Fact]
    public async Task A_deployment_extracts_the_package_runs_deploy_and_moves_the_current_pointer()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1", "hello");

        var started = await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"));
        var done = await server.WaitForDeploymentAsync(started.Id);

        Assert.Equal(DeploymentState.Success, done.State);
        Assert.NotNull(done.StartedAt);
        Assert.True(done.CompletedAt >= done.StartedAt);
        var install = Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "2026.4.0.1");
        Assert.Equal(install, done.InstallDirectory);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(install, "app.txt")));
        Assert.Equal("2026.4.0.1", File.ReadAllText(Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "current")).Trim());
        Assert.Equal(["2026.4.0.1"], workspace.DeployedVersions("Dev", "api"));
        Assert.Contains("deploying api 2026.4.0.1 to Dev", await server.GetDeploymentLogAsync(done.Id), StringComparison.Ordinal);
        Assert.Equal(done.Id, (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Id);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(install)!, ".extract-*"));
    }

    [Fact]
    public async Task A_failing_deploy_command_is_Failed_and_leaves_the_current_release_alone()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var good = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(good.Id, "Dev"))).Id);
        var bad = await workspace.ReleaseAsync(server, "api", "2026.4.0.2");
        workspace.Touch("fail.api");

        var done = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(bad.Id, "Dev"))).Id);

        Assert.Equal(DeploymentState.Failed, done.State);
        Assert.Contains("exited with code 3", done.Reason, StringComparison.Ordinal);
        Assert.Contains("told to fail", await server.GetDeploymentLogAsync(done.Id), StringComparison.Ordinal);
        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Version);
    }

    [Fact]
    public async Task Test_is_refused_before_the_release_succeeded_in_Dev_unless_the_lifecycle_is_ignored()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");

        var refused = await Assert.ThrowsAsync<LifecycleException>(() => server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Test")));
        Assert.Contains("successful deployment to Dev first", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);

        var forced = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Test", IgnoreLifecycle: true))).Id);
        Assert.Equal(DeploymentState.Success, forced.State);

        await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"))).Id);
        var production = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Production"))).Id);
        Assert.Equal(DeploymentState.Success, production.State);
    }

    [Fact]
    public async Task A_deploy_command_running_past_its_timeout_is_TimedOut()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        workspace.Touch("sleep.api", "30");

        var done = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev", Timeout: TimeSpan.FromMilliseconds(500)))).Id);

        Assert.Equal(DeploymentState.TimedOut, done.State);
        Assert.Null(await server.GetCurrentDeploymentAsync("api", "Dev"));
    }

    [Fact]
    public async Task An_approval_covers_a_set_of_deployments_and_is_decided_once()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        var deployment = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"))).Id);

        var approval = await server.RequestApprovalAsync("Train 2026.4.0 to Production", [deployment.Id]);
        Assert.Equal(ApprovalState.Pending, approval.State);
        var approved = await server.SubmitApprovalAsync(approval.Id, approve: true, "lead", "ok");

        Assert.Equal(ApprovalState.Approved, approved.State);
        Assert.Equal([deployment.Id], approved.DeploymentIds);
        await Assert.ThrowsAsync<BadInputException>(() => server.SubmitApprovalAsync(approval.Id, approve: false, "someone"));
    }

    [Fact]
    public async Task Only_the_current_and_previous_installs_are_kept_and_leftovers_of_killed_runs_go()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var componentDirectory = Path.Combine(workspace.StateDirectory, "environments", "Dev", "api");
        Directory.CreateDirectory(Path.Combine(componentDirectory, ".extract-2026.4.0.0-dead"));
        foreach (var version in new[] { "2026.4.0.1", "2026.4.0.2", "2026.4.0.3" })
        {
            var release = await workspace.ReleaseAsync(server, "api", version);
            await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"))).Id);
        }

        Assert.Equal(["2026.4.0.2", "2026.4.0.3"], Directory.GetDirectories(componentDirectory).Select(Path.GetFileName).Order());
    }
}
