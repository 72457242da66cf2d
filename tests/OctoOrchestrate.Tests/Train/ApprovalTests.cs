namespace OctoOrchestrate.Tests.Train;

/// <summary>Production asks QA and Business Owner: the plan is stored, waits (exit 6), and runs exactly as approved.</summary>
public sealed class ApprovalTests
{
    static async Task<string> StagedTrainAsync(TrainWorkspace train, string version = "2026.4.0.1")
    {
        foreach (var component in new[] { "database", "worker", "api", "web" })
            await train.ReleaseAsync(component, version, "Staging");
        var promote = await train.CliAsync("promote", "--to", "Production", "--as", "Rel Manager", "--json");
        Assert.True(promote.ExitCode == ExitCodes.Waiting, promote.Error + promote.Out);
        var json = TrainWorkspace.Json(promote);
        Assert.Equal("AwaitingApproval", json.GetProperty("status").GetString());
        Assert.Equal(["QA", "Business Owner"], json.GetProperty("waitingFor").EnumerateArray().Select(e => e.GetString()));
        return json.GetProperty("planId").GetString()!;
    }

    [Fact]
    public async Task Approval_by_every_group_lets_the_whole_train_run_and_a_release_reaching_the_source_later_is_not_slipped_in()
    {
        using var train = new TrainWorkspace();
        var planId = await StagedTrainAsync(train);
        Assert.All(new[] { "database", "worker", "api", "web" }, c => Assert.Empty(train.Deployed("Production", c)));

        var early = await train.CliAsync("promote", "--resume", planId);
        Assert.True(early.ExitCode == ExitCodes.Waiting, early.Error + early.Out);
        var qa = await train.CliAsync("approve", planId, "--as", "Ann", "--group", "QA", "--notes", "smoke tests green");
        Assert.True(qa.ExitCode == 0, qa.Error + qa.Out);
        Assert.Contains("Business Owner", qa.Out, StringComparison.Ordinal);
        var twice = await train.CliAsync("approve", planId, "--as", "Al", "--group", "qa");
        Assert.True(twice.ExitCode == 2, twice.Error + twice.Out);
        var unknownGroup = await train.CliAsync("approve", planId, "--as", "Al", "--group", "Ops");
        Assert.True(unknownGroup.ExitCode == 2, unknownGroup.Error);
        Assert.Contains("--group", unknownGroup.Error, StringComparison.Ordinal);
        var owner = await train.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner");
        Assert.True(owner.ExitCode == 0, owner.Error + owner.Out);

        // After the approval a newer release reaches Staging: the approved plan still deploys what was approved.
        foreach (var component in new[] { "worker", "web" }) await train.ReleaseAsync(component, "2026.4.0.2", "Staging");
        var resume = await train.CliAsync("promote", "--resume", planId, "--json");

        Assert.True(resume.ExitCode == 0, resume.Error + resume.Out);
        var json = TrainWorkspace.Json(resume);
        Assert.All(TrainWorkspace.Outcomes(json).Values, o => Assert.Equal("Deployed", o));
        Assert.All(new[] { "database", "worker", "api", "web" }, c => Assert.Equal(["2026.4.0.1"], train.Deployed("Production", c)));
        var snapshot = json.GetProperty("snapshot");
        Assert.Equal("Rel Manager", snapshot.GetProperty("requestedBy").GetString());
        Assert.Equal("Ann (QA), Bob (Business Owner)", snapshot.GetProperty("approvedBy").GetString());
        Assert.Equal("Succeeded", snapshot.GetProperty("outcome").GetString());

        var again = await train.CliAsync("promote", "--resume", planId, "--json");
        Assert.True(again.ExitCode == 0, again.Error + again.Out);
        Assert.All(new[] { "database", "worker", "api", "web" }, c => Assert.Single(train.Deployed("Production", c)));
    }

    [Fact]
    public async Task A_rejection_deploys_nothing_now_or_later()
    {
        using var train = new TrainWorkspace();
        var planId = await StagedTrainAsync(train);
        Assert.Equal(0, (await train.CliAsync("approve", planId, "--as", "Ann", "--group", "QA")).ExitCode);
        var reject = await train.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner", "--reject", "--notes", "not this week");
        Assert.True(reject.ExitCode == 0, reject.Error + reject.Out);

        var resume = await train.CliAsync("promote", "--resume", planId, "--json");

        Assert.True(resume.ExitCode == ExitCodes.Failed, resume.Error + resume.Out);
        Assert.Equal("Rejected", TrainWorkspace.Json(resume).GetProperty("status").GetString());
        Assert.All(new[] { "database", "worker", "api", "web" }, c => Assert.Empty(train.Deployed("Production", c)));
        var late = await train.CliAsync("approve", planId, "--as", "Cy", "--group", "QA");
        Assert.True(late.ExitCode == 2, late.Error);
    }

    [Fact]
    public async Task A_scheduled_train_waits_for_its_time_and_a_time_in_the_past_is_refused()
    {
        using var train = new TrainWorkspace();
        await train.ReleaseAsync("worker", "2026.4.0.1", "Test");
        var past = await train.CliAsync("promote", "--to", "Staging", "--at", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("o"));
        Assert.True(past.ExitCode == 2, past.Error);
        Assert.Contains("in the past", past.Error, StringComparison.Ordinal);

        var later = await train.CliAsync("promote", "--to", "Staging", "--at", DateTimeOffset.UtcNow.AddHours(1).ToString("o"), "--json");
        Assert.True(later.ExitCode == ExitCodes.Waiting, later.Error + later.Out);
        var planId = TrainWorkspace.Json(later).GetProperty("planId").GetString()!;
        Assert.Equal("Scheduled", TrainWorkspace.Json(later).GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Waiting, (await train.CliAsync("promote", "--resume", planId)).ExitCode);
        Assert.Empty(train.Deployed("Staging", "worker"));

        var soon = await train.CliAsync("promote", "--to", "Staging", "--at", DateTimeOffset.UtcNow.AddSeconds(2).ToString("o"), "--wait", "--json");
        Assert.True(soon.ExitCode == 0, soon.Error + soon.Out);
        Assert.Equal(["2026.4.0.1"], train.Deployed("Staging", "worker"));
    }
}
