using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>SIGTERM (docker stop, CI cancel), SIGHUP and SIGQUIT cancel a run the way Ctrl+C does: recorded Canceled, group ended, 128+N.</summary>
public sealed class SignalTests
{
    const string LongDeploy = """
          - name: api
            paths: [ "api/**" ]
            deploy: echo $$ > "$OO_MANIFEST_DIR/deploy.pid"; sleep 300 & echo $! > "$OO_MANIFEST_DIR/child.pid"; sleep 300
        """;

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    [InlineData("HUP", 129)]
    [InlineData("QUIT", 131)]
    public async Task A_signal_during_a_deployment_records_it_Canceled_ends_its_process_group_and_exits_128_plus_the_signal(string signal, int exitCode)
    {
        if (!Processes.IsLinux) return;
        using var workspace = new ReleaseWorkspace(LongDeploy);
        await using (var setup = workspace.Open()) await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");

        using var cli = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api");
        var child = await Processes.WaitForPidFileAsync(Path.Combine(workspace.Root, "child.pid"), cli);
        var deploy = Processes.ReadPid(Path.Combine(workspace.Root, "deploy.pid"));
        Processes.Signal(cli.Id, signal);
        var (code, _, error) = await CliProcess.RunToEndAsync(cli);

        Assert.True(code == exitCode, $"exit {code}: {error}");
        Assert.Contains("canceled; rerun the same command to resume", error, StringComparison.Ordinal);
        Assert.False(Processes.IsAlive(deploy));
        Assert.False(Processes.IsAlive(child));
        await using var server = workspace.Open();
        Assert.Equal(DeploymentState.Canceled, (await server.GetDeploymentAsync("Deployments-1")).State);
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public async Task A_signal_during_a_build_ends_the_build_with_its_children(string signal, int exitCode)
    {
        if (!Processes.IsLinux) return;
        using var repo = HostileRepos.HangingBuild();

        using var cli = CliProcess.Start(repo.Path, "ci");
        var child = await Processes.WaitForPidFileAsync(Path.Combine(repo.Path, "child.pid"), cli);
        var build = Processes.ReadPid(Path.Combine(repo.Path, "build.pid"));
        Processes.Signal(cli.Id, signal);
        var (code, _, error) = await CliProcess.RunToEndAsync(cli);

        Assert.True(code == exitCode, $"exit {code}: {error}");
        Assert.False(Processes.IsAlive(build));
        Assert.False(Processes.IsAlive(child));
    }
}
