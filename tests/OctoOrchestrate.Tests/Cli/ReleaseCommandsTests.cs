using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cli;

public sealed class ReleaseCommandsTests
{
    [Fact]
    public async Task Deploy_promote_and_status_show_the_current_release_per_environment()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var server = workspace.Open())
        {
            await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
            await workspace.ReleaseAsync(server, "database", "2026.4.0.1");
            await workspace.ReleaseAsync(server, "database", "2026.4.0.2");
        }

        var deploy = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev");
        Assert.True(deploy.ExitCode == 0, deploy.Error + deploy.Out);
        Assert.Contains("Deployed", deploy.Out, StringComparison.Ordinal);

        workspace.Touch("failtest.api");
        var promote = await CliRun.RunAsync(workspace.Root, "promote", "--from", "Dev", "--to", "Test");
        Assert.Equal(ExitCodes.Failed, promote.ExitCode);
        Assert.Contains("NotPromoted", promote.Out, StringComparison.Ordinal);

        var status = await CliRun.RunAsync(workspace.Root, "status", "--json");
        Assert.Equal(0, status.ExitCode);
        var components = JsonDocument.Parse(status.Out).RootElement.GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("component").GetString()!, c => c.GetProperty("environments"));
        Assert.Equal("2026.4.0.2", components["database"].GetProperty("Dev").GetProperty("version").GetString());
        Assert.Equal("2026.4.0.2", components["database"].GetProperty("Test").GetProperty("version").GetString());
        Assert.Equal("2026.4.0.1", components["api"].GetProperty("Dev").GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, components["api"].GetProperty("Test").ValueKind);
        Assert.DoesNotContain("lib", components.Keys);

        var table = await CliRun.RunAsync(workspace.Root, "status");
        Assert.Contains("Production", table.Out, StringComparison.Ordinal);
        Assert.Contains("2026.4.0.2", table.Out, StringComparison.Ordinal);

        await using (var server = workspace.Open()) await workspace.ReleaseAsync(server, "api", "2026.4.0.3");
        workspace.Touch("fail.api");
        Assert.Equal(ExitCodes.Failed, (await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--component", "api")).ExitCode);
        var afterFailure = await CliRun.RunAsync(workspace.Root, "status");
        Assert.Contains("2026.4.0.1 (2026.4.0.3 Failed)", afterFailure.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_flag_moves_the_ledger_and_an_unknown_environment_is_bad_input()
    {
        using var workspace = new ReleaseWorkspace();
        var elsewhere = Path.Combine(workspace.Root, "elsewhere");

        var status = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--state", elsewhere);
        Assert.Equal(0, status.ExitCode);
        Assert.True(File.Exists(Path.Combine(elsewhere, "ledger.db")));
        Assert.False(Directory.Exists(workspace.StateDirectory));

        await using (var server = workspace.Open()) await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        var deploy = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Nowhere", "--component", "api");
        Assert.Equal(ExitCodes.BadInput, deploy.ExitCode);
        Assert.Contains("Environment 'Nowhere' is not in the lifecycle (Dev -> Test -> Production)", deploy.Error, StringComparison.Ordinal);
    }
}
