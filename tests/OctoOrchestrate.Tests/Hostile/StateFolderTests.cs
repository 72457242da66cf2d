using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>A bad --state is bad input naming the flag and the reason; reading commands never create a state folder.</summary>
public sealed class StateFolderTests : IDisposable
{
    readonly ReleaseWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    public static TheoryData<string, string> BadStates => new()
    {
        { "{manifest}", "is a file, not a folder" },
        { "/dev/null", "is under /dev" },
        { "/proc/octo-orchestrate-state", "is under /proc" },
        { "/sys/kernel/octo-orchestrate", "is under /sys" },
        { "{manifest}/state", "cannot be created" },
    };

    [Theory]
    [MemberData(nameof(BadStates))]
    public async Task A_state_that_cannot_hold_a_ledger_is_exit_2_naming_the_flag_and_the_reason(string state, string reason)
    {
        state = state.Replace("{manifest}", workspace.ManifestPath, StringComparison.Ordinal);
        foreach (var args in new[] { ["deploy", "--to", "Dev"], ["promote", "--from", "Dev", "--to", "Test"], new[] { "status" } })
        {
            var run = await CliRun.RunAsync(workspace.Root, [.. args, "--state", state]);

            Assert.True(run.ExitCode == ExitCodes.BadInput, $"{args[0]}: {run.ExitCode} {run.Error}");
            Assert.Contains($"--state '{state}'", run.Error, StringComparison.Ordinal);
            // status never creates a state folder, so a folder that cannot be created simply does not exist for it.
            Assert.Contains(args[0] == "status" && reason == "cannot be created" ? "does not exist" : reason, run.Error, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(workspace.ManifestPath));
    }

    [NeedsMountFact]
    public async Task A_state_on_a_read_only_mount_is_exit_2_not_writable_and_its_missing_subfolder_cannot_be_created()
    {
        using var disk = SmallDisk.Mount(256, readOnly: true);

        var existing = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--state", disk.Path);
        var missing = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--state", Path.Combine(disk.Path, "state"));

        Assert.Equal(ExitCodes.BadInput, existing.ExitCode);
        Assert.Contains("is not writable", existing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("cannot be created", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("typo")]
    [InlineData("deeper/typo")]
    public async Task Status_with_a_state_that_does_not_exist_is_exit_2_and_creates_nothing(string typo)
    {
        var state = Path.Combine(workspace.Root, typo);

        var run = await CliRun.RunAsync(workspace.Root, "status", "--state", state);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"--state '{state}' does not exist", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "deeper")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Status_without_a_state_folder_says_nothing_is_deployed_and_creates_none(bool json)
    {
        var run = await CliRun.RunAsync(workspace.Root, json ? ["status", "--json"] : ["status"]);

        Assert.True(run.ExitCode == 0, run.Error);
        if (json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(run.Out);
            var components = document.RootElement.GetProperty("components").EnumerateArray().ToList();
            Assert.Equal(["database", "cart", "api", "web", "docs"], components.Select(c => c.GetProperty("component").GetString()));
            Assert.All(components, c => Assert.All(c.GetProperty("environments").EnumerateObject(), e => Assert.Equal(System.Text.Json.JsonValueKind.Null, e.Value.ValueKind)));
        }
        else
            Assert.Contains("Nothing is released or deployed yet", run.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.StateDirectory));
    }

    [Fact]
    public async Task Status_on_an_empty_state_folder_creates_no_ledger_and_a_used_one_shows_what_is_deployed()
    {
        Directory.CreateDirectory(workspace.StateDirectory);
        var empty = await CliRun.RunAsync(workspace.Root, "status");
        Assert.Equal(0, empty.ExitCode);
        Assert.False(File.Exists(Path.Combine(workspace.StateDirectory, "ledger.db")));

        await using (var server = workspace.Open()) await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        Assert.Equal(0, (await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--component", "api")).ExitCode);
        var used = await CliRun.RunAsync(workspace.Root, "status", "--state", workspace.StateDirectory);
        Assert.Equal(0, used.ExitCode);
        Assert.Contains("2026.4.0.1", used.Out, StringComparison.Ordinal);
    }
}
