using OctoOrchestrate.Audit;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>
/// A hotfix on a release branch travels its channel's own lifecycle (Test → Production) while the next train waits; the regression
/// guard keeps the train from undoing it in Production until it is merged forward; diverged releases touching the same files are named.
/// </summary>
public sealed class HotfixLaneTests : IDisposable
{
    readonly GovernanceRepo repo = new();

    /// <summary>2026.4.0.1 (the first commit) in Production; main moves on (2026.5.0.3); returns the commits (released, next).</summary>
    async Task<(string Released, string Next)> TrainInFlightAsync(string nextFile = "api/app.txt", string nextEnvironment = "Test")
    {
        var released = repo.Repo.Head;
        await repo.ReleaseAsync("api", "2026.4.0.1", released);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("olivia", "Production", "api", "2026.4.0.1")).ExitCode);

        repo.Repo.Write(nextFile, "api v2: new catalogue");
        var next = repo.Repo.Commit("api: new catalogue");
        await repo.ReleaseAsync("api", "2026.5.0.3", next);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.5.0.3")).ExitCode);
        if (nextEnvironment == "Test") Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.5.0.3")).ExitCode);
        return (released, next);
    }

    string Hotfix(string from, string file = "api/app.txt")
    {
        repo.Repo.Git("checkout", "-q", "-b", "release/2026.4", from);
        repo.Repo.Write(file, "api v1 with the price rounding fixed");
        return repo.Repo.Commit("hotfix: price rounding");
    }

    [Fact]
    public async Task A_hotfix_overtakes_the_train_and_the_train_may_reach_Production_only_once_the_hotfix_is_merged_forward()
    {
        var (released, next) = await TrainInFlightAsync();
        var hotfix = Hotfix(released);
        await repo.ReleaseAsync("api", "2026.4.1.1", hotfix);

        // The hotfix channel's lifecycle skips Dev: Test is its first phase.
        var dev = await repo.DeployAsync("alice", "Dev", "api", "2026.4.1.1", "--allow-regression");
        Assert.NotEqual(0, dev.ExitCode);
        Assert.Contains("channel Hotfix, whose lifecycle (Test -> Production) does not include Dev", dev.Out + dev.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2026.4.1.1", repo.Deployed("Dev", "api"));

        // Replacing 2026.5.0.3 in Test undoes its commit: refused, then allowed explicitly (and audited).
        var overTrain = await repo.DeployAsync("olivia", "Test", "api", "2026.4.1.1");
        Assert.Equal(2, overTrain.ExitCode);
        Assert.Contains($"would undo 2026.5.0.3 ({next[..12]})", overTrain.Error, StringComparison.Ordinal);
        Assert.Contains("api: new catalogue", overTrain.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await repo.DeployAsync("olivia", "Test", "api", "2026.4.1.1", "--allow-regression")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("olivia", "Production", "api", "2026.4.1.1")).ExitCode);
        Assert.Equal(["2026.4.0.1", "2026.4.1.1"], repo.Deployed("Production", "api"));

        // The train lacks the hotfix's commit: promoting it to Production is refused, naming the commit.
        var train = await repo.DeployAsync("olivia", "Production", "api", "2026.5.0.3");
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("would undo 2026.4.1.1", train.Error, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", train.Error, StringComparison.Ordinal);
        Assert.Equal(["2026.4.0.1", "2026.4.1.1"], repo.Deployed("Production", "api"));

        // Merged forward, the next build of the train contains the hotfix and goes all the way.
        repo.Repo.Git("checkout", "-q", "main");
        repo.Repo.Git("merge", "-q", "--no-edit", "-X", "ours", "release/2026.4");
        await repo.ReleaseAsync("api", "2026.5.0.4", repo.Repo.Head);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.5.0.4")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.5.0.4")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("olivia", "Production", "api", "2026.5.0.4")).ExitCode);
        Assert.Equal("2026.5.0.4", repo.Deployed("Production", "api")[^1]);

        var records = repo.Audit.Read();
        Assert.Equal(2, records.Count(r => r.Action == AuditActions.Refusal && r.Outcome == "regression refused"));
        var allowed = Assert.Single(records, r => r.Action == AuditActions.Override && r.Environment == "Test");
        Assert.Equal(("olivia", "Test", "2026.4.1.1"), (allowed.Actor, allowed.Environment, allowed.Version));
    }

    [Fact]
    public async Task Deploying_an_older_release_of_the_same_line_is_a_regression_too()
    {
        await TrainInFlightAsync();
        var back = await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1");
        Assert.Equal(2, back.ExitCode);
        Assert.Contains("would undo 2026.5.0.3", back.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1", "--allow-regression")).ExitCode);
    }

    [Fact]
    public async Task Two_diverged_releases_in_flight_that_changed_the_same_file_are_named()
    {
        var (released, next) = await TrainInFlightAsync(nextEnvironment: "Dev");
        var hotfix = Hotfix(released);
        await repo.ReleaseAsync("api", "2026.4.1.1", hotfix);

        var outcome = await repo.DeployAsync("olivia", "Test", "api", "2026.4.1.1");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("collision: api 2026.4.1.1 and 2026.5.0.3 (in Dev) both changed api/app.txt since 2026.4.0.1 in Production", outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"{next[..7]} api: new catalogue", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diverged_releases_that_changed_different_files_are_no_collision()
    {
        var (released, _) = await TrainInFlightAsync(nextFile: "api/catalogue.txt", nextEnvironment: "Dev");
        await repo.ReleaseAsync("api", "2026.4.1.1", Hotfix(released, "api/prices.txt"));
        var outcome = await repo.DeployAsync("olivia", "Test", "api", "2026.4.1.1");
        Assert.Equal(0, outcome.ExitCode);
        Assert.DoesNotContain("collision", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[ Production, Test ]", "keep the order")]
    [InlineData("[ Test, Staging ]", "Staging")]
    [InlineData("[ ]", "lists the environments")]
    public async Task A_channel_lifecycle_out_of_order_or_unknown_is_exit_2(string lifecycle, string named)
    {
        repo.WriteManifest(GovernanceRepo.Teams);
        File.WriteAllText(repo.ManifestPath, File.ReadAllText(repo.ManifestPath).Replace("lifecycle: [ Test, Production ]", "lifecycle: " + lifecycle, StringComparison.Ordinal));
        var outcome = await repo.CliAsync("check-permissions", "--as", "alice");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(named, outcome.Error, StringComparison.Ordinal);
    }

    public void Dispose() => repo.Dispose();
}
