using System.Text.Json;
using OctoOrchestrate.Audit;
using OctoOrchestrate.OctopusSimulator;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>
/// Governance with <c>--server</c> (the Octopus simulator over real HTTP): Octopus's own permissions decide who deploys (a developer is not
/// stopped by the manifest's teams; Octopus's 403 is exit 2 with its words, audited), while the regression guard, --allow-regression, the
/// audit log (hash-chained, in the local state folder), the train's records and the notifiers work as on the embedded server.
/// </summary>
public sealed class OctopusGovernanceTests
{
    const string Notifier = """
        notify:
          - run: 'echo "$OO_EVENT $OO_PLAN $OO_OUTCOME $OO_ENVIRONMENT" >> events.log'
        """;

    static JsonElement Json(Support.CliOutcome outcome)
    {
        try
        {
            return JsonDocument.Parse(outcome.Out).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"not JSON (exit {outcome.ExitCode}): {outcome.Out}\n{outcome.Error}");
        }
    }

    static async Task OkAsync(Task<Support.CliOutcome> run)
    {
        var outcome = await run;
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Error}{outcome.Out}");
    }

    static async Task VerifiedAsync(OctopusGovernanceLane lane)
    {
        var verify = await lane.Repo.CliAsync("audit", "--verify", "--as", "audrey", "--json");
        Assert.True(verify.ExitCode == 0, verify.Error + verify.Out);
        Assert.True(Json(verify).GetProperty("intact").GetBoolean());
        Assert.Equal(lane.Repo.Audit.Read().Count, Json(verify).GetProperty("records").GetInt64());
    }

    [Fact]
    public async Task A_hotfix_on_Octopus_is_kept_by_the_regression_guard_and_every_refusal_and_override_is_audited()
    {
        await using var lane = await OctopusGovernanceLane.StartAsync(new GovernanceRepo());
        var repo = lane.Repo.Repo;
        var released = repo.Head;
        await lane.ReleaseAsync("api", "2026.4.0.1", released);
        await OkAsync(lane.DeployAsync("alice", "Dev", "api", "2026.4.0.1"));
        await OkAsync(lane.DeployAsync("alice", "Test", "api", "2026.4.0.1"));
        // alice is a developer, whose team does not deploy to Production: on Octopus its own permissions decide (this key may).
        await OkAsync(lane.DeployAsync("alice", "Production", "api", "2026.4.0.1"));

        repo.Write("api/app.txt", "api v2: new catalogue");
        var next = repo.Commit("api: new catalogue");
        await lane.ReleaseAsync("api", "2026.5.0.3", next);
        await OkAsync(lane.DeployAsync("alice", "Dev", "api", "2026.5.0.3"));
        await OkAsync(lane.DeployAsync("alice", "Test", "api", "2026.5.0.3"));

        repo.Git("checkout", "-q", "-b", "release/2026.4", released);
        repo.Write("api/app.txt", "api v1 with the price rounding fixed");
        var hotfix = repo.Commit("hotfix: price rounding");
        await lane.ReleaseAsync("api", "2026.4.1.1", hotfix);

        // Replacing the train in Test would undo its commit: refused with the commit named, then allowed explicitly.
        var overTrain = await lane.DeployAsync("olivia", "Test", "api", "2026.4.1.1");
        Assert.Equal(2, overTrain.ExitCode);
        Assert.Contains($"would undo 2026.5.0.3 ({next[..12]})", overTrain.Error, StringComparison.Ordinal);
        Assert.Contains("api: new catalogue", overTrain.Error, StringComparison.Ordinal);
        Assert.Equal(["2026.4.0.1", "2026.5.0.3"], lane.Deployed("Test", "api"));
        var allowed = await lane.DeployAsync("olivia", "Test", "api", "2026.4.1.1", "--allow-regression");
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Contains("--allow-regression: api: deploying 2026.4.1.1", allowed.Error, StringComparison.Ordinal);
        await OkAsync(lane.DeployAsync("olivia", "Production", "api", "2026.4.1.1"));
        Assert.Equal(["2026.4.0.1", "2026.4.1.1"], lane.Deployed("Production", "api"));

        // The train lacks the hotfix: promoting it to Production is refused, naming the hotfix's commit; Octopus never hears of it.
        var deploymentsBefore = lane.State.Deployments.Count;
        var train = await lane.DeployAsync("olivia", "Production", "api", "2026.5.0.3");
        Assert.Equal(2, train.ExitCode);
        Assert.Contains($"would undo 2026.4.1.1 ({hotfix[..12]})", train.Error, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", train.Error, StringComparison.Ordinal);
        Assert.Equal(deploymentsBefore, lane.State.Deployments.Count);
        Assert.Equal(["2026.4.0.1", "2026.4.1.1"], lane.Deployed("Production", "api"));

        var records = lane.Repo.Audit.Read();
        var refused = records.Where(r => r.Action == AuditActions.Refusal && r.Outcome == "regression refused").ToList();
        Assert.Equal([("olivia", "Test", "2026.4.1.1", hotfix), ("olivia", "Production", "2026.5.0.3", next)],
            refused.Select(r => (r.Actor, r.Environment!, r.Version!, r.Commit!)).ToList());
        var over = Assert.Single(records, r => r.Action == AuditActions.Override);
        Assert.Equal(("olivia", "Test", "2026.4.1.1", "regression allowed"), (over.Actor, over.Environment, over.Version, over.Outcome));
        Assert.Contains("--allow-regression", over.Detail, StringComparison.Ordinal);
        var deployments = records.Where(r => r.Action == AuditActions.Deployment).Select(r => (r.Actor, r.Environment, r.Version, r.Outcome)).ToList();
        Assert.Contains(("alice", "Production", "2026.4.0.1", "Deployed"), deployments);
        Assert.Contains(("olivia", "Production", "2026.4.1.1", "Deployed"), deployments);
        Assert.Equal(7, deployments.Count);
        Assert.All(records.Where(r => r.Action == AuditActions.Deployment), r => Assert.StartsWith("Deployments-", r.Detail, StringComparison.Ordinal));
        await VerifiedAsync(lane);
    }

    [Fact]
    public async Task Octopus_refusing_the_key_a_deployment_is_exit_2_with_its_words_and_audited_for_deploy_and_the_train()
    {
        await using var lane = await OctopusGovernanceLane.StartAsync(new GovernanceRepo(TrainGovernanceTests.TrainTeams));
        var head = lane.Repo.Repo.Head;
        await lane.ReleaseAsync("api", "2026.4.0.1", head);
        await lane.ReleaseAsync("web", "2026.4.0.1", head);
        await OkAsync(lane.DeployAsync("alice", "Dev", "api", "2026.4.0.1"));
        await OkAsync(lane.DeployAsync("alice", "Dev", "web", "2026.4.0.1"));
        lane.State.DeployForbidden.Add("Test");

        // olivia's team deploys to Test in the manifest, but Octopus decides: its 403 ends the run.
        var deploy = await lane.CliAsync("deploy", "--to", "Test", "--as", "olivia");
        Assert.Equal(2, deploy.ExitCode);
        Assert.Contains("Octopus answered 403 Forbidden to POST /api/{space}/deployments/create/untenanted/v1", deploy.Error, StringComparison.Ordinal);
        Assert.Contains("You do not have permission to perform this action. Please see your Octopus administrator.", deploy.Error, StringComparison.Ordinal);

        var train = await lane.CliAsync("promote", "--to", "Test", "--as", "oscar");
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("403 Forbidden", train.Error, StringComparison.Ordinal);
        Assert.Empty(lane.Deployed("Test", "api"));
        Assert.Empty(lane.Deployed("Test", "web"));

        var refusals = lane.Repo.Audit.Read().Where(r => r.Action == AuditActions.Refusal).ToList();
        Assert.Equal(4, refusals.Count); // api and web, by deploy (olivia) and by the train (oscar)
        Assert.Equal(["olivia", "olivia", "oscar", "oscar"], refusals.Select(r => r.Actor).Order().ToArray());
        Assert.All(refusals, r =>
        {
            Assert.Equal(("Test", "2026.4.0.1", "refused by the release server", head), (r.Environment, r.Version, r.Outcome, r.Commit));
            Assert.Contains("You do not have permission to perform this action", r.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(["api", "api", "web", "web"], refusals.Select(r => r.Component!).Order().ToArray());

        // Allowed again on the server, the same commands go through.
        lane.State.DeployForbidden.Clear();
        await OkAsync(lane.CliAsync("deploy", "--to", "Test", "--as", "olivia"));
        Assert.Equal(["2026.4.0.1"], lane.Deployed("Test", "api"));
        await VerifiedAsync(lane);
    }

    [Fact]
    public async Task A_train_promotion_on_Octopus_is_audited_and_heard_by_the_notifiers_through_approval_and_intervention()
    {
        await using var lane = await OctopusGovernanceLane.StartAsync(
            new GovernanceRepo(TrainGovernanceTests.TrainTeams, Notifier, TrainGovernanceTests.ApprovedProduction));
        lane.State.Scripts = (_, environment, _) => new DeploymentScript(TimeSpan.FromMilliseconds(150), ManualIntervention: environment == "Production");
        var head = lane.Repo.Repo.Head;
        foreach (var component in new[] { "api", "web" })
        {
            await lane.ReleaseAsync(component, "2026.4.0.1", head);
            await OkAsync(lane.DeployAsync("alice", "Dev", component, "2026.4.0.1"));
            await OkAsync(lane.DeployAsync("alice", "Test", component, "2026.4.0.1"));
        }

        var requested = await lane.CliAsync("promote", "--to", "Production", "--as", "olivia", "--json");
        Assert.True(requested.ExitCode == 6, requested.Error + requested.Out);
        var planId = Json(requested).GetProperty("planId").GetString()!;
        var vote = await lane.Repo.CliAsync("approve", planId, "--group", "QA", "--as", "quinn");
        Assert.True(vote.ExitCode == 0, vote.Error + vote.Out);
        var resumed = await lane.CliAsync("promote", "--resume", planId, "--as", "olivia");
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Out);
        Assert.Equal(["2026.4.0.1"], lane.Deployed("Production", "api"));
        Assert.Equal(["2026.4.0.1"], lane.Deployed("Production", "web"));
        lock (lane.State.Gate) Assert.All(lane.State.Interruptions, i => Assert.Contains("Approved by quinn", i.Notes, StringComparison.Ordinal));

        var events = await File.ReadAllLinesAsync(Path.Combine(lane.Repo.Root, "events.log"));
        Assert.Equal([$"train-waiting-for-approval {planId} AwaitingApproval Production", $"train-promoted {planId} Succeeded Production"], events);
        var records = lane.Repo.Audit.Read().Where(r => r.Environment == "Production").ToList();
        Assert.Contains(records, r => r.Action == AuditActions.Promotion && r.Actor == "olivia" && r.Outcome!.StartsWith("waiting for approval", StringComparison.Ordinal));
        Assert.Equal(["api", "web"], records.Where(r => r.Action == AuditActions.Approval).Select(r => (r.Actor, r.Component)).Where(r => r.Actor == "quinn").Select(r => r.Component!).Order().ToArray());
        Assert.Equal(["api", "web"], records.Where(r => r.Action == AuditActions.Deployment && r.Outcome == "Deployed").Select(r => r.Component!).Order().ToArray());
        Assert.Contains(records, r => r.Action == AuditActions.Promotion && r.Outcome == "Succeeded" && r.Detail!.Contains("approved by quinn", StringComparison.Ordinal));
        await VerifiedAsync(lane);
    }

    [Fact]
    public async Task Octopus_refusing_the_runs_answer_to_a_manual_intervention_is_in_the_audited_outcome_and_the_train_fails_heard()
    {
        await using var lane = await OctopusGovernanceLane.StartAsync(
            new GovernanceRepo(TrainGovernanceTests.TrainTeams, Notifier, TrainGovernanceTests.ApprovedProduction));
        lane.State.Scripts = (_, environment, _) => new DeploymentScript(TimeSpan.FromMilliseconds(150), ManualIntervention: environment == "Production");
        lane.State.InterventionForbidden.Add("Production");
        await lane.ReleaseAsync("api", "2026.4.0.1", lane.Repo.Repo.Head);
        await OkAsync(lane.DeployAsync("alice", "Dev", "api", "2026.4.0.1"));
        await OkAsync(lane.DeployAsync("alice", "Test", "api", "2026.4.0.1"));
        var planId = Json(await lane.CliAsync("promote", "--to", "Production", "--as", "olivia", "--json")).GetProperty("planId").GetString()!;
        await OkAsync(lane.Repo.CliAsync("approve", planId, "--group", "QA", "--as", "quinn"));

        var resumed = await lane.CliAsync("promote", "--resume", planId, "--as", "olivia", "--timeout", "3");

        Assert.Equal(1, resumed.ExitCode);
        Assert.Contains("could not answer its manual intervention", resumed.Error, StringComparison.Ordinal);
        lock (lane.State.Gate) Assert.All(lane.State.Interruptions, i => Assert.Null(i.Result));
        var deployment = Assert.Single(lane.Repo.Audit.Read(), r => r.Action == AuditActions.Deployment && r.Environment == "Production");
        Assert.Equal(("olivia", "api", "TimedOut"), (deployment.Actor, deployment.Component, deployment.Outcome));
        Assert.Contains("Octopus refused this run's answer (Proceed) to the manual intervention: Octopus answered 403 Forbidden to PUT /api/{space}/interruptions/{id}/responsible",
            deployment.Detail, StringComparison.Ordinal);
        Assert.Contains($"train-failed {planId} Failed Production", await File.ReadAllLinesAsync(Path.Combine(lane.Repo.Root, "events.log")));
        await VerifiedAsync(lane);
    }

    [Fact]
    public async Task Check_permissions_with_a_server_names_the_keys_Octopus_user_and_where_Octopus_lets_it_deploy()
    {
        await using var lane = await OctopusGovernanceLane.StartAsync(new GovernanceRepo());
        var head = lane.Repo.Repo.Head;
        await lane.ReleaseAsync("api", "2026.4.0.1", head);
        await OkAsync(lane.DeployAsync("alice", "Dev", "api", "2026.4.0.1"));
        var before = Json(await lane.CliAsync("check-permissions", "--as", "alice", "--json"));
        lane.State.DeployForbidden.Add("Test");
        var json = Json(await lane.CliAsync("check-permissions", "--as", "alice", "--json"));

        // Octopus offers the release where its lifecycle has reached and the key may deploy: Test until the key lost that permission.
        Assert.Equal(new Dictionary<string, bool> { ["Dev"] = true, ["Test"] = true, ["Production"] = false }, OffersForApi(before));
        Assert.Equal(new Dictionary<string, bool> { ["Dev"] = true, ["Test"] = false, ["Production"] = false }, OffersForApi(json));
        Assert.Equal("simulator", json.GetProperty("octopus").GetProperty("username").GetString());
        Assert.DoesNotContain(json.GetProperty("octopus").GetProperty("releases").EnumerateArray(), r => r.GetProperty("component").GetString() == "web"); // no release yet
        var test = json.GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("environment").GetString() == "Test");
        Assert.False(test.GetProperty("deploy").GetBoolean());
        Assert.StartsWith("Octopus decides", test.GetProperty("whoMayDeploy").GetString(), StringComparison.Ordinal);

        static Dictionary<string, bool> OffersForApi(JsonElement document) => document.GetProperty("octopus").GetProperty("releases").EnumerateArray()
            .Where(r => r.GetProperty("component").GetString() == "api")
            .ToDictionary(r => r.GetProperty("environment").GetString()!, r => r.GetProperty("mayDeployNow").GetBoolean());

        var text = await lane.CliAsync("check-permissions", "--env", "Production", "--as", "alice");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("the API key belongs to simulator", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("API-GOVERNANCELANEKEY", text.Out + text.Error, StringComparison.Ordinal);
    }
}
