using System.Text.Json;
using System.Xml.Linq;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.CiOutput;

/// <summary>Real <c>affected</c> and <c>ci</c> processes with GitHub's variables pointing at temporary files, which are then parsed as the runner would.</summary>
public sealed class GitHubRunTests : IDisposable
{
    const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test ]
        components:
          - name: lib
            paths: [ "lib/**" ]
            deployable: false
          - name: db
            paths: [ "db/**" ]
            build: cp -R db/. "$OO_OUTPUT/"
            deploy: echo "db deploy log line"
          - name: api
            paths: [ "api/**" ]
            uses: [ lib ]
            deployAfter: [ db ]
            build: cp -R api/. "$OO_OUTPUT/" && echo "::add-mask::not-a-command"
            deploy: echo "api deploy log line"
            test: echo "last words <b>of</b> api"; exit 3
        """;

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("lib/Lib.cs", "// lib")
        .Write("db/schema.sql", "create table t(id int);")
        .Write("api/Program.cs", "// api");

    readonly string outputFile;
    readonly string summaryFile;

    public GitHubRunTests()
    {
        repo.Commit("initial <script>alert(1)</script> & co");
        outputFile = Path.Combine(repo.Path, "..", Path.GetFileName(repo.Path) + ".gh-output");
        summaryFile = Path.Combine(repo.Path, "..", Path.GetFileName(repo.Path) + ".gh-summary.md");
    }

    public void Dispose()
    {
        File.Delete(outputFile);
        File.Delete(summaryFile);
        repo.Dispose();
    }

    Dictionary<string, string> GitHub => new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputFile, ["GITHUB_STEP_SUMMARY"] = summaryFile };

    [Fact]
    public async Task Affected_writes_components_matrix_and_any_changed_as_step_outputs()
    {
        var baseCommit = repo.Head;
        repo.Append("lib/Lib.cs").Commit("change lib");

        var (exitCode, stdout, stderr) = await CliProcess.RunToEndAsync(CliProcess.Start(GitHub, repo.Path, "affected", "--base", baseCommit, "--json"));

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout); // stdout stays one JSON document
        var outputs = ParseOutputs(File.ReadAllText(outputFile));
        Assert.Equal(["lib", "api"], JsonSerializer.Deserialize<string[]>(outputs["components"])!);
        Assert.Equal("true", outputs["any-changed"]);
        using var matrix = JsonDocument.Parse(outputs["matrix"]);
        Assert.Equal(["lib", "api"], matrix.RootElement.GetProperty("include").EnumerateArray().Select(e => e.GetProperty("component").GetString()));
        var summary = File.ReadAllText(summaryFile);
        Assert.Contains("| api | uses lib |", summary, StringComparison.Ordinal);
        Assert.Contains("```mermaid\nflowchart LR\n", summary, StringComparison.Ordinal);
        Assert.Contains("class n0,n2 changed", summary, StringComparison.Ordinal);

        File.Delete(outputFile);
        (exitCode, _, stderr) = await CliProcess.RunToEndAsync(CliProcess.Start(GitHub, repo.Path, "affected", "--base", "HEAD"));
        Assert.True(exitCode == 0, stderr);
        outputs = ParseOutputs(File.ReadAllText(outputFile));
        Assert.Equal("false", outputs["any-changed"]);
        Assert.Equal("[]", outputs["components"]);
    }

    [Fact]
    public async Task Ci_groups_each_log_annotates_failures_summarizes_and_writes_the_report()
    {
        var report = Path.Combine(repo.Path, "artifacts", "run.html");

        var (exitCode, stdout, stderr) = await CliProcess.RunToEndAsync(CliProcess.Start(GitHub, repo.Path, "ci", "--report", report));

        Assert.True(exitCode == 1, stderr + stdout); // api's tests fail
        var outputs = ParseOutputs(File.ReadAllText(outputFile));
        Assert.Equal(["lib", "db", "api"], JsonSerializer.Deserialize<string[]>(outputs["components"])!);
        Assert.Equal("false", outputs["succeeded"]);
        Assert.Equal("2026.4.0.1", JsonSerializer.Deserialize<Dictionary<string, string>>(outputs["versions"])!["api"]);

        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var group = lines.FindIndex(l => l.StartsWith("::group::api 2026.4.0.1: build", StringComparison.Ordinal));
        Assert.True(group >= 0, stdout);
        var token = lines[group + 1]["::stop-commands::".Length..];
        var end = lines.IndexOf($"::{token}::", group);
        Assert.Contains("::add-mask::not-a-command", lines[(group + 2)..end]);
        Assert.Equal("::endgroup::", lines[end + 1]);
        Assert.Contains(lines, l => l.StartsWith("::group::db 2026.4.0.1: Dev (Deployed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("::error::api 2026.4.0.1: Tests (Dev) Failed: the test command", StringComparison.Ordinal));

        var summary = File.ReadAllText(summaryFile);
        Assert.Contains("| api | never released | 2026.4.0.1 | Built | Deployed | Failed | NotPromoted |", summary, StringComparison.Ordinal);
        Assert.Contains("### Release notes", summary, StringComparison.Ordinal);
        Assert.Contains("initial &lt;script&gt;alert(1)&lt;/script&gt; &amp; co", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", summary, StringComparison.Ordinal);

        var html = XDocument.Parse(File.ReadAllText(report), LoadOptions.None);
        Assert.Empty(html.Descendants("script"));
        var rows = html.Descendants("section").Single(s => (string?)s.Attribute("id") == "summary").Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(["lib", "db", "api"], rows.Select(r => r.Elements("td").First().Value));
        Assert.Equal("failed", (string?)rows[2].Attribute("class"));
        var failure = html.Descendants("section").Single(s => (string?)s.Attribute("id") == "failures");
        Assert.Contains("last words <b>of</b> api", failure.Descendants("pre").Single().Value, StringComparison.Ordinal);
        var notes = html.Descendants("section").Single(s => (string?)s.Attribute("id") == "notes");
        Assert.Contains(notes.Descendants("li"), li => li.Value.StartsWith("initial <script>alert(1)</script> & co", StringComparison.Ordinal));
        var lanes = html.Descendants("div").Where(d => (string?)d.Attribute("class") == "lane").ToList();
        Assert.Equal(3, lanes.Count);
        Assert.Contains(lanes[2].Descendants("span"), s => ((string?)s.Attribute("class"))?.StartsWith("bar bad", StringComparison.Ordinal) == true);
        Assert.Equal(3, html.Descendants("div").Count(d => ((string?)d.Attribute("class"))?.StartsWith("node", StringComparison.Ordinal) == true));
    }

    /// <summary>GITHUB_OUTPUT as the runner reads it: <c>name&lt;&lt;DELIMITER</c> … <c>DELIMITER</c>, or <c>name=value</c>.</summary>
    static Dictionary<string, string> ParseOutputs(string text)
    {
        var outputs = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var heredoc = lines[i].IndexOf("<<", StringComparison.Ordinal);
            if (heredoc < 0)
            {
                var equals = lines[i].IndexOf('=', StringComparison.Ordinal);
                outputs[lines[i][..equals]] = lines[i][(equals + 1)..];
                continue;
            }

            var (name, delimiter) = (lines[i][..heredoc], lines[i][(heredoc + 2)..]);
            var value = new List<string>();
            for (i++; lines[i] != delimiter; i++) value.Add(lines[i]);
            outputs[name] = string.Join('\n', value);
        }

        return outputs;
    }
}
