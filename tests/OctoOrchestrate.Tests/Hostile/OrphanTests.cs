using System.IO.Compression;
using Microsoft.Data.Sqlite;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>What a kill -9 of the orchestrator leaves running is found and ended before anything is redeployed or repacked.</summary>
public sealed class OrphanTests
{
    [Fact]
    public async Task A_deploy_command_left_running_by_a_killed_owner_is_ended_before_the_rerun_deploys()
    {
        if (!Processes.IsLinux) return;
        using var workspace = new ReleaseWorkspace("""
              - name: api
                paths: [ "api/**" ]
                deploy: echo "start $$" >> "$OO_MANIFEST_DIR/journal"; sleep 300 & echo $! > "$OO_MANIFEST_DIR/child.pid"; [ "$(wc -l < "$OO_MANIFEST_DIR/journal")" -eq 1 ] && sleep 120; sleep 1; echo "end $$" >> "$OO_MANIFEST_DIR/journal"
            """);
        await using (var setup = workspace.Open()) await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");

        // The first deploy (the one killed) runs for two minutes, the rerun's for a second: the orphan is still there however slow the machine.
        using var cli = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--component", "api");
        var child = await Processes.WaitForPidFileAsync(Path.Combine(workspace.Root, "child.pid"), cli);
        cli.Kill(); // only the orchestrator, like kill -9: its deploy command lives on in its own process group
        await cli.WaitForExitAsync();
        var first = int.Parse(File.ReadAllLines(Path.Combine(workspace.Root, "journal"))[0].Split(' ')[1]);
        Assert.True(Processes.IsAlive(first), "the orphan survived the kill (the case under test)");

        await using var server = workspace.Open();

        Assert.False(Processes.IsAlive(first));
        Assert.False(Processes.IsAlive(child));
        var abandoned = await server.GetDeploymentAsync("Deployments-1");
        Assert.Equal(DeploymentState.Failed, abandoned.State);
        Assert.Contains($"process group {first}) was still running and was ended", abandoned.Reason, StringComparison.Ordinal);
        var rerun = await DeployStage.DeployAsync(server, workspace.Manifest, [(await server.FindReleaseAsync("api", "*"))!], "Dev");
        Assert.Equal(Outcome.Deployed, rerun["api"]!.Outcome);
        var journal = File.ReadAllLines(Path.Combine(workspace.Root, "journal"));
        Assert.Equal(["start", "start", "end"], journal.Select(l => l.Split(' ')[0]));
        Assert.DoesNotContain($"end {first}", journal);
        Processes.KillAll(Processes.WithEnvironment($"OO_MANIFEST_DIR={workspace.Root}").Select(p => p.Pid));
    }

    [Fact]
    public async Task A_command_whose_group_cannot_be_recorded_never_runs()
    {
        if (!Processes.IsLinux) return;
        var folder = Directory.CreateTempSubdirectory("octo-orchestrate-gate-").FullName;
        CommandGroup? group = null;

        await Assert.ThrowsAsync<IOException>(() => ComponentShell.RunAsync("touch ran", folder, new Dictionary<string, string?>(), null, default,
            g => { group = g; throw new IOException("the ledger is gone"); }));

        Assert.NotNull(group);
        Assert.False(Processes.IsAlive(group.Id));
        Assert.False(File.Exists(Path.Combine(folder, "ran")));
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(10, false)] // reported 10 s ago: alive as far as anyone here can tell
    [InlineData(600, true)] // silent for 10 minutes: its lease expired
    public async Task An_owner_in_another_PID_namespace_is_judged_by_its_heartbeat_never_by_a_pid_lookup_here(int silentSeconds, bool recovered)
    {
        using var workspace = new ReleaseWorkspace();
        await using (var setup = workspace.Open())
        {
            var release = await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");
            Assert.Equal(DeploymentState.Success, (await setup.WaitForDeploymentAsync((await setup.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"))).Id)).State);
        }

        // Make Deployments-1 look like one another container (its own PID namespace) is running as its pid 2; pid 2 here is someone else.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.StateDirectory, "ledger.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE deployments SET state = 'Executing', completed_at = NULL, owner_pid = 2, owner_host = 'other-boot/pid:[1]', " +
                "heartbeat_at = $beat, command_group = 2, command_started = '1' WHERE id = 1; " +
                "INSERT INTO leases (component, environment, deployment_id, owner_pid, owner_started, acquired_at) VALUES ('api', 'Dev', 1, 2, 'x', $beat);";
            command.Parameters.AddWithValue("$beat", DateTimeOffset.UtcNow.AddSeconds(-silentSeconds).ToString("O"));
            command.ExecuteNonQuery();
        }

        // Still running over there: it has not written its outcome beside the log yet.
        foreach (var outcome in Directory.EnumerateFiles(workspace.StateDirectory, "*.outcome", SearchOption.AllDirectories)) File.Delete(outcome);

        await using var server = workspace.Open();
        var deployment = await server.GetDeploymentAsync("Deployments-1");

        Assert.Equal(recovered ? DeploymentState.Failed : DeploymentState.Executing, deployment.State);
        if (recovered)
        {
            Assert.Contains("on another machine or PID namespace, other-boot/pid:[1]) stopped reporting", deployment.Reason, StringComparison.Ordinal);
            Assert.Contains("cannot be checked from here", deployment.Reason, StringComparison.Ordinal);
        }

        Assert.True(Processes.IsAlive(1) || !Processes.IsLinux, "nothing here was signalled");
    }

    [Fact]
    public async Task A_build_left_running_by_a_killed_run_is_ended_and_never_leaks_into_the_reruns_package()
    {
        if (!Processes.IsLinux) return;
        using var repo = new TempGitRepo();
        repo.Write(".gitignore", "artifacts/\n.octo-orchestrate/\nbuilds\n").Write("a/f", "0").Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [ Dev ]
            components:
              - name: a
                paths: [ "a/**" ]
                build: echo $$ >> builds; n=8; [ "$(wc -l < builds)" -eq 1 ] && n=240; i=1; while [ $i -le $n ]; do sleep 0.5; echo "$$" > "$OO_OUTPUT/part$i-from-$$"; i=$((i+1)); done
            """);
        repo.Commit("a");
        // The killed run's build runs for two minutes and the rerun's for four seconds: a slow rerun can never find the orphan already
        // finished, and an orphan that is not ended keeps writing parts the package check would see.
        var builds = Path.Combine(repo.Path, "builds");

        using var cli = CliProcess.Start(repo.Path, "ci");
        await CliProcess.WaitForFileAsync(builds, cli);
        await Processes.WaitUntilAsync(() => Directory.EnumerateFiles(Path.Combine(repo.Path, "artifacts", "build", "a"), "part1-*", SearchOption.AllDirectories).Any(), "the first part");
        cli.Kill();
        await cli.WaitForExitAsync();
        var orphan = Processes.ReadPid(builds);
        Assert.True(Processes.IsAlive(orphan), "the killed run's build survived it (the case under test)");

        var rerun = await CliRun.RunAsync(repo.Path, "ci");

        Assert.True(rerun.ExitCode == 0, rerun.Error + rerun.Out);
        Assert.False(Processes.IsAlive(orphan));
        Assert.Contains($"ended a build left running by a killed run (process group {orphan})", rerun.Error, StringComparison.Ordinal);
        var second = File.ReadAllLines(builds)[1];
        using var package = ZipFile.OpenRead(Path.Combine(repo.Path, "artifacts", "packages", "a.2026.4.0.1.zip"));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"part{i}-from-{second}"), package.Entries.Select(e => e.FullName).Order());
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.Combine(repo.Path, "artifacts", "build", "a")));
    }

    [Fact]
    public async Task A_test_command_left_running_by_a_killed_run_is_ended_before_the_next_test_of_that_component()
    {
        if (!Processes.IsLinux) return;
        using var workspace = new ReleaseWorkspace("""
              - name: api
                paths: [ "api/**" ]
                deploy: "true"
                test: if [ -f "$OO_MANIFEST_DIR/hang" ]; then echo $$ > "$OO_MANIFEST_DIR/test.pid"; sleep 300 & echo $! > "$OO_MANIFEST_DIR/child.pid"; wait; fi
            """);
        await using (var setup = workspace.Open())
        {
            var release = await workspace.ReleaseAsync(setup, "api", "2026.4.0.1");
            await setup.WaitForDeploymentAsync((await setup.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"))).Id);
        }

        workspace.Touch("hang");
        using var cli = CliProcess.Start(workspace.Root, "promote", "--from", "Dev", "--to", "Test");
        var child = await Processes.WaitForPidFileAsync(Path.Combine(workspace.Root, "child.pid"), cli);
        cli.Kill();
        await cli.WaitForExitAsync();
        var test = Processes.ReadPid(Path.Combine(workspace.Root, "test.pid"));
        Assert.True(Processes.IsAlive(test), "the test outlived the killed run (the case under test)");
        workspace.Remove("hang");

        var rerun = await CliRun.RunAsync(workspace.Root, "promote", "--from", "Dev", "--to", "Test");

        Assert.True(rerun.ExitCode == 0, rerun.Error + rerun.Out);
        Assert.False(Processes.IsAlive(test));
        Assert.False(Processes.IsAlive(child));
    }

    [Fact]
    public async Task A_command_whose_owner_still_runs_is_never_ended_by_another_run()
    {
        if (!Processes.IsLinux) return;
        var folder = Directory.CreateTempSubdirectory("octo-orchestrate-owner-").FullName;
        var file = Path.Combine(folder, "x.group");
        using var cancel = new CancellationTokenSource();
        CommandGroup? group = null;
        var running = ComponentShell.RunAsync("sleep 300", folder, new Dictionary<string, string?>(), null, cancel.Token, g => { group = g; GroupFile.Record(file, g); });
        await Processes.WaitUntilAsync(() => group is not null, "the command's start");

        Assert.Null(GroupFile.EndLeftover(file)); // its owner (this process) is alive: a concurrent run, not an orphan
        Assert.True(Processes.IsAlive(group!.Id));
        Assert.True(File.Exists(file));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.False(Processes.IsAlive(group.Id));
        Directory.Delete(folder, recursive: true);
    }
}
