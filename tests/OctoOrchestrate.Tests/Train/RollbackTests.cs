namespace OctoOrchestrate.Tests.Train;

/// <summary>Snapshots, history and rollback of a whole train.</summary>
public sealed class RollbackTests
{
    [Fact]
    public async Task Rollback_returns_to_the_previous_snapshot_in_order_skipping_the_roll_forward_database()
    {
        using var train = new TrainWorkspace();
        foreach (var version in new[] { "2026.4.0.1", "2026.4.0.2" })
        {
            foreach (var component in new[] { "database", "worker", "api", "web" }) await train.ReleaseAsync(component, version, "Test");
            var promote = await train.CliAsync("promote", "--to", "Staging", "--as", "Ann", "--json");
            Assert.True(promote.ExitCode == 0, promote.Error + promote.Out);
        }

        var history = TrainWorkspace.Json(await train.CliAsync("history", "Staging", "--json"));
        var snapshots = history.GetProperty("snapshots").EnumerateArray().ToList();
        Assert.Equal(["Staging-2", "Staging-1"], snapshots.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("2026.4.0.1", snapshots[1].GetProperty("versions").GetProperty("api").GetString());
        Assert.Equal("Ann", snapshots[0].GetProperty("requestedBy").GetString());

        var rollback = await train.CliAsync("rollback", "--env", "Staging", "--json");

        Assert.True(rollback.ExitCode == 0, rollback.Error + rollback.Out);
        var json = TrainWorkspace.Json(rollback);
        var plan = TrainWorkspace.Plan(json);
        Assert.Equal(("SkipRollForward", "2026.4.0.1"), plan["database"]);
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["api"]);
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["web"]);
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["worker"]);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], train.Deployed("Staging", "database"));
        foreach (var component in new[] { "worker", "api", "web" })
            Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], train.Deployed("Staging", component));
        Assert.True(train.Inner.Timeline("Staging", "api").End <= train.Inner.Timeline("Staging", "web").Start);
        Assert.Equal("rollback", json.GetProperty("snapshot").GetProperty("kind").GetString());

        var table = await train.CliAsync("history", "Staging");
        Assert.Contains("Staging-3", table.Out, StringComparison.Ordinal);
        var toFirst = await train.CliAsync("rollback", "--env", "Staging", "--to", "Staging-1", "--json");
        Assert.True(toFirst.ExitCode == 0, toFirst.Error + toFirst.Out);
        Assert.All(TrainWorkspace.Plan(TrainWorkspace.Json(toFirst)).Where(p => p.Key != "database"), p => Assert.Equal("SkipCurrent", p.Value.Action));
    }

    [Fact]
    public async Task Rollback_goes_through_the_same_approvals_and_needs_an_earlier_snapshot()
    {
        using var train = new TrainWorkspace();
        var none = await train.CliAsync("rollback", "--env", "Production");
        Assert.True(none.ExitCode == 2, none.Error);
        Assert.Contains("no earlier successful snapshot", none.Error, StringComparison.Ordinal);

        foreach (var version in new[] { "2026.4.0.1", "2026.4.0.2" })
        {
            await train.ReleaseAsync("worker", version, "Staging");
            var promote = TrainWorkspace.Json(await train.CliAsync("promote", "--to", "Production", "--only", "worker", "--json"));
            var planId = promote.GetProperty("planId").GetString()!;
            await train.CliAsync("approve", planId, "--as", "Ann", "--group", "QA");
            await train.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner");
            Assert.Equal(0, (await train.CliAsync("promote", "--resume", planId)).ExitCode);
        }

        var rollback = await train.CliAsync("rollback", "--env", "Production", "--json");

        Assert.True(rollback.ExitCode == ExitCodes.Waiting, rollback.Error + rollback.Out);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], train.Deployed("Production", "worker"));
        var id = TrainWorkspace.Json(rollback).GetProperty("planId").GetString()!;
        await train.CliAsync("approve", id, "--as", "Ann", "--group", "QA");
        await train.CliAsync("approve", id, "--as", "Bob", "--group", "Business Owner");
        Assert.Equal(0, (await train.CliAsync("promote", "--resume", id)).ExitCode);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], train.Deployed("Production", "worker"));
    }
}
