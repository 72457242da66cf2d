using Microsoft.Data.Sqlite;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Local;

public sealed class CrashAndConcurrencyTests
{
    [Fact]
    public async Task A_deployment_whose_process_was_killed_is_Failed_on_the_next_open_and_the_rerun_deploys_again()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var setup = workspace.Open()) await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");
        workspace.Touch("sleep.api", "60");

        using var cli = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api");
        await CliProcess.WaitForFileAsync(Path.Combine(workspace.Root, "timeline", "Dev.api.start"), cli);
        var pid = cli.Id;
        cli.Kill(entireProcessTree: true);
        await cli.WaitForExitAsync();

        await using var server = workspace.Open();
        var abandoned = await server.GetDeploymentAsync("Deployments-1");
        Assert.Equal(DeploymentState.Failed, abandoned.State);
        Assert.Contains($"the process that ran it (pid {pid}) is gone", abandoned.Reason, StringComparison.Ordinal);
        Assert.NotNull(abandoned.CompletedAt);

        workspace.Remove("sleep.api");
        var rerun = await DeployStage.DeployAsync(server, workspace.Manifest, [(await server.FindReleaseAsync("api", "*"))!], "Dev");
        Assert.Equal(Outcome.Deployed, rerun["api"]!.Outcome);
        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Version);
    }

    [Fact]
    public async Task Cancelling_a_deployment_another_process_runs_makes_that_process_stop_it_as_Canceled()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        workspace.Touch("sleep.api", "60");

        using var cli = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api");
        await CliProcess.WaitForFileAsync(Path.Combine(workspace.Root, "timeline", "Dev.api.start"), cli);
        var canceled = await server.CancelDeploymentAsync("Deployments-1");
        var (exitCode, output, _) = await CliProcess.RunToEndAsync(cli);

        Assert.True(canceled.State == DeploymentState.Canceled, canceled.Reason);
        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("Canceled", output, StringComparison.Ordinal);
        Assert.Null(await server.GetCurrentDeploymentAsync("api", "Dev"));
    }

    [Fact]
    public async Task Two_processes_deploying_the_same_component_to_one_environment_take_turns_and_the_ledger_stays_consistent()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var setup = workspace.Open()) await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");
        workspace.Touch("sleep.api", "1");

        using var first = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api", "--force", "--json");
        using var second = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api", "--force", "--json");
        var results = await Task.WhenAll(CliProcess.RunToEndAsync(first), CliProcess.RunToEndAsync(second));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error + r.Out));
        await using var server = workspace.Open();
        var deployments = new[] { await server.GetDeploymentAsync("Deployments-1"), await server.GetDeploymentAsync("Deployments-2") }
            .OrderBy(d => d.StartedAt).ToArray();
        Assert.All(deployments, d => Assert.Equal(DeploymentState.Success, d.State));
        Assert.True(deployments[1].StartedAt >= deployments[0].CompletedAt, "the second deployment waited for the first");
        Assert.Equal(deployments[1].Id, (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Id);
        Assert.Equal(2, workspace.DeployedVersions("Dev", "api").Length);

        using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.StateDirectory, "ledger.db")};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string)check.ExecuteScalar()!);
        check.CommandText = "SELECT count(*) FROM leases";
        Assert.Equal(0L, (long)check.ExecuteScalar()!);
    }

    [Fact]
    public async Task Within_one_process_a_second_deployment_of_the_same_target_queues_behind_the_first()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var one = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        var two = await workspace.ReleaseAsync(server, "api", "2026.4.0.2");
        workspace.Touch("sleep.api", "1");

        var started = await Task.WhenAll(
            server.StartDeploymentAsync(new DeploymentRequest(one.Id, "Dev")),
            server.StartDeploymentAsync(new DeploymentRequest(two.Id, "Dev")));
        var done = (await Task.WhenAll(started.Select(d => server.WaitForDeploymentAsync(d.Id)))).OrderBy(d => d.StartedAt).ToArray();

        Assert.All(done, d => Assert.Equal(DeploymentState.Success, d.State));
        Assert.True(done[1].StartedAt >= done[0].CompletedAt);
        Assert.Equal(done[1].Version, (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Version);
        Assert.Equal(done[1].Version, File.ReadAllText(Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "current")).Trim());
    }
}
