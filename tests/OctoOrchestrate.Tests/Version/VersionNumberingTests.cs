using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Version;

public sealed class VersionNumberingTests
{
    /// <summary>The train packed once (every component 2026.4.0.1), then a commit that changes api only.</summary>
    static async Task<TempGitRepo> PackedThenApiChangedAsync()
    {
        var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        repo.Append("api/Program.cs").Commit("api change");
        return repo;
    }

    [Fact]
    public async Task First_version_of_every_component_is_build_1_of_the_train()
    {
        using var repo = PackTrainRepo.Create();

        var versions = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal(new Dictionary<string, string> { ["lib"] = "2026.4.0.1", ["api"] = "2026.4.0.1", ["worker"] = "2026.4.0.1" }, versions);
    }

    [Fact]
    public async Task Only_changed_components_get_the_next_build_and_unchanged_ones_are_left_out()
    {
        using var repo = await PackedThenApiChangedAsync();

        var versions = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal(new Dictionary<string, string> { ["api"] = "2026.4.0.2" }, versions);
    }

    [Fact]
    public async Task A_rerun_on_the_same_commit_reuses_the_tagged_version()
    {
        using var repo = await PackedThenApiChangedAsync();
        await PackTrainRepo.PackAsync(repo);

        var plan = await BuildTrain.PlanAsync(Monorepo.Load(workingDirectory: repo.Path), new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment });

        var api = Assert.Single(plan.Components, c => c.Component == "api");
        Assert.Equal("2026.4.0.2", api.Version);
        Assert.True(api.AlreadyTagged);
        Assert.Equal("2026.4.0.1", api.PreviousVersion);
    }

    [Fact]
    public async Task A_new_train_starts_again_at_build_1()
    {
        using var repo = await PackedThenApiChangedAsync();
        await PackTrainRepo.PackAsync(repo);
        repo.Write("octo-orchestrate.yaml", PackTrainRepo.Manifest.Replace("train: 2026.4.0", "train: 2026.5.0", StringComparison.Ordinal))
            .Append("api/Program.cs").Commit("next train");

        var versions = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal("2026.5.0.1", versions["api"]);
    }

    [Fact]
    public async Task Tags_of_other_components_and_other_trains_do_not_count()
    {
        using var repo = PackTrainRepo.Create();
        repo.Git("tag", "worker/2026.4.0.5");
        repo.Git("tag", "api-gateway/2026.4.0.9");
        repo.Git("tag", "api/2026.3.0.12");
        repo.Git("tag", "api/not-a-version");
        repo.Append("api/Program.cs").Append("worker/run.sh").Commit("both");

        var versions = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal("2026.4.0.1", versions["api"]);
        Assert.Equal("2026.4.0.6", versions["worker"]);
    }

    [Fact]
    public async Task Versions_used_on_the_release_server_are_counted_past()
    {
        using var repo = PackTrainRepo.Create();
        var options = new BuildTrainOptions
        {
            UsedVersions = (component, _) => Task.FromResult<IEnumerable<string>>(component == "api" ? ["2026.4.0.4", "2026.5.0.9", "garbage"] : []),
        };

        var versions = await PackTrainRepo.VersionsAsync(repo, options);

        Assert.Equal("2026.4.0.5", versions["api"]);
        Assert.Equal("2026.4.0.1", versions["worker"]);
    }

    [Fact]
    public async Task A_tag_on_another_branch_counts_for_numbering_but_is_not_a_change_base()
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        repo.Git("checkout", "-q", "-b", "hotfix");
        repo.Append("worker/run.sh").Commit("worker hotfix");
        repo.Git("tag", "worker/2026.4.0.2");
        repo.Git("checkout", "-q", "main");
        repo.Append("api/Program.cs").Commit("api change on main");

        var plan = await BuildTrain.PlanAsync(Monorepo.Load(workingDirectory: repo.Path), new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment });

        Assert.Equal(["api"], plan.Components.Select(c => c.Component));
        Assert.Equal("2026.4.0.1", plan.Components[0].PreviousVersion);
        repo.Append("worker/run.sh").Commit("worker change on main");
        Assert.Equal("2026.4.0.3", (await PackTrainRepo.VersionsAsync(repo))["worker"]);
    }
}
