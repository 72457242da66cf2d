using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// An optional lifecycle phase (Octopus: <c>IsOptionalPhase</c>) may be skipped on the way to Production: the train's source walks back
/// past it to the phase before, nearest first.
/// </summary>
public sealed class OctopusOptionalPhaseTests
{
    [Fact]
    public void The_sources_walk_back_past_optional_phases_nearest_first()
    {
        var lifecycle = new Lifecycle("Default",
        [
            new LifecyclePhase("Dev", ["Dev"]),
            new LifecyclePhase("Test", ["Test"]) { Optional = true },
            new LifecyclePhase("Staging", ["Staging"]) { Optional = true },
            new LifecyclePhase("Production", ["Production"]),
        ]);

        Assert.Equal(["Staging", "Test", "Dev"], lifecycle.SourcesBefore("Production"));
        Assert.Equal(["Test", "Dev"], lifecycle.SourcesBefore("Staging"));
        Assert.Equal(["Dev"], lifecycle.SourcesBefore("Test"));
        Assert.Empty(lifecycle.SourcesBefore("Dev"));
    }

    [Fact]
    public async Task With_Staging_optional_the_train_to_Production_takes_what_succeeded_in_Test_and_prefers_Staging_where_it_has_one()
    {
        await using var bed = await OctopusTrainBed.StartAsync();
        lock (bed.Simulator.State.Gate)
        {
            foreach (var lifecycle in bed.Simulator.State.Lifecycles)
            {
                var index = lifecycle.Phases.FindIndex(p => p.Name == "Staging");
                var staging = lifecycle.Phases[index];
                lifecycle.Phases[index] = new SimPhase { Name = staging.Name, OptionalDeploymentTargets = staging.OptionalDeploymentTargets, IsOptionalPhase = true };
            }
        }

        await bed.ReleaseAsync("api", "2026.4.0.2", "Test");
        await bed.ReleaseAsync("web", "2026.4.0.1", "Staging");
        await bed.ReleaseAsync("web", "2026.4.0.2", "Test");

        var plan = await bed.CliAsync("plan", "--to", "Production", "--json");

        Assert.True(plan.ExitCode == 0, plan.Error + plan.Out);
        var components = TrainWorkspace.Json(plan).GetProperty("plan").GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("component").GetString()!, c => (Candidate: c.GetProperty("candidate").GetString(), Reason: c.GetProperty("reason").GetString()!));
        Assert.Equal("2026.4.0.2", components["api"].Candidate);
        Assert.Contains("last successful in Test", components["api"].Reason, StringComparison.Ordinal);
        Assert.Contains("Staging: optional phase, none there", components["api"].Reason, StringComparison.Ordinal);
        Assert.Equal("2026.4.0.1", components["web"].Candidate); // Staging holds one: the nearest phase wins over a newer one in Test
        Assert.Null(components["worker"].Candidate);
        Assert.Contains("Staging or Test", components["worker"].Reason, StringComparison.Ordinal);
    }
}
