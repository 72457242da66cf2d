using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cli;

/// <summary>The main job through the real command line, in its own process so it can be killed.</summary>
public sealed class CiCommandTests : IDisposable
{
    // The first deployment of api to Dev hangs (the process gets killed there); any later one goes through.
    const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test ]
        components:
          - name: db
            paths: [ "db/**" ]
            build: cp -R db/. "$OO_OUTPUT/"
            deploy: echo deployed
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ db ]
            build: cp -R api/. "$OO_OUTPUT/"
            deploy: if [ "$OO_ENVIRONMENT" = Dev ] && [ ! -f "$OO_ENVIRONMENT_DIR/api.hung" ]; then touch "$OO_ENVIRONMENT_DIR/api.hung"; sleep 60; fi
            test: test -f "$OO_INSTALL_DIR/Program.cs"
        """;

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("db/schema.sql", "create table t(id int);")
        .Write("api/Program.cs", "// api");

    public CiCommandTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task A_run_killed_mid_deployment_resumes_on_rerun_without_rebuilding()
    {
        var killed = CliProcess.Start(repo.Path, "ci");
        await CliProcess.WaitForFileAsync(Path.Combine(repo.Path, ".octo-orchestrate", "environments", "Dev", "api.hung"), killed);
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();

        var (exitCode, stdout, stderr) = await CliProcess.RunToEndAsync(CliProcess.Start(repo.Path, "ci", "--json"));

        Assert.True(exitCode == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var build = json.RootElement.GetProperty("build").GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("component").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("UpToDate", build["api"]);
        Assert.Equal("UpToDate", build["db"]);
        var stages = json.RootElement.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        string Outcome(string stage, string component) => stages[stage].GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("component").GetString() == component).GetProperty("outcome").GetString()!;
        Assert.Equal("AlreadyDeployed", Outcome("deploy", "db"));
        Assert.Equal("Deployed", Outcome("deploy", "api"));
        Assert.Equal("Deployed", Outcome("promote", "api"));
    }

    [Fact]
    public async Task A_failing_integration_test_exits_1_with_the_reason_in_the_summary()
    {
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("test -f \"$OO_INSTALL_DIR/Program.cs\"", "echo api is unhealthy; exit 1")
            .Replace("[ ! -f \"$OO_ENVIRONMENT_DIR/api.hung\" ]", "false")).Commit("api test fails");

        var (exitCode, stdout, _) = await CliProcess.RunToEndAsync(CliProcess.Start(repo.Path, "ci"));

        Assert.Equal(1, exitCode);
        Assert.Contains("api: Tests (Dev) Failed", stdout);
        Assert.Contains("api: Test NotPromoted", stdout);
        Assert.Contains("Not everything was promoted", stdout);
    }
}
