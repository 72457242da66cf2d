using OctoOrchestrate.Deploy;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Tests.Deploy;

public sealed class DeployStageTests
{
    static readonly string[] Deployables = ["database", "cart", "api", "web", "docs"];

    static async Task<IReadOnlyList<ReleaseInfo>> ReleaseAllAsync(ReleaseWorkspace workspace, IReleaseServer server, string version = "2026.4.0.1") =>
        (await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, Deployables.Select(c => workspace.Packed(c, version)))).Releases;

    [Fact]
    public async Task A_wave_deploys_in_parallel_and_the_next_wave_starts_after_it()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);
        workspace.Touch("sleep.database", "1");
        workspace.Touch("sleep.cart", "1");

        var result = await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev");

        Assert.True(result.Succeeded);
        Assert.Equal(["database", "cart", "docs", "api", "web"], result.Components.Select(c => c.Component));
        Assert.All(result.Components, c => Assert.Equal(Outcome.Deployed, c.Outcome));
        var (database, cart) = (workspace.Timeline("Dev", "database"), workspace.Timeline("Dev", "cart"));
        var (api, web) = (workspace.Timeline("Dev", "api"), workspace.Timeline("Dev", "web"));
        Assert.True(database.Start < cart.End && cart.Start < database.End, "database and cart (one wave) should overlap");
        Assert.True(api.Start >= Math.Max(database.End, cart.End), "api starts after wave 1 ended");
        Assert.True(web.Start >= api.End, "web starts after api ended");
    }

    [Fact]
    public async Task A_failure_skips_its_dependents_transitively_and_a_rerun_deploys_only_what_did_not_succeed()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);
        workspace.Touch("fail.database");

        var failed = await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev");

        Assert.False(failed.Succeeded);
        Assert.Equal(Outcome.Failed, failed["database"]!.Outcome);
        Assert.Equal(Outcome.Skipped, failed["api"]!.Outcome);
        Assert.Contains("database", failed["api"]!.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.Skipped, failed["web"]!.Outcome);
        Assert.Contains("database", failed["web"]!.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.Deployed, failed["cart"]!.Outcome);
        Assert.Empty(workspace.DeployedVersions("Dev", "api"));

        workspace.Remove("fail.database");
        var rerun = await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev");

        Assert.True(rerun.Succeeded);
        Assert.Equal(Outcome.AlreadyDeployed, rerun["cart"]!.Outcome);
        Assert.Equal(Outcome.AlreadyDeployed, rerun["docs"]!.Outcome);
        Assert.Equal(Outcome.Deployed, rerun["database"]!.Outcome);
        Assert.Equal(Outcome.Deployed, rerun["web"]!.Outcome);
        Assert.Single(workspace.DeployedVersions("Dev", "cart"));

        var forced = await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev", DeployOptions.Forced());
        Assert.Equal(Outcome.Deployed, forced["cart"]!.Outcome);
        Assert.Equal(2, workspace.DeployedVersions("Dev", "cart").Length);
    }

    [Fact]
    public async Task Only_components_whose_tests_pass_are_promoted_and_their_dependents_stay_too()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);
        await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev");
        workspace.Touch("failtest.api");

        var verified = await VerifyStage.VerifyAsync(server, workspace.Manifest, "Dev", Deployables);

        Assert.Equal(Outcome.Failed, verified["api"]!.Outcome);
        Assert.Equal(Outcome.Passed, verified["database"]!.Outcome);
        Assert.Equal("no test", verified["docs"]!.Reason);
        Assert.Contains("tested cart 2026.4.0.1 in Dev", File.ReadAllText(verified["cart"]!.LogPath!), StringComparison.Ordinal);

        var promoted = await PromoteStage.PromoteAsync(server, workspace.Manifest, verified, "Dev", "Test");

        Assert.Equal(Outcome.NotPromoted, promoted["api"]!.Outcome);
        Assert.Contains("tests in Dev did not pass", promoted["api"]!.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.NotPromoted, promoted["web"]!.Outcome);
        Assert.Equal(Outcome.Deployed, promoted["database"]!.Outcome);
        Assert.Equal(Outcome.Deployed, promoted["cart"]!.Outcome);
        Assert.Null(await server.GetCurrentDeploymentAsync("api", "Test"));
        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync("cart", "Test"))!.Version);
    }

    [Fact]
    public async Task A_lifecycle_refusal_is_a_failed_component_with_the_reason_not_a_crash()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);

        var result = await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Test");

        Assert.Equal(Outcome.Failed, result["database"]!.Outcome);
        Assert.Contains("successful deployment to Dev first", result["database"]!.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.Skipped, result["api"]!.Outcome);
    }

    [Fact]
    public async Task Two_releases_of_one_component_in_one_deployment_are_bad_input_and_the_lifecycle_names_the_next_environment()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var one = await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
        var two = await workspace.ReleaseAsync(server, "api", "2026.4.0.2");

        var error = await Assert.ThrowsAsync<BadInputException>(() => DeployStage.DeployAsync(server, workspace.Manifest, [one, two], "Dev"));

        Assert.Contains("Two releases of api", error.Message, StringComparison.Ordinal);
        var lifecycle = await server.GetLifecycleAsync();
        Assert.Equal("Test", lifecycle.NextEnvironment("dev"));
        Assert.Null(lifecycle.NextEnvironment("Production"));
    }
}
