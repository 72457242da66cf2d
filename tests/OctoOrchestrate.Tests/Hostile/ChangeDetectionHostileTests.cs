using OctoOrchestrate.Detect;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// F21, F24 (first bullet): a change to a component's own manifest entry marks that component changed, and a component's
/// change base is its most recent ancestor version tag by ancestry, not its highest version number.
/// </summary>
public sealed class ChangeDetectionHostileTests
{
    const string Manifest = """
        train: 2026.4.0
        components:
          - name: a
            paths: ["a/**"]
            build: echo a
            deploy: echo deploy-a
            test: echo test-a
          - name: b
            paths: ["b/**"]
            build: echo b
          - name: c
            paths: ["c/**"]
            uses: [b]
        """;

    static TempGitRepo Create()
    {
        var repo = new TempGitRepo().Write("octo-orchestrate.yaml", Manifest).Write("a/f", "0").Write("b/f", "0").Write("c/f", "0").Write("x/f", "0");
        repo.Commit("initial");
        return repo;
    }

    [Theory]
    [InlineData("    build: echo a\n", "    build: echo a --release\n")]
    [InlineData("    deploy: echo deploy-a\n", "    deploy: echo deploy-a --migrate\n")]
    [InlineData("    test: echo test-a\n", "")]
    [InlineData("    paths: [\"a/**\"]\n", "    paths: [\"a/**\", \"x/**\"]\n")]
    [InlineData("    paths: [\"a/**\"]\n", "    paths: [\"a/**\"]\n    packageId: Acme.A\n")]
    [InlineData("    paths: [\"a/**\"]\n", "    paths: [\"a/**\"]\n    project: Shop.A\n")]
    [InlineData("    paths: [\"a/**\"]\n", "    paths: [\"a/**\"]\n    deployable: false\n")]
    [InlineData("    paths: [\"a/**\"]\n", "    paths: [\"a/**\"]\n    deployAfter: [b]\n")]
    public void A_change_to_a_components_own_entry_marks_it(string before, string after)
    {
        using var repo = Create();
        var baseCommit = repo.Head;
        repo.Write("octo-orchestrate.yaml", Manifest.Replace(before, after, StringComparison.Ordinal)).Commit("edit a's entry");

        var result = Monorepo.Load(workingDirectory: repo.Path).Affected(baseCommit);

        var a = Assert.Single(result.Components);
        Assert.Equal("a", a.Name);
        Assert.Equal(new AffectedReason(ReasonKind.Manifest, "octo-orchestrate.yaml"), Assert.Single(a.Reasons));
        Assert.Equal("its entry in octo-orchestrate.yaml changed", a.Reasons[0].ToString());
    }

    [Fact]
    public void A_change_to_a_used_components_entry_marks_its_users_too()
    {
        using var repo = Create();
        var baseCommit = repo.Head;
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("build: echo b", "build: echo b2", StringComparison.Ordinal)).Commit("edit b");

        var result = Monorepo.Load(workingDirectory: repo.Path).Affected(baseCommit);

        Assert.Equal(["b", "c"], result.Components.Select(c => c.Name));
        Assert.Equal(ReasonKind.Uses, result.Components[1].Reasons[0].Kind);
    }

    [Theory]
    [InlineData("train: 2026.4.0\n", "train: 2026.5.0\n")]
    [InlineData("components:\n", "environments: [Dev, Prod]\ncomponents:\n")]
    [InlineData("components:\n", "# a comment\ncomponents:\n")]
    [InlineData("build: echo b\n", "build: \"echo b\"\n")]
    public void Edits_that_leave_every_entry_the_same_mark_nothing(string before, string after)
    {
        using var repo = Create();
        var baseCommit = repo.Head;
        repo.Write("octo-orchestrate.yaml", Manifest.Replace(before, after, StringComparison.Ordinal)).Commit("no entry changed");

        Assert.Empty(Monorepo.Load(workingDirectory: repo.Path).Affected(baseCommit).Components);
    }

    [Fact]
    public void A_component_added_to_the_manifest_is_marked_even_when_its_files_did_not_change()
    {
        using var repo = Create();
        var baseCommit = repo.Head;
        repo.Write("octo-orchestrate.yaml", Manifest + "\n  - name: x\n    paths: [\"x/**\"]\n").Commit("add x");

        var x = Assert.Single(Monorepo.Load(workingDirectory: repo.Path).Affected(baseCommit).Components);

        Assert.Equal(("x", ReasonKind.Manifest), (x.Name, x.Reasons[0].Kind));
    }

    [Fact]
    public async Task A_changed_build_command_gets_the_component_a_new_version()
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        repo.Write("octo-orchestrate.yaml", PackTrainRepo.Manifest.Replace("cp -R worker/. \"$OO_OUTPUT/\"", "cp -R worker/. \"$OO_OUTPUT/\" && touch \"$OO_OUTPUT/new\"", StringComparison.Ordinal))
            .Commit("worker builds differently");

        var versions = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal(new Dictionary<string, string> { ["worker"] = "2026.4.0.2" }, versions);
    }

    [Theory]
    [InlineData("2026.3.1")]
    [InlineData("2025.12.7")]
    public async Task A_lower_hotfix_train_does_not_rebuild_unchanged_components(string hotfixTrain)
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        var hotfix = PackTrainRepo.Manifest.Replace("train: 2026.4.0", $"train: {hotfixTrain}", StringComparison.Ordinal);
        repo.Write("octo-orchestrate.yaml", hotfix).Append("api/Program.cs").Commit("hotfix train, api fix");
        Assert.Equal(new Dictionary<string, string> { ["api"] = $"{hotfixTrain}.1" }, await PackTrainRepo.VersionsAsync(repo));
        await PackTrainRepo.PackAsync(repo);

        repo.Append("worker/run.sh").Commit("worker fix");
        var plan = await PackTrainRepo.VersionsAsync(repo);

        Assert.Equal(new Dictionary<string, string> { ["worker"] = $"{hotfixTrain}.1" }, plan);
        repo.Append("worker/run.sh").Commit("another worker fix");
        Assert.DoesNotContain("api", (await PackTrainRepo.VersionsAsync(repo)).Keys);
    }

    [Fact]
    public async Task The_previous_version_is_the_nearest_ancestor_tag_not_the_highest_number()
    {
        using var repo = PackTrainRepo.Create();
        repo.Git("tag", "api/2026.9.0.7");
        repo.Append("api/Program.cs").Commit("after the high tag");
        repo.Git("tag", "api/2026.1.0.3");
        repo.Append("api/Program.cs").Commit("after the low tag");

        var plan = await BuildTrain.PlanAsync(Monorepo.Load(workingDirectory: repo.Path), new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment });

        var api = Assert.Single(plan.Components, c => c.Component == "api");
        Assert.Equal("2026.1.0.3", api.PreviousVersion);
        Assert.Equal([new AffectedReason(ReasonKind.File, "api/Program.cs")], api.Reasons);
    }
}
