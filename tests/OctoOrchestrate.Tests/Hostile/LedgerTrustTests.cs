using Microsoft.Data.Sqlite;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>A ledger that was lost, damaged or locked is refused with exit 5 and what is wrong, never read as "nothing deployed" or crashed on.</summary>
public sealed class LedgerTrustTests : IDisposable
{
    readonly ReleaseWorkspace workspace = new();

    string LedgerPath => Path.Combine(workspace.StateDirectory, "ledger.db");

    public void Dispose() => workspace.Dispose();

    /// <summary>Releases and deploys to Dev, so the state folder holds packages/ and environments/ (and, with many notes, a ledger of many pages).</summary>
    async Task PopulateAsync(int releases = 2)
    {
        await using var server = workspace.Open();
        for (var build = 1; build <= releases; build++)
            await server.CreateReleaseAsync(new NewRelease("api", $"2026.4.0.{build}", workspace.Package("api", $"2026.4.0.{build}", $"api {build}"), "abc1234def", new string('n', 3000)));
        var result = await DeployStage.DeployAsync(server, workspace.Manifest, [(await server.FindReleaseAsync("api", "*"))!], "Dev");
        Assert.True(result.Succeeded, result.Components[0].Reason);
    }

    [Theory]
    [InlineData("empty", "is empty (0 bytes)")]
    [InlineData("missing", "is missing")]
    [InlineData("schemaless", "has no schema")]
    public async Task A_lost_ledger_beside_packages_and_installs_is_refused_not_started_over(string damage, string expected)
    {
        await PopulateAsync();
        foreach (var file in Directory.EnumerateFiles(workspace.StateDirectory, "ledger.db*")) File.Delete(file);
        if (damage == "empty") await File.WriteAllBytesAsync(LedgerPath, []);
        if (damage == "schemaless") LedgerFile.Scalar(LedgerPath, "PRAGMA user_version = 0;"); // a valid SQLite file with no tables

        foreach (var args in new[] { ["status"], ["deploy", "--to", "Dev"], new[] { "promote", "--from", "Dev", "--to", "Test" } })
        {
            var run = await CliRun.RunAsync(workspace.Root, args);

            Assert.True(run.ExitCode == ExitCodes.ReleaseServerFailed, $"{string.Join(' ', args)}: {run.ExitCode} {run.Error}{run.Out}");
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
            Assert.Contains("packages/ and environments/", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(damage == "missing", !File.Exists(LedgerPath));
        if (damage == "empty") Assert.Equal(0, new FileInfo(LedgerPath).Length); // nothing was created in its place
        Assert.Empty(workspace.DeployedVersions("Test", "api"));
    }

    [Fact]
    public async Task An_empty_ledger_in_a_state_folder_that_holds_nothing_else_is_a_new_ledger()
    {
        Directory.CreateDirectory(workspace.StateDirectory);
        await File.WriteAllBytesAsync(LedgerPath, []);

        var run = await CliRun.RunAsync(workspace.Root, "status");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal((long)OctoOrchestrate.Local.LedgerMigrations.Latest, (long)LedgerFile.Scalar(LedgerPath, "PRAGMA user_version;")!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_ledger_damaged_on_any_page_is_exit_5_corrupt_for_every_command_and_never_a_crash(int page)
    {
        await PopulateAsync(releases: 12);
        LedgerFile.DamagePage(LedgerPath, page);

        foreach (var args in new[] { ["status"], ["deploy", "--to", "Dev", "--force"], new[] { "promote", "--from", "Dev", "--to", "Test" } })
        {
            var run = await CliRun.RunAsync(workspace.Root, args);

            Assert.True(run.ExitCode == ExitCodes.ReleaseServerFailed, $"{string.Join(' ', args)}: {run.ExitCode} {run.Error}{run.Out}");
            Assert.Contains("is corrupt", run.Error, StringComparison.Ordinal);
            Assert.Contains(LedgerPath, run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Damage_found_after_the_ledger_was_opened_is_mapped_on_every_call()
    {
        await PopulateAsync(releases: 12);
        await using var server = workspace.Open();
        LedgerFile.DamagePages(LedgerPath, first: 2); // every table's pages; the header on page 1 stays intact

        var calls = new Func<Task>[]
        {
            () => server.GetDashboardAsync(),
            () => server.ListReleasesAsync("api"),
            () => server.GetCurrentDeploymentAsync("api", "Dev"),
            () => workspace.ReleaseAsync(server, "api", "2026.4.0.13"),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<OctoOrchestrateException>(call);
            Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
            Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_lock_held_past_the_wait_is_exit_5_locked_for_a_write_while_reading_and_status_keep_working()
    {
        await PopulateAsync();
        await using var server = LocalReleaseServer.Open(workspace.Manifest, null, TimeSpan.FromSeconds(1));

        using (LedgerFile.HoldWriteLock(LedgerPath))
        {
            var onWrite = await Assert.ThrowsAsync<OctoOrchestrateException>(() => workspace.ReleaseAsync(server, "api", "2026.4.0.3"));
            var onDeploy = await Assert.ThrowsAsync<OctoOrchestrateException>(() =>
                DeployStage.DeployAsync(server, workspace.Manifest, [server.FindReleaseAsync("api", "2026.4.0.1").Result!], "Dev", DeployOptions.Forced()));
            foreach (var error in new[] { onWrite, onDeploy })
            {
                Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
                Assert.Contains("stayed locked by another process for longer than the 1 s wait", error.Message, StringComparison.Ordinal);
            }

            // Opening and reading need no write lock (WAL readers), so status answers at once instead of waiting 30 s.
            await using (var reader = LocalReleaseServer.Open(workspace.Manifest, null, TimeSpan.FromSeconds(1)))
                Assert.Equal("2026.4.0.2", (await reader.GetCurrentDeploymentAsync("api", "Dev"))!.Version);
            var status = await CliRun.RunAsync(workspace.Root, "status");
            Assert.True(status.ExitCode == 0, status.Error);
            Assert.Contains("2026.4.0.2", status.Out, StringComparison.Ordinal);
        }

        Assert.Equal("2026.4.0.3", (await workspace.ReleaseAsync(server, "api", "2026.4.0.3")).Version); // the same call works once the lock is gone
    }

    [Fact]
    public async Task An_open_that_must_migrate_or_recover_under_a_held_lock_is_exit_5_locked()
    {
        await PopulateAsync();
        LedgerFile.Scalar(LedgerPath, "INSERT INTO deployments (release_id, component, version, environment, state, owner_pid, owner_started, queued_at) " +
            "SELECT 1, 'api', '2026.4.0.1', 'Dev', 'Executing', 2147483600, '2000-01-01T00:00:00.0000000Z', '2000-01-01T00:00:00.0000000Z'");

        using (LedgerFile.HoldWriteLock(LedgerPath))
        {
            var error = Assert.Throws<OctoOrchestrateException>(() => LocalReleaseServer.Open(workspace.Manifest, null, TimeSpan.FromSeconds(1)));
            Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
            Assert.Contains("stayed locked", error.Message, StringComparison.Ordinal);
        }

        await using var server = workspace.Open();
        Assert.Equal(DeploymentState.Failed, (await server.GetDeploymentAsync("Deployments-2")).State);
    }

    [Fact]
    public async Task Failures_SQLite_reports_are_told_apart_in_the_message()
    {
        await PopulateAsync();
        var readOnly = Assert.Throws<SqliteException>(() =>
        {
            using var connection = new SqliteConnection($"Data Source={LedgerPath};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM releases";
            command.ExecuteNonQuery();
        });
        LedgerFile.DamagePage(LedgerPath, 1);
        var corrupt = Assert.Throws<SqliteException>(() => LedgerFile.Scalar(LedgerPath, "SELECT count(*) FROM releases"));

        Assert.Contains("cannot be opened for writing", LedgerErrors.Map(LedgerPath, readOnly, TimeSpan.FromSeconds(30)).Message, StringComparison.Ordinal);
        Assert.Contains("is corrupt", LedgerErrors.Map(LedgerPath, corrupt, TimeSpan.FromSeconds(30)).Message, StringComparison.Ordinal);
        Assert.All(new[] { readOnly, corrupt }, e => Assert.Equal(ExitCodes.ReleaseServerFailed, LedgerErrors.Map(LedgerPath, e, TimeSpan.FromSeconds(30)).ExitCode));
    }
}
