using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train;

/// <summary>Running a plan: what-if equals the run, waves and failures, testIn, timeouts, fail-fast, onDeployFailed, resume after a kill.</summary>
public sealed class TrainRunTests
{
    static async Task TestedAsync(TrainWorkspace train, string version)
    {
        foreach (var component in new[] { "database", "worker", "api", "web" }) await train.ReleaseAsync(component, version, "Test");
    }

    /// <summary>
    /// Everything tested in Test, api made to fail (<paramref name="failure"/>: fail.api its deployment, failtest.api its testIn test), then
    /// the train to Staging: it fails, api Failed and web (uses api) Skipped, whichever way api failed.
    /// </summary>
    static async Task<(CliOutcome Promote, Dictionary<string, string> Outcomes)> PromoteWithApiFailingAsync(TrainWorkspace train, string failure)
    {
        await TestedAsync(train, "2026.4.0.1");
        train.Touch(failure);

        var promote = await train.CliAsync("promote", "--to", "Staging", "--json");

        Assert.True(promote.ExitCode == ExitCodes.Failed, promote.Error + promote.Out);
        var outcomes = TrainWorkspace.Outcomes(TrainWorkspace.Json(promote));
        Assert.Equal("Failed", outcomes["api"]);
        Assert.Equal("Skipped", outcomes["web"]);
        return (promote, outcomes);
    }

    [Fact]
    public async Task What_if_changes_nothing_and_its_plan_is_what_the_promotion_then_does()
    {
        using var train = new TrainWorkspace();
        await TestedAsync(train, "2026.4.0.1");
        await train.ReleaseAsync("worker", "2026.4.0.1", "Staging"); // current there: skip
        await train.ReleaseAsync("web", "2026.4.0.2", "Staging"); // newer there: not newer
        var notes = Path.Combine(train.Root, "notes.md");

        var whatIf = await train.CliAsync("promote", "--to", "Staging", "--what-if", "--json", "--notes-file", notes);

        Assert.True(whatIf.ExitCode == 0, whatIf.Error + whatIf.Out);
        Assert.Empty(train.Deployed("Staging", "database"));
        Assert.Empty(train.Deployed("Staging", "api"));
        Assert.False(Directory.Exists(Path.Combine(train.Inner.StateDirectory, "train")));
        var planned = TrainWorkspace.Plan(TrainWorkspace.Json(whatIf));
        Assert.Equal("Deploy", planned["database"].Action);
        Assert.Equal("SkipCurrent", planned["worker"].Action);
        Assert.Equal("Deploy", planned["api"].Action);
        Assert.Equal("SkipNotNewer", planned["web"].Action);
        var markdown = File.ReadAllText(notes);
        Assert.Contains("## api: (none) -> 2026.4.0.1 (deploy)", markdown, StringComparison.Ordinal);
        Assert.Contains("- api change for 2026.4.0.1", markdown, StringComparison.Ordinal);

        var promote = await train.CliAsync("promote", "--to", "Staging", "--json");

        Assert.True(promote.ExitCode == 0, promote.Error + promote.Out);
        var json = TrainWorkspace.Json(promote);
        Assert.Equal(planned, TrainWorkspace.Plan(json));
        Assert.Equal(planned.Where(p => p.Value.Action == "Deploy").Select(p => p.Key).Order(), TrainWorkspace.Outcomes(json).Keys.Order());
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "database"));
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "worker"));
        Assert.Equal(["2026.4.0.2"], train.Deployed("Staging", "web"));
        // database before api (deployAfter)
        Assert.True(train.Inner.Timeline("Staging", "database").End <= train.Inner.Timeline("Staging", "api").Start);
    }

    [Fact]
    public async Task Notes_list_the_commits_between_the_destination_version_and_the_candidate_per_component()
    {
        using var train = new TrainWorkspace();
        foreach (var build in new[] { 1, 2, 3, 4 })
        {
            await train.ReleaseAsync("api", $"2026.4.0.{build}", build == 1 ? ["Test", "Staging"] : ["Test"]);
            await train.ReleaseAsync("worker", $"2026.4.0.{build}", build <= 2 ? ["Test", "Staging"] : []);
        }

        var plan = await train.CliAsync("plan", "--to", "Staging");

        Assert.True(plan.ExitCode == 0, plan.Error + plan.Out);
        foreach (var build in new[] { 2, 3, 4 }) Assert.Contains($"- api change for 2026.4.0.{build}", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("- api change for 2026.4.0.1", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("- worker change for", plan.Out, StringComparison.Ordinal); // current: nothing to note
        Assert.Contains("skip: current", plan.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_deployment_stops_its_dependents_runs_onDeployFailed_and_the_rest_of_the_train_goes_on()
    {
        using var train = new TrainWorkspace();

        var (promote, outcomes) = await PromoteWithApiFailingAsync(train, "fail.api");

        Assert.Equal("Deployed", outcomes["database"]);
        Assert.Equal("Deployed", outcomes["worker"]);
        Assert.Equal("api 2026.4.0.1 failed in Staging", File.ReadAllText(Path.Combine(train.Root, "on-failed.log")).Trim());
        Assert.Equal("Failed", TrainWorkspace.Json(promote).GetProperty("snapshot").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_failing_testIn_test_stops_the_train_like_a_failed_deployment()
    {
        using var train = new TrainWorkspace();

        var (promote, _) = await PromoteWithApiFailingAsync(train, "failtest.api");

        Assert.Empty(train.Deployed("Staging", "web"));

        // Fixed, the same plan resumes: api is current (not deployed again), its test runs again, web follows.
        train.Remove("failtest.api");
        var planId = TrainWorkspace.Json(promote).GetProperty("planId").GetString()!;
        var resume = await train.CliAsync("promote", "--resume", planId, "--json");
        Assert.True(resume.ExitCode == 0, resume.Error + resume.Out);
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "api"));
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "web"));
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "database"));
    }

    [Fact]
    public async Task Fail_fast_starts_nothing_after_the_first_failure_and_a_wait_timeout_cancels_the_deployment()
    {
        using var train = new TrainWorkspace();
        await TestedAsync(train, "2026.4.0.1");
        train.Touch("sleep.database", "60");

        var promote = await train.CliAsync("promote", "--to", "Staging", "--fail-fast", "--wait-timeout", "2", "--json");

        Assert.True(promote.ExitCode == ExitCodes.Failed, promote.Error + promote.Out);
        var outcomes = TrainWorkspace.Outcomes(TrainWorkspace.Json(promote));
        Assert.Equal("TimedOut", outcomes["database"]);
        Assert.Equal("Deployed", outcomes["worker"]); // same wave: already running, it finishes
        Assert.Equal("Skipped", outcomes["api"]);
        Assert.Equal("Skipped", outcomes["web"]);
        Assert.Contains("--fail-fast", TrainWorkspace.Json(promote).GetProperty("result").GetProperty("components").EnumerateArray()
            .First(c => c.GetProperty("component").GetString() == "web").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(train.Deployed("Staging", "database"));
        Assert.Empty(train.Deployed("Staging", "api"));
    }

    [Fact]
    public async Task Resume_after_a_kill_deploys_nothing_twice()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var train = new TrainWorkspace();
        await TestedAsync(train, "2026.4.0.1");
        train.Touch("sleep.api", "300");

        using var cli = CliProcess.Start(train.Root, "promote", "--to", "Staging");
        await CliProcess.WaitForFileAsync(Path.Combine(train.Root, "timeline", "Staging.api.start"), cli);
        cli.Kill(entireProcessTree: false);
        await cli.WaitForExitAsync();
        train.Remove("sleep.api");
        var planId = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(train.Inner.StateDirectory, "train", "plans"), "*.json").Single());

        var resume = await train.CliAsync("promote", "--resume", planId, "--json");

        Assert.True(resume.ExitCode == 0, resume.Error + resume.Out);
        var outcomes = TrainWorkspace.Outcomes(TrainWorkspace.Json(resume));
        Assert.Equal("AlreadyDeployed", outcomes["database"]);
        Assert.Equal("AlreadyDeployed", outcomes["worker"]);
        Assert.Equal("Deployed", outcomes["api"]);
        foreach (var component in new[] { "database", "worker", "api", "web" }) Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", component));
        var again = await train.CliAsync("promote", "--resume", planId);
        Assert.True(again.ExitCode == 0, again.Error + again.Out);
        foreach (var component in new[] { "database", "worker", "api", "web" }) Assert.Single(train.Deployed("Staging", component));
    }
}
