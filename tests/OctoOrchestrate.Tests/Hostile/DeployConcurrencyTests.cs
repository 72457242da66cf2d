using System.Text.Json;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>Runs at once on one state folder deploy each release once, and promotion deploys exactly the version its tests passed.</summary>
public sealed class DeployConcurrencyTests
{
    // Every deploy appends a line to one journal; a short sleep keeps two runs' deployments overlapping.
    const string CiManifest = """
        train: 2026.4.0
        environments: [ Dev, Test ]
        components:
          - name: db
            paths: [ "db/**" ]
            build: cp -R db/. "$OO_OUTPUT/"
            deploy: sleep 0.5; echo "$OO_COMPONENT $OO_ENVIRONMENT $OO_VERSION" >> "$OO_MANIFEST_DIR/journal"
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ db ]
            build: cp -R api/. "$OO_OUTPUT/"
            deploy: sleep 0.5; echo "$OO_COMPONENT $OO_ENVIRONMENT $OO_VERSION" >> "$OO_MANIFEST_DIR/journal"
            test: test -f "$OO_INSTALL_DIR/Program.cs"
        """;

    [Fact]
    public async Task Two_ci_runs_at_once_on_one_checkout_deploy_each_release_once_to_each_environment()
    {
        using var repo = new TempGitRepo()
            .Write(".gitignore", "artifacts/\n.octo-orchestrate/\njournal\n")
            .Write("octo-orchestrate.yaml", CiManifest)
            .Write("db/schema.sql", "create table t(id int);")
            .Write("api/Program.cs", "// api");
        repo.Commit("initial");

        for (var round = 1; round <= 2; round++)
        {
            if (round == 2) repo.Append("db/schema.sql").Append("api/Program.cs").Commit("change both");
            using var first = CliProcess.Start(repo.Path, "ci");
            using var second = CliProcess.Start(repo.Path, "ci");
            var runs = await Task.WhenAll(CliProcess.RunToEndAsync(first), CliProcess.RunToEndAsync(second));

            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error + r.Out));
            var journal = File.ReadAllLines(Path.Combine(repo.Path, "journal"));
            foreach (var line in new[] { "db Dev", "db Test", "api Dev", "api Test" })
                Assert.Equal(round, journal.Count(l => l.StartsWith(line + " ", StringComparison.Ordinal)));
            Assert.Equal(journal.Length, journal.Distinct().Count());
        }
    }

    [Fact]
    public async Task Two_deploy_commands_at_once_deploy_each_release_once_and_one_reports_it_already_deployed()
    {
        using var workspace = new ReleaseWorkspace();
        await using (var setup = workspace.Open())
        {
            foreach (var component in new[] { "database", "cart", "api", "web", "docs" }) await workspace.ReleaseAsync(setup, component, "2026.4.0.1");
        }

        workspace.Touch("sleep.database", "1");
        using var first = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--json");
        using var second = CliProcess.Start(workspace.Root, "deploy", "--to", "Dev", "--json");
        var runs = await Task.WhenAll(CliProcess.RunToEndAsync(first), CliProcess.RunToEndAsync(second));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error + r.Out));
        foreach (var component in new[] { "database", "cart", "api", "web", "docs" })
        {
            Assert.Equal(["2026.4.0.1"], workspace.DeployedVersions("Dev", component));
            var outcomes = runs.Select(r => OutcomeIn(r.Out, component)).Order().ToArray();
            Assert.Equal(["AlreadyDeployed", "Deployed"], outcomes);
        }
    }

    [Fact]
    public async Task Deploy_stages_of_two_servers_on_one_state_folder_at_once_deploy_once_and_a_forced_one_deploys_again()
    {
        using var workspace = new ReleaseWorkspace();
        await using var one = workspace.Open();
        await using var two = workspace.Open();
        var release = await workspace.ReleaseAsync(one, "api", "2026.4.0.1");
        workspace.Touch("sleep.api", "1");

        var results = await Task.WhenAll(
            DeployStage.DeployAsync(one, workspace.Manifest, [release], "Dev"),
            DeployStage.DeployAsync(two, workspace.Manifest, [release], "Dev"),
            DeployStage.DeployAsync(one, workspace.Manifest, [release], "Dev"));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Components[0].Reason));
        Assert.Equal(["2026.4.0.1"], workspace.DeployedVersions("Dev", "api"));
        Assert.Single(results, r => r["api"]!.Outcome == Outcome.Deployed);

        var forced = await DeployStage.DeployAsync(two, workspace.Manifest, [release], "Dev", DeployOptions.Forced());
        Assert.Equal(Outcome.Deployed, forced["api"]!.Outcome);
        Assert.Equal(2, workspace.DeployedVersions("Dev", "api").Length);
    }

    [Theory]
    [InlineData("2026.4.0.1")]
    [InlineData("2026.4.0.3")]
    public async Task Promote_never_deploys_a_version_other_than_the_tested_one_when_the_source_moved_meanwhile(string movedTo)
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        foreach (var build in new[] { 1, 2, 3 }) await workspace.ReleaseAsync(server, "api", $"2026.4.0.{build}");
        await Deploy(server, workspace, "2026.4.0.2", "Dev");

        var verified = await VerifyStage.VerifyAsync(server, workspace.Manifest, "Dev", ["api"]);
        Assert.Equal("2026.4.0.2", verified["api"]!.Version);
        await Deploy(server, workspace, movedTo, "Dev"); // another run moves Dev while this one's tests ran
        var promoted = await PromoteStage.PromoteAsync(server, workspace.Manifest, verified, "Dev", "Test");

        Assert.Equal(Outcome.NotPromoted, promoted["api"]!.Outcome);
        Assert.Contains($"Dev moved to {movedTo}", promoted["api"]!.Reason, StringComparison.Ordinal);
        Assert.Null(await server.GetCurrentDeploymentAsync("api", "Test"));
        Assert.Empty(workspace.DeployedVersions("Test", "api"));
    }

    [Fact]
    public async Task Promote_deploys_the_tested_version_when_the_source_did_not_move()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        foreach (var build in new[] { 1, 2 }) await workspace.ReleaseAsync(server, "api", $"2026.4.0.{build}");
        await Deploy(server, workspace, "2026.4.0.1", "Dev");

        var verified = await VerifyStage.VerifyAsync(server, workspace.Manifest, "Dev", ["api"]);
        var promoted = await PromoteStage.PromoteAsync(server, workspace.Manifest, verified, "Dev", "Test");

        Assert.Equal(Outcome.Deployed, promoted["api"]!.Outcome);
        Assert.Equal(["2026.4.0.1"], workspace.DeployedVersions("Test", "api")); // not the newest release, the tested one
    }

    [Fact]
    public async Task A_promote_process_whose_source_is_redeployed_by_another_process_during_its_tests_does_not_promote_the_untested_version()
    {
        const string gated = """
              - name: api
                paths: [ "api/**" ]
                deploy: bash scripts/deploy.sh
                test: touch "$OO_MANIFEST_DIR/testing.$OO_VERSION"; while [ ! -f "$OO_MANIFEST_DIR/go" ]; do sleep 0.05; done
            """;
        using var workspace = new ReleaseWorkspace(gated);
        await using (var server = workspace.Open())
        {
            foreach (var build in new[] { 1, 2 }) await workspace.ReleaseAsync(server, "api", $"2026.4.0.{build}");
            await Deploy(server, workspace, "2026.4.0.2", "Dev");
        }

        using var promote = CliProcess.Start(workspace.Root, "promote", "--from", "Dev", "--to", "Test");
        await CliProcess.WaitForFileAsync(Path.Combine(workspace.Root, "testing.2026.4.0.2"), promote);
        var rollback = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--component", "api", "--version", "2026.4.0.1", "--force");
        Assert.True(rollback.ExitCode == 0, rollback.Error + rollback.Out);
        workspace.Touch("go");
        var (exitCode, output, error) = await CliProcess.RunToEndAsync(promote);

        Assert.True(exitCode == ExitCodes.Failed, error + output);
        Assert.Contains("moved to 2026.4.0.1", output, StringComparison.Ordinal);
        Assert.Empty(workspace.DeployedVersions("Test", "api"));
    }

    static async Task Deploy(IReleaseServer server, ReleaseWorkspace workspace, string version, string environment)
    {
        var release = (await server.FindReleaseAsync("api", version))!;
        var result = await DeployStage.DeployAsync(server, workspace.Manifest, [release], environment, DeployOptions.Forced());
        Assert.True(result.Succeeded, result.Components[0].Reason);
    }

    static string OutcomeIn(string json, string component)
    {
        using var document = JsonDocument.Parse(json);
        var stage = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement[0] : document.RootElement;
        if (stage.TryGetProperty("stages", out var stages)) stage = stages[0];
        return stage.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == component).GetProperty("outcome").GetString()!;
    }
}
