using OctoOrchestrate.Octopus;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// The train's one approval and Octopus's manual interventions (Production's process has a Manual Intervention step in the simulator):
/// an approved plan's child deployments are answered Proceed (see <see cref="TrainScenarios"/>); a rejected plan's are answered Abort.
/// </summary>
public sealed class OctopusTrainInterventionTests
{
    [Fact]
    public async Task A_rejected_plan_aborts_the_paused_deployments_of_its_releases_naming_who_rejected_it()
    {
        await using var bed = await OctopusTrainBed.StartAsync();
        await bed.AllAsync("2026.4.0.1", "Staging");
        var waiting = await bed.CliAsync("promote", "--to", "Production", "--json");
        Assert.True(waiting.ExitCode == ExitCodes.Waiting, waiting.Error + waiting.Out);
        var planId = TrainWorkspace.Json(waiting).GetProperty("planId").GetString()!;

        // Someone starts two of the plan's releases in Octopus by hand meanwhile; they pause on the manual intervention.
        var started = new List<string>();
        await using (var server = OctopusReleaseServer.Open(bed.Workspace.Manifest, OctopusConnection.Create(bed.Simulator.Url, OctopusTrainBed.ApiKey)))
        {
            foreach (var component in new[] { "worker", "api" })
            {
                var release = await server.FindReleaseAsync(component, "2026.4.0.1");
                started.Add((await server.StartDeploymentAsync(new DeploymentRequest(release!.Id, "Production"))).Id);
            }
        }

        await WaitAsync(bed.Simulator.State, () => bed.Simulator.State.Interruptions.Count(i => i.IsPending) == 2);
        Assert.Equal(0, (await bed.CliAsync("approve", planId, "--as", "Ann", "--group", "QA")).ExitCode);
        Assert.Equal(0, (await bed.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner", "--reject", "--notes", "not this week")).ExitCode);

        var resume = await bed.CliAsync("promote", "--resume", planId, "--json");

        Assert.True(resume.ExitCode == ExitCodes.Failed, resume.Error + resume.Out);
        Assert.Equal("Rejected", TrainWorkspace.Json(resume).GetProperty("status").GetString());
        Assert.Contains("answered Abort", resume.Error, StringComparison.Ordinal);
        await WaitAsync(bed.Simulator.State, () => started.All(id => bed.Simulator.State.TaskOf(bed.Simulator.State.Deployments.Single(d => d.Id == id)).IsCompleted));
        lock (bed.Simulator.State.Gate)
        {
            var answered = bed.Simulator.State.Interruptions;
            Assert.Equal(2, answered.Count);
            Assert.All(answered, i =>
            {
                Assert.False(i.IsPending);
                Assert.Equal("Abort", i.Result);
                Assert.Contains("Bob (Business Owner): not this week", i.Notes, StringComparison.Ordinal);
                Assert.Contains(planId, i.Notes, StringComparison.Ordinal);
            });
            Assert.All(started, id => Assert.Equal(TaskState.Failed, bed.Simulator.State.TaskOf(bed.Simulator.State.Deployments.Single(d => d.Id == id)).State));
        }

        Assert.All(TrainBed.All, c => Assert.Empty(bed.Deployed("Production", c)));
    }

    [Fact]
    public async Task An_approved_plan_answers_each_child_intervention_once_and_every_deployment_succeeds()
    {
        await using var bed = await OctopusTrainBed.StartAsync();
        await bed.AllAsync("2026.4.0.1", "Staging");
        var waiting = await bed.CliAsync("promote", "--to", "Production", "--only", "worker,web", "--json");
        var planId = TrainWorkspace.Json(waiting).GetProperty("planId").GetString()!;
        Assert.Equal(0, (await bed.CliAsync("approve", planId, "--as", "Cy", "--group", "Business Owner")).ExitCode);
        Assert.Equal(0, (await bed.CliAsync("approve", planId, "--as", "Di", "--group", "QA", "--notes", "green")).ExitCode);

        var resume = await bed.CliAsync("promote", "--resume", planId);

        Assert.True(resume.ExitCode == 0, resume.Error + resume.Out);
        Assert.Contains("manual intervention answered Proceed", resume.Error, StringComparison.Ordinal);
        bed.AssertApprovalCarried(planId, "Cy (Business Owner), Di (QA)");
        lock (bed.Simulator.State.Gate) Assert.Equal(2, bed.Simulator.State.Interruptions.Count);
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Production", "worker"));
        Assert.Equal(["2026.4.0.1"], bed.Deployed("Production", "web"));
        Assert.Empty(bed.Deployed("Production", "api"));
    }

    static async Task WaitAsync(SimState state, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (state.Gate)
                if (condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the simulator did not reach the expected state within 30 s");
            await Task.Delay(50);
        }
    }
}
