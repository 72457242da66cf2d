using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pipeline;

/// <summary>The main job on a small repo whose commands are bash one-liners: gating, reruns and resumption.</summary>
public sealed class CiPipelineTests : IDisposable
{
    // api's test passes only while api/healthy exists, so a test can break and fix it with a commit.
    const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test, Production ]
        components:
          - name: lib
            paths: [ "lib/**" ]
            deployable: false
            build: cp -R lib/. "$OO_OUTPUT/"
          - name: db
            paths: [ "db/**" ]
            build: cp -R db/. "$OO_OUTPUT/"
            deploy: echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/db.deploys"
            test: test -f "$OO_INSTALL_DIR/schema.sql"
          - name: api
            paths: [ "api/**" ]
            uses: [ lib ]
            deployAfter: [ db ]
            build: cp -R api/. "$OO_OUTPUT/"
            deploy: echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/api.deploys"
            test: test -f "$OO_INSTALL_DIR/healthy"
          - name: web
            paths: [ "web/**" ]
            uses: [ api ]
            build: cp -R web/. "$OO_OUTPUT/"
            deploy: echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/web.deploys"
        """;

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("lib/Lib.cs", "class Lib {}")
        .Write("db/schema.sql", "create table t(id int);")
        .Write("api/Program.cs", "// api")
        .Write("api/healthy", "yes")
        .Write("web/index.html", "<html/>");

    public CiPipelineTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    async Task<CiResult> RunAsync()
    {
        var monorepo = Monorepo.Load(workingDirectory: repo.Path);
        await using var server = LocalReleaseServer.Open(monorepo.Manifest);
        return await CiPipeline.RunAsync(monorepo, server, new CiOptions { Build = new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment } });
    }

    string[] Deploys(string environment, string component)
    {
        var file = Path.Combine(repo.Path, ".octo-orchestrate", "environments", environment, component + ".deploys");
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    static Outcome OutcomeOf(CiResult result, string stage, string component) =>
        result.Stages.Single(s => s.Stage == stage).Components.Single(c => c.Component == component).Outcome;

    [Fact]
    public async Task A_first_run_promotes_everything_and_a_rerun_does_nothing_new()
    {
        var first = await RunAsync();
        var again = await RunAsync();

        Assert.True(first.Succeeded);
        Assert.Equal(["db", "api", "web"], first.Stages.Single(s => s.Stage == "promote").Components.Select(c => c.Component));
        Assert.All(["db", "api", "web"], c => Assert.Equal(["2026.4.0.1"], Deploys("Test", c)));
        Assert.True(again.Succeeded);
        Assert.All(again.Build.Components, c => Assert.Equal(ComponentStatus.UpToDate, c.Status));
        Assert.All(["db", "api", "web"], c => Assert.Equal(Outcome.AlreadyDeployed, OutcomeOf(again, "deploy", c)));
        Assert.All(["db", "api", "web"], c => Assert.Equal(["2026.4.0.1"], Deploys("Dev", c)));
    }

    [Fact]
    public async Task A_failing_test_keeps_the_component_and_its_users_in_Dev_until_fixed()
    {
        await RunAsync();
        repo.Delete("api/healthy").Append("web/index.html").Commit("break api");

        var broken = await RunAsync();

        Assert.False(broken.Succeeded);
        Assert.Equal(Outcome.Failed, OutcomeOf(broken, "verify", "api"));
        Assert.Equal(Outcome.NotPromoted, OutcomeOf(broken, "promote", "api"));
        Assert.Equal(Outcome.NotPromoted, OutcomeOf(broken, "promote", "web"));
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], Deploys("Dev", "api"));
        Assert.Equal(["2026.4.0.1"], Deploys("Test", "api"));
        Assert.Equal(["2026.4.0.1"], Deploys("Test", "web"));

        repo.Write("api/healthy", "again").Commit("fix api");
        var fixedRun = await RunAsync();

        Assert.True(fixedRun.Succeeded);
        Assert.Equal(["api", "web"], fixedRun.Build.Components.Select(c => c.Component)); // web uses api
        Assert.Equal(["2026.4.0.1", "2026.4.0.3"], Deploys("Test", "api"));
        Assert.Equal(["2026.4.0.1", "2026.4.0.3"], Deploys("Test", "web"));
        Assert.Equal(["2026.4.0.1"], Deploys("Dev", "db"));
    }

    [Fact]
    public async Task A_hotfix_train_releases_into_the_hotfix_channel()
    {
        var channels = "channels:\n  - name: Default\n    default: true\n    versionRule: \"*.*.0.*\"\n  - name: Hotfix\ncomponents:";
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("components:", channels)).Commit("channels");
        await RunAsync();
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("components:", channels).Replace("train: 2026.4.0", "train: 2026.4.1"))
            .Append("db/schema.sql").Commit("hotfix train");

        var hotfix = await RunAsync();

        Assert.True(hotfix.Succeeded);
        var monorepo = Monorepo.Load(workingDirectory: repo.Path);
        await using var server = LocalReleaseServer.Open(monorepo.Manifest);
        var releases = await server.ListReleasesAsync("db");
        Assert.Equal([("2026.4.0.1", "Default"), ("2026.4.1.1", "Hotfix")],
            releases.OrderBy(r => r.Version, StringComparer.Ordinal).Select(r => (r.Version, r.Channel)));
    }

    [Fact]
    public async Task A_failed_build_stops_its_users_and_the_others_still_ship()
    {
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("build: cp -R api/. \"$OO_OUTPUT/\"", "build: echo api broke >&2; exit 3")).Commit("break the api build");

        var result = await RunAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(ComponentStatus.Failed, result.Build.Components.Single(c => c.Component == "api").Status);
        Assert.Equal(ComponentStatus.Skipped, result.Build.Components.Single(c => c.Component == "web").Status);
        Assert.Equal(Outcome.Deployed, OutcomeOf(result, "promote", "db"));
        Assert.Empty(Deploys("Dev", "api"));
        Assert.Empty(Deploys("Dev", "web"));
    }

    [Fact]
    public async Task A_lower_hotfix_train_stays_deployed_when_a_later_commit_changes_another_component()
    {
        Assert.True((await RunAsync()).Succeeded);
        repo.Write("octo-orchestrate.yaml", Manifest.Replace("train: 2026.4.0", "train: 2026.3.1")).Append("api/Program.cs").Commit("hotfix api");
        Assert.True((await RunAsync()).Succeeded);
        repo.Append("web/index.html").Commit("web only");

        var result = await RunAsync();

        Assert.True(result.Succeeded);
        // The highest release of api is 2026.4.0.1, but HEAD holds the hotfix: Dev must not be rolled back to it.
        Assert.Equal(["2026.4.0.1", "2026.3.1.1"], Deploys("Dev", "api"));
        Assert.Equal(["2026.4.0.1", "2026.3.1.1"], Deploys("Test", "api"));
    }
}
