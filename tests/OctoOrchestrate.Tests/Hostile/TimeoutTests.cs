using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>Every component command has a limit (builds too), limits are validated, and a command ended by a signal says so.</summary>
public sealed class TimeoutTests
{
    [Theory]
    [InlineData("--timeout", "0", "deploy", "--to", "Dev")]
    [InlineData("--timeout", "-5", "deploy", "--to", "Dev")]
    [InlineData("--timeout", "99999999999", "ci")]
    [InlineData("--timeout", "604801", "promote", "--from", "Dev", "--to", "Test")]
    [InlineData("--timeout", "1.5", "ci")]
    [InlineData("--build-timeout", "0", "ci")]
    [InlineData("--build-timeout", "-1", "build")]
    [InlineData("--build-timeout", "abc", "pack")]
    public async Task A_timeout_that_is_zero_negative_too_large_or_not_a_number_is_bad_input_naming_the_flag(string flag, string value, params string[] command)
    {
        using var repo = new TempGitRepo();
        repo.Write("a/f", "0").Write("octo-orchestrate.yaml", "train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [ \"a/**\" ]\n");
        repo.Commit();

        var outcome = await CliRun.RunAsync(repo.Path, [.. command, flag, value]);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains($"{flag}: '{value}' is not valid", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".octo-orchestrate")), "nothing was written");
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "artifacts")), "nothing was built");
    }

    [Theory]
    [InlineData("ci", "--build-timeout", "1")]
    [InlineData("build", "--build-timeout", "1")]
    [InlineData("pack", null, null)] // OO_BUILD_TIMEOUT=1 below
    public async Task A_build_that_runs_too_long_is_stopped_with_its_children_and_reported_failed(string command, string? flag, string? value)
    {
        if (!Processes.IsLinux) return;
        using var repo = HostileRepos.HangingBuild();

        using var cli = CliProcess.Start(new Dictionary<string, string> { ["OO_BUILD_TIMEOUT"] = "1" }, repo.Path,
            flag is null ? [command] : [command, flag, value!]);
        var (code, output, error) = await CliProcess.RunToEndAsync(cli);

        Assert.True(code == ExitCodes.Failed, $"exit {code}: {error}{output}");
        Assert.Contains("build of a timed out after 1s", error, StringComparison.Ordinal);
        Assert.False(Processes.IsAlive(Processes.ReadPid(Path.Combine(repo.Path, "build.pid"))));
        Assert.False(Processes.IsAlive(Processes.ReadPid(Path.Combine(repo.Path, "child.pid"))));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    public async Task A_bad_OO_BUILD_TIMEOUT_is_bad_input_naming_the_variable(string value)
    {
        using var repo = HostileRepos.HangingBuild();

        using var cli = CliProcess.Start(new Dictionary<string, string> { ["OO_BUILD_TIMEOUT"] = value }, repo.Path, "build");
        var (code, _, error) = await CliProcess.RunToEndAsync(cli);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"OO_BUILD_TIMEOUT='{value}' is not valid", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Path, "build.pid")), "nothing was built");
    }

    [Theory]
    [InlineData("KILL", "killed by SIGKILL (exit 137)")]
    [InlineData("TERM", "killed by SIGTERM (exit 143)")]
    [InlineData("SEGV", "killed by SIGSEGV (exit 139)")]
    public async Task A_deploy_or_test_command_killed_by_a_signal_is_reported_with_the_signal_name(string signal, string expected)
    {
        if (!Processes.IsLinux) return;
        using var workspace = new ReleaseWorkspace($$"""
              - name: api
                paths: [ "api/**" ]
                deploy: kill -{{signal}} $$
              - name: web
                paths: [ "web/**" ]
                deploy: "true"
                test: kill -{{signal}} $$
            """);
        await using var server = workspace.Open();
        var api = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest((await workspace.ReleaseAsync(server, "api", "2026.4.0.1")).Id, "Dev"))).Id);
        var web = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest((await workspace.ReleaseAsync(server, "web", "2026.4.0.1")).Id, "Dev"))).Id);
        var tested = await OctoOrchestrate.Verify.VerifyStage.VerifyAsync(server, workspace.Manifest, "Dev", ["web"]);

        Assert.Equal(DeploymentState.Failed, api.State);
        Assert.Contains($"the deploy command {expected}", api.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentState.Success, web.State);
        Assert.Contains($"the test command {expected}", tested["web"]!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "exited with code 0")]
    [InlineData(3, "exited with code 3")]
    [InlineData(128, "exited with code 128")]
    [InlineData(130, "killed by SIGINT (exit 130)")]
    [InlineData(137, "killed by SIGKILL (exit 137)")]
    [InlineData(141, "killed by SIGPIPE (exit 141)")]
    [InlineData(200, "exited with code 200")]
    public void Exit_codes_above_128_name_the_signal_when_it_is_known(int code, string expected)
    {
        if (!Processes.IsLinux) return;
        Assert.Equal(expected, ExitStatus.Describe(code));
    }
}
