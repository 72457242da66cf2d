using System.Text.Json;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>The train's events reach the manifest's notifiers (a failing one only warns); team and approval-group names are checked.</summary>
public sealed class TrainNotifyAndNamesTests
{
    const string Notifiers = """
        notify:
          - run: 'echo "$OO_EVENT $OO_PLAN $OO_OUTCOME $OO_ENVIRONMENT $(tr -d "\n " < "$OO_EVENT_FILE")" >> events.log'
          - run: 'echo notifier down >&2; exit 3'
            on: [ train-promoted ]
        """;

    static string PlanId(Support.CliOutcome outcome)
    {
        Assert.True(outcome.ExitCode == ExitCodes.Waiting, outcome.Error + outcome.Out);
        return JsonDocument.Parse(outcome.Out).RootElement.GetProperty("planId").GetString()!;
    }

    static async Task ApproveAndRunAsync(GovernanceRepo repo, string planId)
    {
        var approved = await repo.CliAsync("approve", planId, "--as", "quinn", "--group", "QA");
        Assert.True(approved.ExitCode == 0, approved.Error + approved.Out);
        var run = await repo.CliAsync("promote", "--resume", planId, "--as", "olivia");
        Assert.True(run.ExitCode == 0, run.Error + run.Out); // the failing notifier never fails the train
    }

    [Fact]
    public async Task A_notifier_sees_every_train_event_with_the_plan_and_a_failing_notifier_only_warns()
    {
        using var repo = new GovernanceRepo(TrainGovernanceTests.TrainTeams, Notifiers, TrainGovernanceTests.ApprovedProduction);
        await repo.ReleaseAsync("api", "2026.4.0.1", repo.Repo.Head);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.1")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.4.0.1")).ExitCode);

        var rejectedPlan = PlanId(await repo.CliAsync("promote", "--to", "Production", "--as", "oscar", "--json"));
        Assert.Equal(0, (await repo.CliAsync("approve", rejectedPlan, "--as", "quinn", "--group", "QA", "--reject")).ExitCode);
        var first = PlanId(await repo.CliAsync("promote", "--to", "Production", "--as", "olivia", "--json"));
        await ApproveAndRunAsync(repo, first);

        repo.Repo.Write("api/app.txt", "api v2");
        await repo.ReleaseAsync("api", "2026.4.0.2", repo.Repo.Commit("api v2"));
        Assert.Equal(0, (await repo.DeployAsync("alice", "Dev", "api", "2026.4.0.2")).ExitCode);
        Assert.Equal(0, (await repo.DeployAsync("alice", "Test", "api", "2026.4.0.2")).ExitCode);
        var second = PlanId(await repo.CliAsync("promote", "--to", "Production", "--as", "olivia", "--json"));
        var approved = await repo.CliAsync("approve", second, "--as", "quinn", "--group", "QA");
        Assert.Equal(0, approved.ExitCode);
        var promoted = await repo.CliAsync("promote", "--resume", second, "--as", "olivia");
        Assert.True(promoted.ExitCode == 0, promoted.Error + promoted.Out);
        Assert.Contains("for train-promoted failed (exited with code 3", promoted.Error, StringComparison.Ordinal);
        Assert.Contains("notifier down", promoted.Error, StringComparison.Ordinal);
        Assert.Contains("the train goes on", promoted.Error, StringComparison.Ordinal);

        var rollback = PlanId(await repo.CliAsync("rollback", "--env", "Production", "--as", "olivia", "--json")); // Production's approvals hold for rollbacks
        await ApproveAndRunAsync(repo, rollback);
        Assert.Equal("2026.4.0.1", repo.Deployed("Production", "api")[^1]);

        var lines = File.ReadAllLines(Path.Combine(repo.Root, "events.log"));
        Assert.Equal(
            [
                $"train-waiting-for-approval {rejectedPlan} AwaitingApproval Production",
                $"train-failed {rejectedPlan} Rejected Production",
                $"train-waiting-for-approval {first} AwaitingApproval Production",
                $"train-promoted {first} Succeeded Production",
                $"train-waiting-for-approval {second} AwaitingApproval Production",
                $"train-promoted {second} Succeeded Production",
                $"train-waiting-for-approval {rollback} AwaitingApproval Production",
                $"rollback {rollback} Succeeded Production",
            ],
            lines.Select(l => string.Join(' ', l.Split(' ').Take(4))));
        foreach (var line in lines)
        {
            var file = JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            var payload = file.GetProperty("payload");
            Assert.Equal(line.Split(' ')[1], payload.GetProperty("plan").GetProperty("id").GetString());
            Assert.Equal("Production", payload.GetProperty("plan").GetProperty("to").GetString());
            Assert.Equal(line.Split(' ')[2], payload.GetProperty("status").GetString());
        }

        var last = JsonDocument.Parse(lines[^1][lines[^1].IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        Assert.Equal("olivia", last.GetProperty("actor").GetString());
        Assert.Equal("Production-1", last.GetProperty("payload").GetProperty("plan").GetProperty("rollbackTo").GetString());
        Assert.Equal("quinn(QA)", last.GetProperty("payload").GetProperty("votes")[0].GetProperty("by").GetString() + "(" +
            last.GetProperty("payload").GetProperty("votes")[0].GetProperty("group").GetString() + ")");
    }

    public static TheoryData<string?, string, string, string> BadNames => new()
    {
        { "teams:\n  - name: Q*A\n    members: [ quinn ]\n    approve: [ Production ]", "environments: [ Dev, Test, Production ]", "Team name 'Q*A' contains '*'", "name: Q*A" },
        { "teams:\n  - name: Ops, Team\n    members: [ olivia ]\n    deploy: [ Production ]", "environments: [ Dev, Test, Production ]", "contains ','", "name: Ops, Team" },
        { "teams:\n  - name: Ops\n    members: [ olivia, \"*\" ]\n    deploy: [ Production ]", "environments: [ Dev, Test, Production ]", "member '*' is '*'", "members:" },
        { "teams:\n  - name: QA\n    members: [ quinn ]\n    approve: [ Production ]", "environments:\n  - Dev\n  - Test\n  - name: Production\n    approvals: [ QA, Business Owner ]", "approval group 'Business Owner', which is no team", "approvals:" },
        { "teams:\n  - name: QA\n    members: [ quinn ]\n    approve: [ Test ]", "environments:\n  - Dev\n  - Test\n  - name: Production\n    approvals: [ QA ]", "does not list Production", "approvals:" },
        { null, "environments:\n  - Dev\n  - Test\n  - name: Production\n    approvals: [ \"QA*\" ]", "Approval group name 'QA*' contains '*'", "approvals:" },
        { null, "environments:\n  - Dev\n  - Test\n  - name: Production\n    approvals: [ \"Business  Owner\" ]", "two spaces", "approvals:" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_team_and_approval_group_names_are_exit_2_naming_the_file_and_line(string? teams, string environments, string named, string lineMarker)
    {
        using var repo = new GovernanceRepo(teams, environments: environments);
        var outcome = await repo.CliAsync("check-permissions", "--as", "quinn");
        Assert.True(outcome.ExitCode == 2, outcome.Error + outcome.Out);
        Assert.Contains(named, outcome.Error, StringComparison.Ordinal);
        var line = Array.FindIndex(File.ReadAllLines(repo.ManifestPath), l => l.Contains(lineMarker, StringComparison.Ordinal)) + 1;
        Assert.Contains($"octo-orchestrate.yaml({line})", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Display_names_with_spaces_are_valid_team_and_approval_group_names()
    {
        using var repo = new GovernanceRepo(
            "teams:\n  - name: QA\n    members: [ quinn ]\n    approve: [ Production ]\n  - name: Business Owner\n    members: [ \"Bea Smith\" ]\n    approve: [ Production ]",
            environments: "environments:\n  - Dev\n  - Test\n  - name: Production\n    approvals: [ QA, business owner ]");
        var outcome = await repo.CliAsync("check-permissions", "--env", "Production", "--as", "Bea Smith", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Out);
        Assert.True(JsonDocument.Parse(outcome.Out).RootElement.GetProperty("environments")[0].GetProperty("approve").GetBoolean());
    }
}
