using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// Issue 9's "done when" list, written once and run against every backend: <see cref="LocalTrainScenarios"/> (the embedded server) and
/// <see cref="OctopusTrainScenarios"/> (the Octopus simulator over HTTP). Plans, votes and snapshots are in the local state folder on both.
/// </summary>
public abstract partial class TrainScenarios
{
    protected abstract Task<TrainBed> StartAsync();

    /// <summary>A bed whose manifest has <see cref="TrainBed.Tenants"/> (on Octopus: the same tenants on the server).</summary>
    protected abstract Task<TrainBed> StartTenantedAsync();

    static void Succeeded(CliOutcome outcome, int exitCode = 0) => Assert.True(outcome.ExitCode == exitCode, $"exit {outcome.ExitCode}: {outcome.Error}\n{outcome.Out}");

    [Fact]
    public async Task A_pattern_promotion_picks_the_last_successful_release_in_the_source_not_the_newest_created()
    {
        await using var bed = await StartAsync();
        await bed.ReleaseAsync("api", "2026.4.0.1", "Dev", "Test");
        await bed.ReleaseAsync("api", "2026.4.0.2", "Dev", "Test");
        await bed.ReleaseAsync("api", "2026.4.0.3", "Dev"); // created after, not in Test
        await bed.ReleaseAsync("worker", "2026.4.0.1", "Test");
        await bed.ReleaseAsync("worker", "2026.40.0.1", "Test"); // newest in Test, but 2026.4.* does not match 2026.40
        await bed.ReleaseAsync("web", "2026.5.0.1", "Test");

        var promote = await bed.CliAsync("promote", "--to", "Staging", "--pattern", "2026.4.*", "--only", "api,worker,web", "--json");

        Succeeded(promote);
        var plan = TrainWorkspace.Plan(TrainWorkspace.Json(promote));
        Assert.Equal(("Deploy", "2026.4.0.2"), plan["api"]);
        Assert.Equal(("Deploy", "2026.4.0.1"), plan["worker"]);
        Assert.Equal(("NotFound", null), plan["web"]);
        Assert.Equal("SkipExcluded", plan["database"].Action);
        Assert.Equal(["2026.4.0.2"], bed.Deployed("Staging", "api"));
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", "worker"));
        Assert.Empty(bed.Deployed("Staging", "web"));
    }

    [Fact]
    public async Task What_if_changes_nothing_its_plan_is_what_the_run_does_current_is_skipped_and_older_needs_allow_downgrade()
    {
        await using var bed = await StartAsync();
        await bed.AllAsync("2026.4.0.1", "Test");
        await bed.ReleaseAsync("worker", "2026.4.0.1", "Staging"); // current there: skip
        await bed.ReleaseAsync("web", "2026.4.0.2", "Test", "Staging"); // Staging ahead of Test's last: not newer
        await bed.ReleaseAsync("web", "2026.4.0.1", "Test");

        var whatIf = await bed.CliAsync("promote", "--to", "Staging", "--what-if", "--json");

        Succeeded(whatIf);
        var planned = TrainWorkspace.Plan(TrainWorkspace.Json(whatIf));
        Assert.Equal(("Deploy", "2026.4.0.1"), planned["database"]);
        Assert.Equal(("SkipCurrent", "2026.4.0.1"), planned["worker"]);
        Assert.Equal(("Deploy", "2026.4.0.1"), planned["api"]);
        Assert.Equal(("SkipNotNewer", "2026.4.0.1"), planned["web"]);
        Assert.Empty(bed.Deployed("Staging", "database"));
        Assert.Empty(bed.Deployed("Staging", "api"));

        var promote = await bed.CliAsync("promote", "--to", "Staging", "--json");

        Succeeded(promote);
        var json = TrainWorkspace.Json(promote);
        Assert.Equal(planned, TrainWorkspace.Plan(json));
        Assert.Equal(["api", "database"], TrainWorkspace.Outcomes(json).Keys.Order());
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", "database"));
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", "worker"));
        Assert.Equal(["2026.4.0.2"], bed.Deployed("Staging", "web"));
        Assert.Contains("api 2026.4.0.1 Staging", File.ReadAllText(Path.Combine(bed.Root, "tested.log")), StringComparison.Ordinal); // testIn

        var downgrade = await bed.CliAsync("promote", "--to", "Staging", "--allow-downgrade", "--json");

        Succeeded(downgrade);
        var rolled = TrainWorkspace.Plan(TrainWorkspace.Json(downgrade));
        Assert.Equal(("Rollback", "2026.4.0.1"), rolled["web"]);
        Assert.Equal("SkipCurrent", rolled["api"].Action);
        Assert.Equal(["2026.4.0.2", "2026.4.0.1"], bed.Deployed("Staging", "web"));
    }

    [Fact]
    public async Task If_not_current_deploys_an_older_candidate_as_a_rollback()
    {
        await using var bed = await StartAsync();
        await bed.ReleaseAsync("worker", "2026.4.0.2", "Test", "Staging");
        await bed.ReleaseAsync("worker", "2026.4.0.1", "Test"); // redeployed to Test after: the last successful there
        await bed.ReleaseAsync("web", "2026.4.0.3", "Test", "Staging");

        var newer = TrainWorkspace.Plan(TrainWorkspace.Json(await bed.CliAsync("plan", "--to", "Staging", "--json")));
        Assert.Equal("SkipNotNewer", newer["worker"].Action);

        var notCurrent = await bed.CliAsync("promote", "--to", "Staging", "--when", "if-not-current", "--json");

        Succeeded(notCurrent);
        var plan = TrainWorkspace.Plan(TrainWorkspace.Json(notCurrent));
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["worker"]);
        Assert.Equal(("SkipCurrent", "2026.4.0.3"), plan["web"]);
        Assert.Equal(["2026.4.0.2", "2026.4.0.1"], bed.Deployed("Staging", "worker"));
        Assert.Equal(["2026.4.0.3"], bed.Deployed("Staging", "web"));
    }

    [Fact]
    public async Task Not_found_warns_by_default_skip_goes_on_quietly_and_error_deploys_and_stores_nothing()
    {
        await using var bed = await StartAsync();
        await bed.ReleaseAsync("database", "2026.4.0.1", "Test");

        var error = await bed.CliAsync("promote", "--to", "Staging", "--not-found", "error");
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("worker", error.Error, StringComparison.Ordinal);
        Assert.Empty(bed.Deployed("Staging", "database"));
        Assert.False(Directory.Exists(Path.Combine(bed.Workspace.Inner.StateDirectory, "train", "plans")));

        foreach (var policy in new[] { "skip", "warn" })
        {
            var run = await bed.CliAsync("plan", "--to", "Staging", "--not-found", policy, "--json");
            Succeeded(run);
            var plan = TrainWorkspace.Plan(TrainWorkspace.Json(run));
            Assert.All(new[] { "worker", "api", "web" }, c => Assert.Equal("NotFound", plan[c].Action));
            Assert.Contains(policy == "skip" ? "(skipped)" : "(warning)", TrainWorkspace.Json(run).GetProperty("plan").GetProperty("components").EnumerateArray()
                .First(c => c.GetProperty("component").GetString() == "worker").GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Succeeded(await bed.CliAsync("promote", "--to", "Staging"));
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", "database"));
    }

    [Fact]
    public async Task Approval_by_every_group_runs_the_approved_plan_and_a_release_reaching_the_source_after_it_is_not_slipped_in()
    {
        await using var bed = await StartAsync();
        await bed.AllAsync("2026.4.0.1", "Staging");
        var waiting = await bed.CliAsync("promote", "--to", "Production", "--as", "Rel Manager", "--json");
        Succeeded(waiting, ExitCodes.Waiting);
        var planId = TrainWorkspace.Json(waiting).GetProperty("planId").GetString()!;
        Assert.All(TrainBed.All, c => Assert.Empty(bed.Deployed("Production", c)));

        Succeeded(await bed.CliAsync("approve", planId, "--as", "Ann", "--group", "QA"));
        Succeeded(await bed.CliAsync("promote", "--resume", planId), ExitCodes.Waiting);
        Succeeded(await bed.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner"));
        await bed.ReleaseAsync("worker", "2026.4.0.2", "Staging");

        var resume = await bed.CliAsync("promote", "--resume", planId, "--json");

        Succeeded(resume);
        var json = TrainWorkspace.Json(resume);
        Assert.All(TrainWorkspace.Outcomes(json).Values, o => Assert.Equal("Deployed", o));
        Assert.All(TrainBed.All, c => Assert.Equal(["2026.4.0.1"], bed.Deployed("Production", c)));
        Assert.Equal("Ann (QA), Bob (Business Owner)", json.GetProperty("snapshot").GetProperty("approvedBy").GetString());
        bed.AssertApprovalCarried(planId, "Ann (QA), Bob (Business Owner)");
    }

    [Fact]
    public async Task A_rejected_plan_deploys_nothing_and_a_schedule_in_the_past_is_refused()
    {
        await using var bed = await StartAsync();
        await bed.AllAsync("2026.4.0.1", "Staging");
        var past = await bed.CliAsync("promote", "--to", "Production", "--at", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("o"));
        Assert.Equal(ExitCodes.BadInput, past.ExitCode);
        Assert.Contains("in the past", past.Error, StringComparison.Ordinal);

        var waiting = await bed.CliAsync("promote", "--to", "Production", "--json");
        Succeeded(waiting, ExitCodes.Waiting);
        var planId = TrainWorkspace.Json(waiting).GetProperty("planId").GetString()!;
        Succeeded(await bed.CliAsync("approve", planId, "--as", "Ann", "--group", "QA"));
        Succeeded(await bed.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner", "--reject", "--notes", "not this week"));

        var resume = await bed.CliAsync("promote", "--resume", planId, "--json");

        Succeeded(resume, ExitCodes.Failed);
        Assert.Equal("Rejected", TrainWorkspace.Json(resume).GetProperty("status").GetString());
        Assert.All(TrainBed.All, c => Assert.Empty(bed.Deployed("Production", c)));
    }

    [Fact]
    public async Task A_wait_timeout_cancels_the_deployment_and_fail_fast_starts_nothing_after_it()
    {
        await using var bed = await StartAsync();
        await bed.AllAsync("2026.4.0.1", "Test");
        bed.Slow("database", 60);

        var promote = await bed.CliAsync("promote", "--to", "Staging", "--fail-fast", "--wait-timeout", "2", "--json");

        Succeeded(promote, ExitCodes.Failed);
        var outcomes = TrainWorkspace.Outcomes(TrainWorkspace.Json(promote));
        Assert.Equal("TimedOut", outcomes["database"]);
        Assert.Equal("Deployed", outcomes["worker"]); // same wave, already running: it finishes
        Assert.Equal("Skipped", outcomes["api"]);
        Assert.Equal("Skipped", outcomes["web"]);
        Assert.Empty(bed.Deployed("Staging", "database"));
        Assert.Empty(bed.Deployed("Staging", "api"));
    }

    [Fact]
    public async Task Rollback_returns_to_the_previous_snapshot_skipping_the_roll_forward_database_and_redeploys_the_rest_in_order()
    {
        await using var bed = await StartAsync();
        foreach (var version in new[] { "2026.4.0.1", "2026.4.0.2" })
        {
            await bed.AllAsync(version, "Test");
            Succeeded(await bed.CliAsync("promote", "--to", "Staging", "--as", "Ann"));
        }

        var rollback = await bed.CliAsync("rollback", "--env", "Staging", "--json");

        Succeeded(rollback);
        var json = TrainWorkspace.Json(rollback);
        var plan = TrainWorkspace.Plan(json);
        Assert.Equal(("SkipRollForward", "2026.4.0.1"), plan["database"]);
        foreach (var component in new[] { "worker", "api", "web" })
        {
            Assert.Equal(("Rollback", "2026.4.0.1"), plan[component]);
            Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], bed.Deployed("Staging", component));
        }

        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], bed.Deployed("Staging", "database"));
        var waves = json.GetProperty("plan").GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("component").GetString()!, c => c.GetProperty("wave").GetInt32());
        Assert.True(waves["api"] < waves["web"]);
        var order = TrainWorkspace.Json(rollback).GetProperty("result").GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()).ToList();
        Assert.True(order.IndexOf("api") < order.IndexOf("web"));
        Assert.Equal("rollback", json.GetProperty("snapshot").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Resume_after_a_kill_deploys_nothing_twice()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var bed = await StartAsync();
        await bed.AllAsync("2026.4.0.1", "Test");
        bed.Slow("api", bed.KillableSeconds);

        using (var cli = bed.StartCli("promote", "--to", "Staging"))
        {
            await bed.WaitUntilDeployingAsync("Staging", "api", cli);
            cli.Kill(entireProcessTree: false);
            await cli.WaitForExitAsync();
        }

        bed.Normal("api");
        var planId = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(bed.Workspace.Inner.StateDirectory, "train", "plans"), "*.json").Single());

        var resume = await bed.CliAsync("promote", "--resume", planId, "--json");

        Succeeded(resume);
        var outcomes = TrainWorkspace.Outcomes(TrainWorkspace.Json(resume));
        Assert.Equal("AlreadyDeployed", outcomes["database"]);
        Assert.Equal("AlreadyDeployed", outcomes["worker"]);
        Assert.Contains(outcomes["api"], new[] { "Deployed", "AlreadyDeployed" }); // Octopus finished (or joins) the one the killed run started
        foreach (var component in TrainBed.All) Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", component));
        Succeeded(await bed.CliAsync("promote", "--resume", planId));
        foreach (var component in TrainBed.All) Assert.Single(bed.Deployed("Staging", component));
    }
}

public sealed class LocalTrainScenarios : TrainScenarios
{
    protected override Task<TrainBed> StartAsync() => Task.FromResult<TrainBed>(new LocalTrainBed());

    protected override Task<TrainBed> StartTenantedAsync() => Task.FromResult<TrainBed>(new LocalTrainBed(tenanted: true));
}

public sealed class OctopusTrainScenarios : TrainScenarios
{
    protected override async Task<TrainBed> StartAsync() => await OctopusTrainBed.StartAsync();

    protected override async Task<TrainBed> StartTenantedAsync() => await OctopusTrainBed.StartAsync(tenanted: true);
}
