using Microsoft.Data.Sqlite;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Release;

public sealed class ReleaseTests
{
    const string Channels = """
        channels:
          - name: Default
            versionRule: "2026.4.0.*"
            default: true
          - name: Hotfix
            versionRule: "2026.4.1.*"
        """;

    [Fact]
    public async Task Creating_the_same_release_twice_returns_the_existing_one()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var first = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        var second = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");

        Assert.Equal(first, second);
        Assert.Single(await server.ListReleasesAsync("api"));
        Assert.Equal("Default", first.Channel);
        Assert.Equal(64, first.PackageSha256.Length);
        Assert.StartsWith(workspace.StateDirectory, first.PackagePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_package_for_an_existing_version_is_bad_input()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        await workspace.ReleaseAsync(server, "api", "2026.4.0.1", "one");

        var error = await Assert.ThrowsAsync<BadInputException>(() => workspace.ReleaseAsync(server, "api", "2026.4.0.1", "two"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("already released with a different package", error.Message, StringComparison.Ordinal);
        Assert.Contains("bump the version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_outside_its_channel_rule_is_rejected_and_the_release_stage_picks_the_matching_channel()
    {
        using var workspace = new ReleaseWorkspace(channels: Channels);
        await using var server = workspace.Open();

        var error = await Assert.ThrowsAsync<BadInputException>(() => workspace.ReleaseAsync(server, "api", "2026.4.1.3"));
        Assert.Contains("'2026.4.0.*' of channel 'Default'", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<BadInputException>(() => server.CreateReleaseAsync(
            new NewRelease("api", "2026.4.0.3", workspace.Package("api", "2026.4.0.3"), "abc", "", Channel: "Hotfix")));

        var staged = await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, [workspace.Packed("api", "2026.4.1.3"), workspace.Packed("database", "2026.4.0.7")]);

        Assert.Equal(["Hotfix", "Default"], staged.Releases.Select(r => r.Channel));
        Assert.All(staged.Result.Components, c => Assert.Equal(Outcome.Released, c.Outcome));
        Assert.Contains("change api (abc1234, Test)", staged.Releases[0].ReleaseNotes, StringComparison.Ordinal);
        var again = await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, [workspace.Packed("api", "2026.4.1.3")]);
        Assert.Equal(Outcome.AlreadyReleased, again.Result["api"]!.Outcome);
    }

    [Fact]
    public async Task Find_by_wildcard_returns_the_newest_matching_version_in_numeric_order()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        foreach (var version in new[] { "2026.4.0.9", "2026.4.0.10", "2026.4.1.2" }) await workspace.ReleaseAsync(server, "api", version);

        Assert.Equal("2026.4.0.10", (await server.FindReleaseAsync("api", "2026.4.0.*"))!.Version);
        Assert.Equal("2026.4.1.2", (await server.FindReleaseAsync("api", "*"))!.Version);
        Assert.Equal("2026.4.0.9", (await server.FindReleaseAsync("api", "2026.4.0.9"))!.Version);
        Assert.Null(await server.FindReleaseAsync("api", "2026.5.*"));
    }

    [Fact]
    public async Task The_ledger_is_migrated_to_the_latest_schema_in_wal_mode_and_reopens()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var server = workspace.Open()) await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        await using (var reopened = workspace.Open()) Assert.Single(await reopened.ListReleasesAsync("api"));

        using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.StateDirectory, "ledger.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        Assert.Equal((long)LedgerMigrations.Latest, (long)command.ExecuteScalar()!);
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_ledger_from_a_newer_octo_orchestrate_is_refused_with_exit_code_5()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var _ = workspace.Open()) { }
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.StateDirectory, "ledger.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {LedgerMigrations.Latest + 1}";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<OctoOrchestrateException>(() => workspace.Open());

        Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
        Assert.Contains("Update octo-orchestrate", error.Message, StringComparison.Ordinal);
    }
}
