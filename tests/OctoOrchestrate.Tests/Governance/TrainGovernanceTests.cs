using System.Text.Json;
using OctoOrchestrate.Audit;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>
/// The release train under governance, end to end through the real CLI on a real git repository and state folder: who may request,
/// approve and resume a promotion or a rollback, four eyes, the audit trail of all of it, the regression guard and collisions in the plan.
/// </summary>
public sealed class TrainGovernanceTests : IDisposable
{
    /// <summary>oscar is in Operations and QA: he may request a Production train and approve one, but never his own (four eyes).</summary>
    public const string TrainTeams = """
        teams:
          - name: Developers
            members: [ alice, bob ]
            deploy: [ Dev, Test ]
          - name: QA
            members: [ quinn, oscar ]
            approve: [ Production ]
          - name: Operations
            members: [ olivia, oscar ]
            deploy: [ Test, Production ]
          - name: Auditors
            members: [ audrey ]
            read: [ "*" ]
        """;

    public const string ApprovedProduction = """
        environments:
          - Dev
          - Test
          - name: Production
            approvals: [ QA ]
        """;

    readonly GovernanceRepo repo = new(TrainTeams, environments: ApprovedProduction);

    string[] StoredPlans()
    {
        var folder = Path.Combine(repo.StateDirectory, "train", "plans");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    async Task InTestAsync(string component, string version, string commit)
    {
        await repo.ReleaseAsync(component, version, commit);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", component, version)).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", component, version)).ExitCode);
    }

    /// <summary>api 2026.4.0.1 (the current commit) in Production; the next train's 2026.5.0.3 (a new commit on top) in Dev.</summary>
    static async Task<(string Released, string Next)> ProductionAndNextTrainInDevAsync(GovernanceRepo lane)
    {
        var released = lane.Repo.Head;
        await lane.ReleaseAsync("api", "2026.4.0.1", released);
        foreach (var (user, environment) in new[] { ("alice", "Dev"), ("alice", "Test"), ("olivia", "Production") })
            Assert.Equal(0, (await lane.DeployAsync(user, environment, "api", "2026.4.0.1")).ExitCode);

        lane.Repo.Write("api/app.txt", "api v2: new catalogue");
        var next = lane.Repo.Commit("api: new catalogue");
        await lane.ReleaseAsync("api", "2026.5.0.3", next);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Dev", "api", "2026.5.0.3")).ExitCode);
        return (released, next);
    }

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

    [Fact]
    public async Task Developers_may_not_request_QA_may_not_approve_their_own_request_and_every_step_is_in_the_verified_audit_log()
    {
        await InTestAsync("api", "2026.4.0.1", repo.Repo.Head);

        var developer = await repo.CliAsync("promote", "--to", "Production", "--as", "alice");
        Assert.True(developer.ExitCode == 2, developer.Error + developer.Out);
        Assert.Contains("alice (from --as) may not deploy to Production", developer.Error, StringComparison.Ordinal);
        Assert.Contains("team Operations (olivia, oscar)", developer.Error, StringComparison.Ordinal);
        Assert.Empty(StoredPlans()); // refused before anything is stored

        var requested = await repo.CliAsync("promote", "--to", "Production", "--as", "oscar", "--json");
        Assert.True(requested.ExitCode == ExitCodes.Waiting, requested.Error + requested.Out);
        var planId = Json(requested).GetProperty("planId").GetString()!;

        var own = await repo.CliAsync("approve", planId, "--as", "oscar", "--group", "QA");
        Assert.True(own.ExitCode == 2, own.Error + own.Out);
        Assert.Contains("four eyes", own.Error, StringComparison.Ordinal);
        Assert.Contains("team QA (quinn)", own.Error, StringComparison.Ordinal); // who may instead
        var outsider = await repo.CliAsync("approve", planId, "--as", "alice", "--group", "QA");
        Assert.True(outsider.ExitCode == 2, outsider.Error + outsider.Out);
        Assert.Contains("not in team QA", outsider.Error, StringComparison.Ordinal);

        var quinn = await repo.CliAsync("approve", planId, "--as", "quinn", "--group", "QA", "--notes", "smoke tests green");
        Assert.True(quinn.ExitCode == 0, quinn.Error + quinn.Out);
        Assert.Contains("approved by every group", quinn.Out, StringComparison.Ordinal);

        var resumedByDeveloper = await repo.CliAsync("promote", "--resume", planId, "--as", "bob");
        Assert.True(resumedByDeveloper.ExitCode == 2, resumedByDeveloper.Error + resumedByDeveloper.Out);
        Assert.Empty(repo.Deployed("Production", "api"));
        Environment.SetEnvironmentVariable("OO_USER", "olivia"); // the acting user resolved as everywhere: OO_USER without --as
        try
        {
            var resumed = await repo.CliAsync("promote", "--resume", planId);
            Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OO_USER", null);
        }

        Assert.Equal(["2026.4.0.1"], repo.Deployed("Production", "api"));

        var audit = await repo.CliAsync("audit", "--as", "audrey", "--env", "Production", "--json");
        Assert.True(audit.ExitCode == 0, audit.Error);
        var records = Json(audit).GetProperty("records").EnumerateArray()
            .Select(r => (Actor: r.GetProperty("actor").GetString(), Action: r.GetProperty("action").GetString(), Outcome: r.GetProperty("outcome").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("alice", "refusal", "refused"),
                ("oscar", "promotion", "waiting for approval by QA"),
                ("oscar", "refusal", "approval for QA refused"),
                ("alice", "refusal", "approval for QA refused"),
                ("quinn", "approval", "approved for QA"),
                ("bob", "refusal", "refused"),
                ("olivia", "deployment", "Deployed"),
                ("olivia", "promotion", "Succeeded"),
            ],
            records);
        var approval = repo.Audit.Read().Single(r => r.Action == AuditActions.Approval);
        Assert.Equal(("api", "2026.4.0.1", repo.Repo.Head), (approval.Component, approval.Version, approval.Commit));
        Assert.Contains("smoke tests green", approval.Detail, StringComparison.Ordinal);
        Assert.Equal("OO_USER", repo.Audit.Read().Last().ActorSource);

        Assert.Equal(0, (await repo.CliAsync("audit", "--as", "audrey", "--verify")).ExitCode);
        var lines = File.ReadAllLines(repo.Audit.Path);
        var approvalLine = Array.FindIndex(lines, l => l.Contains("\"action\":\"approval\"", StringComparison.Ordinal));
        lines[approvalLine] = lines[approvalLine].Replace("\"actor\":\"quinn\"", "\"actor\":\"oscar\"", StringComparison.Ordinal);
        File.WriteAllText(repo.Audit.Path, string.Join("\n", lines) + "\n");
        var verify = await repo.CliAsync("audit", "--as", "audrey", "--verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("TAMPERED", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_needs_the_same_rights_and_is_audited()
    {
        await InTestAsync("web", "2026.4.0.1", repo.Repo.Head);
        var planId = Json(await repo.CliAsync("promote", "--to", "Production", "--as", "olivia", "--json")).GetProperty("planId").GetString()!;

        var developer = await repo.CliAsync("approve", planId, "--as", "bob", "--group", "QA", "--reject");
        Assert.True(developer.ExitCode == 2, developer.Error + developer.Out);
        var rejected = await repo.CliAsync("approve", planId, "--as", "oscar", "--group", "qa", "--reject", "--notes", "not this week");
        Assert.True(rejected.ExitCode == 0, rejected.Error + rejected.Out);

        var records = repo.Audit.Read();
        var rejection = Assert.Single(records, r => r.Action == AuditActions.Rejection);
        Assert.Equal(("oscar", "web", "rejected for QA"), (rejection.Actor, rejection.Component, rejection.Outcome));
        Assert.Single(records, r => r.Action == AuditActions.Refusal && r.Actor == "bob");
        Assert.Empty(repo.Deployed("Production", "web"));
    }

    [Fact]
    public async Task A_hotfix_goes_Test_to_Production_and_the_train_is_refused_there_until_the_hotfix_is_merged_forward()
    {
        using var lane = new GovernanceRepo(); // no approvals: each promotion runs at once
        var (released, next) = await ProductionAndNextTrainInDevAsync(lane);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Test", "api", "2026.5.0.3")).ExitCode);

        lane.Repo.Git("checkout", "-q", "-b", "release/2026.4", released);
        lane.Repo.Write("api/prices.txt", "prices rounded to the cent");
        var hotfix = lane.Repo.Commit("hotfix: price rounding");
        await lane.ReleaseAsync("api", "2026.4.1.1", hotfix);

        // The hotfix overtakes the train in Test (deliberately), then its train goes to Production through the guard.
        Assert.Equal(0, (await lane.DeployAsync("olivia", "Test", "api", "2026.4.1.1", "--allow-regression")).ExitCode);
        var hotfixTrain = await lane.CliAsync("promote", "--to", "Production", "--channel", "Hotfix", "--as", "olivia", "--json");
        Assert.True(hotfixTrain.ExitCode == 0, hotfixTrain.Error + hotfixTrain.Out);
        Assert.Equal("2026.4.1.1", lane.Deployed("Production", "api")[^1]);

        // QA puts the train back into Test; its last successful 2026.5.0.3 lacks the hotfix's commit.
        Assert.Equal(0, (await lane.DeployAsync("olivia", "Test", "api", "2026.5.0.3", "--allow-regression")).ExitCode);
        var plan = await lane.CliAsync("plan", "--to", "Production", "--as", "olivia");
        Assert.True(plan.ExitCode == 0, plan.Error + plan.Out);
        Assert.Contains("regression, refused: api: deploying 2026.5.0.3", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", plan.Out, StringComparison.Ordinal);
        var planJson = Json(await lane.CliAsync("plan", "--to", "Production", "--as", "olivia", "--json"));
        var api = planJson.GetProperty("plan").GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "api");
        Assert.Contains("would undo 2026.4.1.1", api.GetProperty("regression").GetString(), StringComparison.Ordinal);
        Assert.Equal(next, api.GetProperty("commit").GetString());

        var train = await lane.CliAsync("promote", "--to", "Production", "--as", "olivia");
        Assert.True(train.ExitCode == 2, train.Error + train.Out);
        Assert.Contains("would undo 2026.4.1.1", train.Error, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", train.Error, StringComparison.Ordinal);
        Assert.Equal("2026.4.1.1", lane.Deployed("Production", "api")[^1]);
        Assert.Single(lane.Audit.Read(), r => r.Action == AuditActions.Refusal && r.Outcome == "regression refused" && r.Environment == "Production");

        lane.Repo.Git("checkout", "-q", "main");
        lane.Repo.Git("merge", "-q", "--no-edit", "release/2026.4");
        await lane.ReleaseAsync("api", "2026.5.0.4", lane.Repo.Head);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Dev", "api", "2026.5.0.4")).ExitCode);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Test", "api", "2026.5.0.4")).ExitCode);
        var merged = await lane.CliAsync("promote", "--to", "Production", "--as", "olivia");
        Assert.True(merged.ExitCode == 0, merged.Error + merged.Out);
        Assert.Equal("2026.5.0.4", lane.Deployed("Production", "api")[^1]);
    }

    [Fact]
    public async Task A_train_rollback_is_an_intended_regression_allowed_and_audited_but_only_for_those_who_may_deploy()
    {
        using var lane = new GovernanceRepo();
        await lane.ReleaseAsync("api", "2026.4.0.1", lane.Repo.Head);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Dev", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Test", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await lane.CliAsync("promote", "--to", "Production", "--as", "olivia")).ExitCode);
        lane.Repo.Write("api/app.txt", "api v2");
        await lane.ReleaseAsync("api", "2026.4.0.2", lane.Repo.Commit("api v2"));
        Assert.Equal(0, (await lane.DeployAsync("alice", "Dev", "api", "2026.4.0.2")).ExitCode);
        Assert.Equal(0, (await lane.DeployAsync("alice", "Test", "api", "2026.4.0.2")).ExitCode);
        Assert.Equal(0, (await lane.CliAsync("promote", "--to", "Production", "--as", "oscar")).ExitCode);

        var whatIf = await lane.CliAsync("rollback", "--env", "Production", "--as", "olivia", "--what-if");
        Assert.True(whatIf.ExitCode == 0, whatIf.Error + whatIf.Out);
        Assert.Contains("regression, allowed (rollback of Production to snapshot Production-1", whatIf.Out, StringComparison.Ordinal);

        var developer = await lane.CliAsync("rollback", "--env", "Production", "--as", "alice");
        Assert.True(developer.ExitCode == 2, developer.Error + developer.Out);
        Assert.Contains("team Operations (olivia, oscar)", developer.Error, StringComparison.Ordinal);

        var rollback = await lane.CliAsync("rollback", "--env", "Production", "--as", "olivia");
        Assert.True(rollback.ExitCode == 0, rollback.Error + rollback.Out);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], lane.Deployed("Production", "api"));
        var records = lane.Audit.Read();
        var allowed = Assert.Single(records, r => r.Action == AuditActions.Override);
        Assert.Equal(("olivia", "api", "2026.4.0.1", "regression allowed"), (allowed.Actor, allowed.Component, allowed.Version, allowed.Outcome));
        Assert.Contains("rollback of Production to snapshot Production-1", allowed.Detail, StringComparison.Ordinal);
        Assert.Equal("Succeeded", Assert.Single(records, r => r.Action == AuditActions.Rollback).Outcome);

        // A plain deployment of the same older release is still refused: only the rollback intends it.
        Assert.Equal(2, (await lane.DeployAsync("olivia", "Test", "api", "2026.4.0.1")).ExitCode);

        // So is a promotion of a newer release that lacks what is current; a downgrade the plan asks for (a pin) is intended.
        var pinned = await lane.CliAsync("promote", "--to", "Production", "--version", "api=2026.4.0.2", "--as", "oscar");
        Assert.True(pinned.ExitCode == 0, pinned.Error + pinned.Out);
        var back = await lane.CliAsync("promote", "--to", "Production", "--version", "api=2026.4.0.1", "--as", "oscar");
        Assert.True(back.ExitCode == 0, back.Error + back.Out);
        Assert.Equal("2026.4.0.1", lane.Deployed("Production", "api")[^1]);
        Assert.Contains("rollback asked for in plan", lane.Audit.Read().Last(r => r.Action == AuditActions.Override).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collision_is_named_in_the_plan_with_its_files_and_commits()
    {
        using var lane = new GovernanceRepo();
        var (released, next) = await ProductionAndNextTrainInDevAsync(lane);
        lane.Repo.Git("checkout", "-q", "-b", "release/2026.4", released);
        lane.Repo.Write("api/app.txt", "api v1 with the price rounding fixed");
        var hotfix = lane.Repo.Commit("hotfix: price rounding");
        await lane.ReleaseAsync("api", "2026.4.1.1", hotfix);
        Assert.Equal(0, (await lane.DeployAsync("olivia", "Test", "api", "2026.4.1.1")).ExitCode);

        var plan = await lane.CliAsync("plan", "--to", "Production", "--channel", "Hotfix", "--as", "olivia");
        Assert.True(plan.ExitCode == 0, plan.Error + plan.Out);
        Assert.Contains("collision: api 2026.4.1.1 and 2026.5.0.3 (in Dev) both changed api/app.txt", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"{hotfix[..7]} hotfix: price rounding", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"{next[..7]} api: new catalogue", plan.Out, StringComparison.Ordinal);
        var json = Json(await lane.CliAsync("plan", "--to", "Production", "--channel", "Hotfix", "--as", "olivia", "--json"));
        var api = json.GetProperty("plan").GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "api");
        Assert.Contains("api/app.txt", Assert.Single(api.GetProperty("collisions").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.False(api.TryGetProperty("regression", out _));
    }

    public void Dispose() => repo.Dispose();
}
