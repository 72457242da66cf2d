using System.Globalization;
using Microsoft.Data.Sqlite;
using OctoOrchestrate.Tests.Support;
using Xunit.Abstractions;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// The issue's "done when": the real CLI is killed (kill -9 or SIGTERM) at random points of a run whose deploy starts a background
/// child; after each kill one rerun converges, nothing was deployed twice at once or recorded twice, and no process of the killed run
/// is left. Every command of the run inherits OO_MANIFEST_DIR=&lt;this repo&gt;, which marks its processes in /proc.
/// </summary>
public sealed class KillLoopTests(ITestOutputHelper output)
{
    const int Runs = 20;

    // flock detects two executions of one component's deploy at the same time (the lock is not passed to the service).
    const string DeployScript = """
        exec 9>>"$OO_MANIFEST_DIR/lock.$OO_COMPONENT"
        flock -n 9 || echo "OVERLAP $OO_COMPONENT $OO_VERSION $$" >> "$OO_MANIFEST_DIR/journal"
        echo "start $OO_COMPONENT $OO_VERSION $$" >> "$OO_MANIFEST_DIR/journal"
        if [ "$OO_COMPONENT" = web ]; then
          sleep 60 9>&- &
          echo "service $OO_COMPONENT $OO_VERSION $!" >> "$OO_MANIFEST_DIR/journal"
          echo "service started"
        fi
        sleep 0.2
        echo "end $OO_COMPONENT $OO_VERSION $$" >> "$OO_MANIFEST_DIR/journal"
        """;

    [Fact]
    public async Task Killed_at_random_points_one_rerun_converges_without_duplicate_deployments_or_leftover_processes()
    {
        if (!Processes.IsLinux) return;
        using var repo = new TempGitRepo();
        repo.Write(".gitignore", "artifacts/\n.octo-orchestrate/\njournal\nlock.*\n").Write("deploy.sh", DeployScript)
            .Write("db/f", "0").Write("web/f", "0").Write("octo-orchestrate.yaml", """
                train: 2026.4.0
                environments: [ Dev ]
                components:
                  - name: db
                    paths: [ "db/**" ]
                    build: echo "$OO_VERSION" > "$OO_OUTPUT/app"
                    deploy: bash "$OO_MANIFEST_DIR/deploy.sh"
                  - name: web
                    paths: [ "web/**" ]
                    deployAfter: [ db ]
                    build: echo "$OO_VERSION" > "$OO_OUTPUT/app"
                    deploy: bash "$OO_MANIFEST_DIR/deploy.sh"
                """);
        repo.Commit("start");
        var marker = $"OO_MANIFEST_DIR={repo.Path}";
        var journal = Path.Combine(repo.Path, "journal");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        try
        {
            for (var run = 1; run <= Runs; run++)
            {
                repo.Append("db/f", $"\n{run}").Append("web/f", $"\n{run}").Commit($"change {run}");
                var signal = run % 2 == 0 ? "KILL" : "TERM";
                var after = TimeSpan.FromMilliseconds(random.Next(100, 2200));
                var context = $"run {run} (seed {seed}): {signal} after {after.TotalMilliseconds} ms";

                using var cli = CliProcess.Start(repo.Path, "ci");
                var killed = CliProcess.RunToEndAsync(cli);
                if (await Task.WhenAny(killed, Task.Delay(after)) != killed) Processes.Signal(cli.Id, signal);
                var (code, _, error) = await killed;
                Assert.True(code is 0 or 137 or 143, $"{context}: exit {code}: {error}");
                var startedBefore = File.Exists(journal) ? File.ReadAllLines(journal).Count(l => l.StartsWith("start", StringComparison.Ordinal)) : 0;
                output.WriteLine($"{context}: exit {code}, {startedBefore} deploy(s) started so far");

                var rerun = await CliRun.RunAsync(repo.Path, "ci");

                Assert.True(rerun.ExitCode == 0, $"{context}: the rerun did not converge: {rerun.Error}{rerun.Out}");
                var lines = File.Exists(journal) ? File.ReadAllLines(journal) : [];
                Assert.DoesNotContain(lines, l => l.StartsWith("OVERLAP", StringComparison.Ordinal));
                AssertLedger(repo, context);
                AssertNoProcessOfTheRunIsLeft(marker, lines, context);
                Processes.KillAll(Processes.WithEnvironment(marker).Select(p => p.Pid)); // the services the runs started
            }
        }
        finally
        {
            Processes.KillAll(Processes.WithEnvironment(marker).Select(p => p.Pid));
        }
    }

    /// <summary>Each release is recorded deployed once, nothing is left unfinished, and Dev has what HEAD was tagged with.</summary>
    static void AssertLedger(TempGitRepo repo, string context)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(repo.Path, ".octo-orchestrate", "ledger.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT component || ' ' || version FROM deployments WHERE state = 'Success' GROUP BY component, version, environment HAVING count(*) > 1";
        using (var twice = command.ExecuteReader()) Assert.False(twice.Read(), $"{context}: deployed twice: {(twice.HasRows ? twice.GetString(0) : "")}");
        command.CommandText = "SELECT count(*) FROM deployments WHERE state IN ('Queued', 'Executing', 'Cancelling')";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        var tags = repo.Git("tag", "--points-at", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
        command.CommandText = "SELECT d.component || '/' || d.version FROM current_deployments c JOIN deployments d ON d.id = c.deployment_id ORDER BY 1";
        var current = new List<string>();
        using (var reader = command.ExecuteReader()) while (reader.Read()) current.Add(reader.GetString(0));
        Assert.True(tags.SequenceEqual(current), $"{context}: HEAD is {string.Join(", ", tags)}, Dev has {string.Join(", ", current)}");
    }

    /// <summary>Only the services of deployments that ended normally may still run; every other process of any run is gone.</summary>
    static void AssertNoProcessOfTheRunIsLeft(string marker, string[] journal, string context)
    {
        var ended = journal.Where(l => l.StartsWith("end ", StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split(' ')[1..3])).ToHashSet();
        var services = journal.Where(l => l.StartsWith("service ", StringComparison.Ordinal) && ended.Contains(string.Join(' ', l.Split(' ')[1..3])))
            .Select(l => int.Parse(l.Split(' ')[3], CultureInfo.InvariantCulture)).ToHashSet();
        var left = Processes.WithEnvironment(marker).Where(p => !services.Contains(p.Pid)).ToList();
        Assert.True(left.Count == 0, $"{context}: left running: {string.Join("; ", left.Select(p => $"{p.Pid} {p.CommandLine}"))}");
    }
}
