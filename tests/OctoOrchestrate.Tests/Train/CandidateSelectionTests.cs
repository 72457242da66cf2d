using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train;

/// <summary>promote --to: which release is the candidate, and what the plan does with it (on the embedded server, real deploy scripts).</summary>
public sealed class CandidateSelectionTests
{
    [Fact]
    public async Task Pattern_promotion_picks_the_last_successful_in_the_source_although_newer_releases_were_created_after_it()
    {
        using var train = new TrainWorkspace();
        foreach (var component in new[] { "api", "web" })
        {
            await train.ReleaseAsync(component, "2026.4.0.1", "Dev", "Test");
            await train.ReleaseAsync(component, "2026.4.0.2", "Dev", "Test");
            await train.ReleaseAsync(component, "2026.4.0.3", "Dev"); // newer, created after, never reached Test
            await train.ReleaseAsync(component, "2026.40.0.1", "Dev", "Test"); // last successful in Test, but not 2026.4.*
            train.Touch($"fail.{component}");
            await train.ReleaseAsync(component, "2026.4.0.4", "Test"); // failed in Test: not a candidate
            train.Remove($"fail.{component}");
        }

        var promote = await train.CliAsync("promote", "--to", "Staging", "--pattern", "2026.4.*", "--only", "api,web", "--json");

        Assert.True(promote.ExitCode == 0, promote.Error + promote.Out);
        var json = TrainWorkspace.Json(promote);
        Assert.Equal("Test", json.GetProperty("plan").GetProperty("from").GetString());
        var plan = TrainWorkspace.Plan(json);
        Assert.Equal(("Deploy", "2026.4.0.2"), plan["api"]);
        Assert.Equal(("Deploy", "2026.4.0.2"), plan["web"]);
        Assert.Equal("SkipExcluded", plan["database"].Action);
        Assert.Equal(["2026.4.0.2"], train.Deployed("Staging", "api"));
        Assert.Equal(["2026.4.0.2"], train.Deployed("Staging", "web"));
        Assert.Empty(train.Deployed("Staging", "database"));

        // Without a pattern the last successful wins whatever its number.
        var plain = TrainWorkspace.Json(await train.CliAsync("plan", "--to", "Staging", "--only", "api", "--json"));
        Assert.Equal(("Deploy", "2026.40.0.1"), TrainWorkspace.Plan(plain)["api"]);
    }

    [Fact]
    public async Task Current_is_skipped_and_if_newer_refuses_an_older_candidate_unless_allow_downgrade_or_a_pin()
    {
        using var train = new TrainWorkspace();
        foreach (var component in new[] { "worker", "web" })
        {
            await train.ReleaseAsync(component, "2026.4.0.1", "Test");
            await train.ReleaseAsync(component, "2026.4.0.2", "Staging"); // Staging is ahead of Test
        }

        await train.ReleaseAsync("database", "2026.4.0.5", "Test", "Staging"); // same in both

        var plan = TrainWorkspace.Plan(TrainWorkspace.Json(await train.CliAsync("plan", "--to", "Staging", "--json")));
        Assert.Equal(("SkipNotNewer", "2026.4.0.1"), plan["worker"]);
        Assert.Equal(("SkipNotNewer", "2026.4.0.1"), plan["web"]);
        Assert.Equal(("SkipCurrent", "2026.4.0.5"), plan["database"]);

        var notCurrent = TrainWorkspace.Plan(TrainWorkspace.Json(await train.CliAsync("plan", "--to", "Staging", "--when", "if-not-current", "--json")));
        Assert.Equal(("Rollback", "2026.4.0.1"), notCurrent["worker"]); // not current: deployed, older, so a rollback
        Assert.Equal(("Rollback", "2026.4.0.1"), notCurrent["web"]);
        Assert.Equal("SkipCurrent", notCurrent["database"].Action);

        var always = TrainWorkspace.Plan(TrainWorkspace.Json(await train.CliAsync("plan", "--to", "Staging", "--when", "always", "--json")));
        Assert.Equal("Deploy", always["database"].Action);

        var pinned = await train.CliAsync("promote", "--to", "Staging", "--version", "worker=2026.4.0.1", "--only", "worker,web", "--json");
        Assert.True(pinned.ExitCode == 0, pinned.Error + pinned.Out);
        var pinnedPlan = TrainWorkspace.Plan(TrainWorkspace.Json(pinned));
        Assert.Equal(("Rollback", "2026.4.0.1"), pinnedPlan["worker"]);
        Assert.Equal("SkipNotNewer", pinnedPlan["web"].Action);
        Assert.Equal(["2026.4.0.2", "2026.4.0.1"], train.Deployed("Staging", "worker"));
        Assert.Equal(["2026.4.0.2"], train.Deployed("Staging", "web"));

        var downgrade = await train.CliAsync("promote", "--to", "Staging", "--allow-downgrade", "--json");
        Assert.True(downgrade.ExitCode == 0, downgrade.Error + downgrade.Out);
        var downgradePlan = TrainWorkspace.Plan(TrainWorkspace.Json(downgrade));
        Assert.Equal("Rollback", downgradePlan["web"].Action);
        Assert.Equal("SkipCurrent", downgradePlan["worker"].Action);
        Assert.Equal(["2026.4.0.2", "2026.4.0.1"], train.Deployed("Staging", "web"));
        Assert.Single(train.Deployed("Staging", "database"));
    }

    [Theory]
    [InlineData("skip", 0)]
    [InlineData("warn", 0)]
    [InlineData("error", 2)]
    public async Task Not_found_policies_decide_per_component(string policy, int exitCode)
    {
        using var train = new TrainWorkspace();
        await train.ReleaseAsync("worker", "2026.4.0.1", "Test");
        await train.ReleaseAsync("database", "2026.4.0.1", "Dev"); // not in Test: no candidate
        await train.ReleaseAsync("web", "2026.5.0.1", "Test"); // not matching the pattern: no candidate

        var promote = await train.CliAsync("promote", "--to", "Staging", "--pattern", "2026.4.*", "--not-found", policy, "--json");

        Assert.True(promote.ExitCode == exitCode, promote.Error + promote.Out);
        if (exitCode == 0)
        {
            var plan = TrainWorkspace.Plan(TrainWorkspace.Json(promote));
            Assert.Equal("NotFound", plan["database"].Action);
            Assert.Equal("NotFound", plan["web"].Action);
            Assert.Equal("NotFound", plan["api"].Action);
            Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "worker"));
        }
        else
        {
            Assert.Contains("database", promote.Out + promote.Error, StringComparison.Ordinal);
            Assert.Contains("web", promote.Out + promote.Error, StringComparison.Ordinal);
            Assert.Empty(train.Deployed("Staging", "worker"));
        }
    }

    [Theory]
    [InlineData("--when", "sometimes")]
    [InlineData("--not-found", "ignore")]
    [InlineData("--version", "db")]
    [InlineData("--version", "nosuch=2026.4.0.1")]
    [InlineData("--only", "nosuch")]
    [InlineData("--skip", "lib")]
    [InlineData("--at", "2020-01-01T10:00+00:00")]
    [InlineData("--at", "tomorrow-ish")]
    public async Task Bad_train_flags_are_exit_2_naming_the_flag_and_nothing_is_stored(string flag, string value)
    {
        using var train = new TrainWorkspace();
        await train.ReleaseAsync("worker", "2026.4.0.1", "Test");

        var promote = await train.CliAsync("promote", "--to", "Staging", flag, value);

        Assert.True(promote.ExitCode == 2, promote.Error + promote.Out);
        Assert.Contains(flag, promote.Error, StringComparison.Ordinal);
        Assert.Empty(train.Deployed("Staging", "worker"));
        Assert.False(Directory.Exists(Path.Combine(train.Inner.StateDirectory, "train", "plans")));
    }
}
