using System.Globalization;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>Component commands lead their own process group: a cancel ends all of it, a normal exit leaves started services alone.</summary>
public sealed class ProcessGroupTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("octo-orchestrate-groups-").FullName;
    readonly List<int> started = [];

    static readonly Dictionary<string, string?> NoVariables = [];

    [Fact]
    public async Task A_component_command_leads_a_process_group_of_its_own_and_reports_it_before_it_starts()
    {
        if (!Processes.IsLinux) return; // process groups are Linux-only
        CommandGroup? group = null;
        var sawMarker = false;

        var result = await ComponentShell.RunAsync("echo \"$$ $(awk '{print $5}' /proc/$$/stat)\"; cat marker", folder, NoVariables, null, default,
            g => { group = g; sawMarker = File.Exists(Path.Combine(folder, "marker")); File.WriteAllText(Path.Combine(folder, "marker"), "recorded"); });

        Assert.NotNull(group);
        Assert.False(sawMarker);
        var ids = result.StandardOutput.Split('\n')[0].Split(' ');
        Assert.Equal(group.Id.ToString(CultureInfo.InvariantCulture), ids[0]);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(Processes.GroupOf(Environment.ProcessId), group.Id);
        Assert.Contains("recorded", result.StandardOutput, StringComparison.Ordinal); // the command ran only after its group was recorded
    }

    [Theory]
    [InlineData("sleep 300 & echo $! > bg.pid; sleep 300")]
    [InlineData("( sleep 300 & echo $! > bg.pid; wait ) & wait")]
    [InlineData("nohup sleep 300 > /dev/null 2>&1 & echo $! > bg.pid; sleep 300")]
    [InlineData("trap '' TERM; sleep 300 & echo $! > bg.pid; while true; do sleep 0.1; done")] // ignores SIGTERM: SIGKILL after the grace
    public async Task Cancel_ends_the_whole_group_including_background_children(string command)
    {
        if (!Processes.IsLinux) return; // process groups are Linux-only
        using var cancel = new CancellationTokenSource();
        CommandGroup? group = null;
        var run = ComponentShell.RunAsync(command, folder, NoVariables, null, cancel.Token, g => group = g);
        var pidFile = Path.Combine(folder, "bg.pid");
        await Processes.WaitUntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the background child's pid");
        var child = Processes.ReadPid(pidFile);
        started.Add(child);
        Assert.True(Processes.IsAlive(child));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.False(Processes.IsAlive(child), "the background child was ended with its group");
        Assert.False(Processes.IsAlive(group!.Id), "the command itself was ended");
    }

    [Theory]
    [InlineData("sleep 120 & echo $! > bg.pid; echo started")]
    [InlineData("nohup sleep 120 & echo $! > bg.pid; echo started")]
    [InlineData("setsid sleep 120 & echo $! > bg.pid; echo started")]
    [InlineData("sleep 120 & echo $! > bg.pid; sleep 1.5; echo started")] // silent, then its last line just before it exits
    [InlineData("for i in $(seq 1 2000); do echo \"line $i\"; done; (sleep 120; echo late) & echo $! > bg.pid; echo started")]
    public async Task A_background_child_holding_the_output_does_not_hold_the_command_and_is_left_running(string command)
    {
        if (!Processes.IsLinux) return; // process groups are Linux-only
        var lines = new List<string>();

        var result = await ComponentShell.RunAsync(command, folder, NoVariables, line => { lock (lines) lines.Add(line); });

        var child = Processes.ReadPid(Path.Combine(folder, "bg.pid"));
        started.Add(child);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("started", lines);
        Assert.DoesNotContain("late", lines);
        if (command.StartsWith("for", StringComparison.Ordinal)) Assert.Equal(Enumerable.Range(1, 2000).Select(i => $"line {i}"), lines.Take(2000));
        Assert.True(Processes.IsAlive(child), "a service the command started is its business: a normal exit does not end it");
    }

    [Fact]
    public async Task A_deployment_that_starts_a_service_succeeds_and_the_timeout_still_ends_a_hung_one_with_its_children()
    {
        if (!Processes.IsLinux) return; // process groups are Linux-only
        using var workspace = new ReleaseWorkspace("""
              - name: svc
                paths: [ "svc/**" ]
                deploy: sleep 120 & echo $! > "$OO_MANIFEST_DIR/svc.pid"; echo "service started"
              - name: hung
                paths: [ "hung/**" ]
                deploy: sleep 300 & echo $! > "$OO_MANIFEST_DIR/hung.pid"; sleep 300
            """);
        await using var server = workspace.Open();
        var svc = await workspace.ReleaseAsync(server, "svc", "2026.4.0.1");
        var hung = await workspace.ReleaseAsync(server, "hung", "2026.4.0.1");

        var result = await DeployStage.DeployAsync(server, workspace.Manifest, [svc, hung], "Dev", new DeployOptions(Timeout: TimeSpan.FromSeconds(2)));

        started.Add(Processes.ReadPid(Path.Combine(workspace.Root, "svc.pid")));
        Assert.Equal(Outcome.Deployed, result["svc"]!.Outcome);
        Assert.Equal(Outcome.TimedOut, result["hung"]!.Outcome);
        Assert.True(Processes.IsAlive(started[^1]));
        Assert.False(Processes.IsAlive(Processes.ReadPid(Path.Combine(workspace.Root, "hung.pid"))));
        Assert.Equal(DeploymentState.Success, (await server.GetCurrentDeploymentAsync("svc", "Dev"))!.State);
    }

    public void Dispose()
    {
        Processes.KillAll(started.Where(Processes.IsAlive));
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
