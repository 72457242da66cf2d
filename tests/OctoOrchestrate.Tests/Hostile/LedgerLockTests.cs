using OctoOrchestrate.Local;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// A ledger write-locked by another process while a deployment finishes: the outcome is not lost. The completion write waits the lock
/// out, and if the process dies first, the next run records what its outcome file says instead of "the process is gone".
/// </summary>
public sealed class LedgerLockTests : IDisposable
{
    const string GatedComponents = """
          - name: api
            paths: [ "api/**" ]
            deploy: touch "$OO_MANIFEST_DIR/started.$OO_VERSION"; while [ ! -f "$OO_MANIFEST_DIR/go" ]; do sleep 0.05; done; echo deployed
        """;

    readonly ReleaseWorkspace workspace = new(GatedComponents);

    string LedgerPath => Path.Combine(workspace.StateDirectory, "ledger.db");

    public void Dispose() => workspace.Dispose();

    static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within 60 s");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData("2026.4.0.1")]
    [InlineData("2026.4.0.2")]
    public async Task A_deployment_that_finishes_while_another_process_holds_the_lock_past_the_wait_is_still_recorded_Success(string version)
    {
        await using var server = LocalReleaseServer.Open(workspace.Manifest, null, TimeSpan.FromSeconds(1));
        var release = await workspace.ReleaseAsync(server, "api", version);
        var deployment = await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"));
        await WaitForAsync(() => File.Exists(Path.Combine(workspace.Root, $"started.{version}")), "the deploy command's start");
        var logPath = (await server.GetDeploymentAsync(deployment.Id)).LogPath!;

        using (LedgerFile.HoldWriteLock(LedgerPath))
        {
            workspace.Touch("go");
            await WaitForAsync(() => File.Exists(logPath + ".outcome"), "the outcome file");
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the 1 s busy timeout: the first completion write has given up by now
            Assert.Equal(DeploymentState.Executing, (await server.GetDeploymentAsync(deployment.Id)).State);
        }

        var done = await server.WaitForDeploymentAsync(deployment.Id);
        Assert.True(done.State == DeploymentState.Success, done.Reason);
        Assert.Equal(deployment.Id, (await server.GetCurrentDeploymentAsync("api", "Dev"))!.Id);
        Assert.Equal(version, File.ReadAllText(Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "current")).Trim());
    }

    [Theory]
    [InlineData("Success")]
    [InlineData("Failed")]
    public async Task A_process_killed_while_its_completion_write_waits_for_the_lock_is_recovered_with_the_outcome_it_recorded(string outcome)
    {
        if (outcome == "Failed") File.WriteAllText(workspace.ManifestPath, File.ReadAllText(workspace.ManifestPath).Replace("echo deployed", "exit 7"));
        await using (var setup = workspace.Open()) await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");
        await using var observer = workspace.Open();

        using var cli = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api");
        await CliProcess.WaitForFileAsync(Path.Combine(workspace.Root, "started.2026.4.0.1"), cli);
        var logPath = (await observer.GetDeploymentAsync("Deployments-1")).LogPath!;
        using (LedgerFile.HoldWriteLock(LedgerPath))
        {
            workspace.Touch("go");
            await WaitForAsync(() => File.Exists(logPath + ".outcome"), "the outcome file");
            await Task.Delay(500);
            Assert.False(cli.HasExited, "the process waits for the lock");
            cli.Kill(entireProcessTree: true);
            await cli.WaitForExitAsync();
        }

        await using var rerun = workspace.Open();
        var recovered = await rerun.GetDeploymentAsync("Deployments-1");
        Assert.Equal(Enum.Parse<DeploymentState>(outcome), recovered.State);
        Assert.DoesNotContain("is gone", recovered.Reason ?? "", StringComparison.Ordinal);
        Assert.Equal(outcome == "Success", await rerun.GetCurrentDeploymentAsync("api", "Dev") is not null);
        Assert.Equal(outcome == "Success", File.Exists(Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "current")));
    }
}
