using System.Text.Json;
using System.Text.Json.Nodes;
using OctoOrchestrate.Governance;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>The manifest's notify lines, run as real shell commands with the event in a file.</summary>
public sealed class NotifyTests : IDisposable
{
    const string Notifiers = """
        notify:
          - run: 'echo "$OO_EVENT $OO_ACTOR $OO_PLAN $(cat "$OO_EVENT_FILE" | tr -d "\n ")" >> events.log'
          - run: 'echo "$OO_EVENT" >> rollbacks.log'
            on: [ rollback ]
        """;

    readonly GovernanceRepo repo = new(extra: Notifiers);

    string Log(string name) => Path.Combine(repo.Root, name);

    [Fact]
    public async Task A_notifier_sees_every_event_with_its_payload_and_variables()
    {
        var manifest = repo.Manifest;
        foreach (var name in GovernancePolicy.Events)
        {
            var warnings = await Notify.RaiseAsync(manifest, name, new JsonObject { ["plan"] = "PLAN-7", ["environment"] = "Production" }, new Actor("quinn", "--as"),
                new Dictionary<string, string> { ["OO_PLAN"] = "PLAN-7" });
            Assert.Empty(warnings);
        }

        var lines = File.ReadAllLines(Log("events.log"));
        Assert.Equal(GovernancePolicy.Events, lines.Select(l => l.Split(' ')[0]));
        Assert.All(lines, line => Assert.Contains("quinn PLAN-7 ", line, StringComparison.Ordinal));
        var document = JsonDocument.Parse(lines[0][(lines[0].IndexOf('{', StringComparison.Ordinal))..]).RootElement;
        Assert.Equal("train-waiting-for-approval", document.GetProperty("event").GetString());
        Assert.Equal("PLAN-7", document.GetProperty("payload").GetProperty("plan").GetString());
        Assert.Equal(["rollback"], File.ReadAllLines(Log("rollbacks.log")));
    }

    [Fact]
    public async Task A_failing_or_hanging_notifier_warns_and_the_others_still_run()
    {
        using var shaky = new GovernanceRepo(extra: """
            notify:
              - run: 'echo broken >&2; exit 3'
              - run: 'sleep 30'
              - run: 'echo "$OO_EVENT" >> after.log'
            """);
        var seen = new List<string>();
        var warnings = await Notify.RaiseAsync(shaky.Manifest, "train-failed", new JsonObject(), warn: seen.Add, timeout: TimeSpan.FromSeconds(3));
        Assert.Equal(2, warnings.Count);
        Assert.Equal(warnings, seen);
        Assert.Contains("exited with code 3", warnings[0], StringComparison.Ordinal);
        Assert.Contains("broken", warnings[0], StringComparison.Ordinal); // the notifier's last output says why
        Assert.Contains("still running", warnings[1], StringComparison.Ordinal);
        Assert.Equal(["train-failed"], File.ReadAllLines(Path.Combine(shaky.Root, "after.log")));
    }

    [Fact]
    public async Task An_unknown_event_is_a_programming_error_and_no_notifiers_means_nothing_runs()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Notify.RaiseAsync(repo.Manifest, "train-exploded", null));
        using var quiet = new GovernanceRepo();
        Assert.Empty(await Notify.RaiseAsync(quiet.Manifest, "rollback", null));
    }

    public void Dispose() => repo.Dispose();
}
