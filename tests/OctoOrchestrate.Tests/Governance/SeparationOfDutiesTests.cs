using System.Text.Json;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Governance;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>Teams from the manifest, enforced on the real CLI's deploy path, with every refusal in the audit log.</summary>
public sealed class SeparationOfDutiesTests : IDisposable
{
    readonly GovernanceRepo repo = new();

    [Fact]
    public async Task A_developer_deploying_to_Production_is_refused_naming_Operations_and_the_refusal_is_audited()
    {
        await repo.ReleaseAsync("api", "2026.4.0.1", repo.Repo.Head);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("bob", "Test", "api", "2026.4.0.1")).ExitCode);

        var refused = await repo.DeployAsync("alice", "Production", "api", "2026.4.0.1");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("alice (from --as) may not deploy to Production", refused.Error, StringComparison.Ordinal);
        Assert.Contains("team Operations (olivia, oscar)", refused.Error, StringComparison.Ordinal);
        Assert.Empty(repo.Deployed("Production", "api"));

        Assert.Equal(0, (await repo.DeployAsync("olivia", "Production", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(["2026.4.0.1"], repo.Deployed("Production", "api"));

        var records = repo.Audit.Read();
        var refusal = Assert.Single(records, r => r.Action == AuditActions.Refusal);
        Assert.Equal(("alice", "--as", "Production", "api"), (refusal.Actor, refusal.ActorSource, refusal.Environment, refusal.Component));
        Assert.Equal(repo.Repo.Head, refusal.Commit);
        Assert.Equal(["Dev", "Test", "Production"], records.Where(r => r.Action == AuditActions.Deployment).Select(r => r.Environment));
        Assert.Equal("olivia", records.Last().Actor);
    }

    [Fact]
    public async Task A_developer_promoting_to_Production_is_refused_before_any_test_runs()
    {
        await repo.ReleaseAsync("api", "2026.4.0.1", repo.Repo.Head);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.4.0.1", "--force")).ExitCode);
        var refused = await repo.CliAsync("promote", "--from", "Test", "--to", "Production", "--as", "bob");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("team Operations (olivia, oscar)", refused.Error, StringComparison.Ordinal);
        Assert.Empty(repo.Deployed("Production", "api"));
        Assert.Single(repo.Audit.Read(), r => r.Action == AuditActions.Refusal && r.Actor == "bob" && r.Component == "api");
    }

    [Fact]
    public async Task Operations_may_not_deploy_to_Dev_and_are_told_who_may()
    {
        await repo.ReleaseAsync("web", "2026.4.0.1", repo.Repo.Head);
        var refused = await repo.DeployAsync("oscar", "Dev", "web", "2026.4.0.1");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("team Developers (alice, bob)", refused.Error, StringComparison.Ordinal);
        Assert.Empty(repo.Deployed("Dev", "web"));
    }

    [Fact]
    public async Task The_acting_user_comes_from_OO_USER_when_as_is_not_given()
    {
        await repo.ReleaseAsync("web", "2026.4.0.1", repo.Repo.Head);
        Environment.SetEnvironmentVariable("OO_USER", "mallory");
        try
        {
            var refused = await repo.CliAsync("deploy", "--to", "Dev", "--component", "web");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("mallory (from OO_USER)", refused.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OO_USER", null);
        }
    }

    [Fact]
    public async Task Without_teams_everyone_may_deploy_everywhere()
    {
        using var open = new GovernanceRepo(teams: null);
        await open.ReleaseAsync("api", "2026.4.0.1", open.Repo.Head);
        foreach (var environment in new[] { "Dev", "Test", "Production" })
            Assert.Equal(0, (await open.DeployAsync("anyone", environment, "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(3, open.Audit.Read().Count(r => r.Action == AuditActions.Deployment));
    }

    [Fact]
    public void Four_eyes_QA_may_not_approve_their_own_request_but_another_member_may()
    {
        var policy = GovernancePolicy.For(repo.Manifest);
        var own = Assert.Throws<PermissionRefusedException>(() => Permissions.CheckApproval(policy, "quinn", new Actor("quinn", "--as"), "QA", "Production"));
        Assert.Contains("four eyes", own.Message, StringComparison.Ordinal);
        Assert.Contains("team QA (bob)", own.Message, StringComparison.Ordinal); // who else may

        Permissions.CheckApproval(policy, "alice", new Actor("quinn", "--as"), "QA", "Production");
        Permissions.CheckApproval(policy, "alice", new Actor("Bob", "OO_USER"), null, "Test"); // logins compare without case

        var developer = Assert.Throws<PermissionRefusedException>(() => Permissions.CheckApproval(policy, "bob", new Actor("alice", "--as"), null, "Production"));
        Assert.Contains("team QA (quinn)", developer.Message, StringComparison.Ordinal);
        var wrongGroup = Assert.Throws<PermissionRefusedException>(() => Permissions.CheckApproval(policy, "bob", new Actor("olivia", "--as"), "QA", "Production"));
        Assert.Contains("not in team QA", wrongGroup.Message, StringComparison.Ordinal);
        Assert.Throws<PermissionRefusedException>(() => Permissions.CheckApproval(policy, "bob", new Actor("quinn", "--as"), "Auditors", "Production"));
    }

    [Fact]
    public void Four_eyes_can_be_switched_off_in_the_manifest_and_without_teams_only_four_eyes_holds()
    {
        using var relaxed = new GovernanceRepo(extra: "fourEyes: false");
        Permissions.CheckApproval(GovernancePolicy.For(relaxed.Manifest), "quinn", new Actor("quinn", "--as"), "QA", "Production");

        using var open = new GovernanceRepo(teams: null);
        var policy = GovernancePolicy.For(open.Manifest);
        Permissions.CheckApproval(policy, "a", new Actor("b", "--as"), null, "Production");
        Assert.Throws<PermissionRefusedException>(() => Permissions.CheckApproval(policy, "a", new Actor("a", "--as"), null, "Production"));
    }

    [Fact]
    public async Task Audit_reads_filters_and_verify_catches_an_edited_line()
    {
        await repo.ReleaseAsync("api", "2026.4.0.1", repo.Repo.Head);
        await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1");
        await repo.DeployAsync("alice", "Production", "api", "2026.4.0.1");

        var all = await repo.CliAsync("audit", "--as", "audrey", "--json");
        Assert.Equal(0, all.ExitCode);
        var records = JsonDocument.Parse(all.Out).RootElement.GetProperty("records");
        Assert.Equal(["deployment", "refusal"], records.EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        var production = JsonDocument.Parse((await repo.CliAsync("audit", "--as", "audrey", "--env", "Production", "--json")).Out).RootElement.GetProperty("records");
        Assert.Equal(1, production.GetArrayLength());
        var future = JsonDocument.Parse((await repo.CliAsync("audit", "--as", "audrey", "--since", "2999-01-01", "--json")).Out).RootElement.GetProperty("records");
        Assert.Equal(0, future.GetArrayLength());

        Assert.Equal(0, (await repo.CliAsync("audit", "--as", "audrey", "--verify")).ExitCode);
        var lines = File.ReadAllLines(repo.Audit.Path);
        lines[0] = lines[0].Replace("\"actor\":\"alice\"", "\"actor\":\"olivia\"", StringComparison.Ordinal);
        File.WriteAllText(repo.Audit.Path, string.Join("\n", lines) + "\n");
        var verify = await repo.CliAsync("audit", "--as", "audrey", "--verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("TAMPERED", verify.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--env", "Staging")]
    public async Task Bad_audit_flags_are_exit_2_naming_the_flag(string flag, string value)
    {
        var outcome = await repo.CliAsync("audit", "--as", "audrey", flag, value);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(flag, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_in_no_team_may_not_read_the_audit_log()
    {
        var outcome = await repo.CliAsync("audit", "--as", "stranger");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("may not read", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", false, false, false)]
    [InlineData("olivia", true, false, true)]
    [InlineData("quinn", false, true, true)]
    [InlineData("audrey", false, false, true)]
    public async Task Check_permissions_lists_what_the_user_may_do(string user, bool deploy, bool approve, bool read)
    {
        var outcome = await repo.CliAsync("check-permissions", "--env", "Production", "--as", user, "--json");
        Assert.Equal(0, outcome.ExitCode);
        var cell = JsonDocument.Parse(outcome.Out).RootElement.GetProperty("environments")[0];
        Assert.Equal(deploy, cell.GetProperty("deploy").GetBoolean());
        Assert.Equal(approve, cell.GetProperty("approve").GetBoolean());
        Assert.Equal(read, cell.GetProperty("read").GetBoolean());
        Assert.Contains("Operations", cell.GetProperty("whoMayDeploy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_teams_since_the_deployed_manifest_are_warned_about()
    {
        await repo.ReleaseAsync("api", "2026.4.0.1", repo.Repo.Head);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1")).ExitCode);
        repo.WriteManifest(GovernanceRepo.Teams.Replace("[ alice, bob ]", "[ alice, bob, carol ]", StringComparison.Ordinal));
        var commit = repo.Repo.Commit("let carol deploy");
        await repo.ReleaseAsync("web", "2026.4.0.1", commit);

        var outcome = await repo.DeployAsync("carol", "Dev", "web", "2026.4.0.1");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("'teams:' changed", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("team Developers members + carol", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("teams:\n  - name: Devs\n    members: [ a ]\n    deploy: [ Staging ]", "Staging")]
    [InlineData("teams:\n  - name: Devs\n    deploy: [ Dev ]", "no 'members'")]
    [InlineData("teams:\n  - name: Devs\n    members: [ a ]\n    deploys: [ Dev ]", "Unknown key 'deploys'")]
    [InlineData("notify:\n  - run: echo hi\n    on: [ train-exploded ]", "train-exploded")]
    public async Task Governance_mistakes_in_the_manifest_are_exit_2_with_the_line(string section, string named)
    {
        using var bad = new GovernanceRepo(teams: section);
        var outcome = await bad.CliAsync("check-permissions", "--as", "a");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(named, outcome.Error, StringComparison.Ordinal);
        Assert.Matches(@"octo-orchestrate\.yaml\(\d+\)", outcome.Error);
    }

    public void Dispose() => repo.Dispose();
}
