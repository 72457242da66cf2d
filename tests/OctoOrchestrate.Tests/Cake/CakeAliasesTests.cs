using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.OctoOrchestrate;
using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cake;

/// <summary>The aliases in-process, with Cake's real environment and a recording log, on a small repo of bash one-liners.</summary>
public sealed class CakeAliasesTests : IDisposable
{
    // api's build prints text that is hostile to a log: format braces, an escape sequence, a bidi control.
    const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test ]
        components:
          - name: db
            paths: [ "db/**" ]
            build: cp -R db/. "$OO_OUTPUT/"
            deploy: echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/db.deploys"
            test: test -f "$OO_INSTALL_DIR/schema.sql"
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ db ]
            build: 'printf "{0} {oops} \033]0;title\007 \342\200\256x\n"; test -f api/buildable && cp -R api/. "$OO_OUTPUT/"'
            deploy: echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/api.deploys"
            test: test -f "$OO_INSTALL_DIR/buildable"
        """;

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("db/schema.sql", "create table t(id int);")
        .Write("api/Program.cs", "// api")
        .Write("api/buildable", "yes");

    public CakeAliasesTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    // The ledger, not the folder: until the manifest cache moves out of the checkout, loading the manifest creates .octo-orchestrate/cache.
    string DefaultLedger => Path.Combine(repo.Path, ".octo-orchestrate", "ledger.db");

    static IEnumerable<string> Lines(RecordingCakeContext context, LogLevel? level = null) =>
        context.RecordedLog.Lines.Where(l => level is null || l.Level == level).Select(l => l.Text);

    [Fact]
    public void OctoCi_returns_the_library_result_and_OctoStatus_and_OctoAffected_read_what_it_did()
    {
        var context = new RecordingCakeContext(repo.Path);

        var result = context.OctoCi();

        Assert.True(result.Succeeded);
        Assert.Equal(["db", "api"], result.Stages.Single(s => s.Stage == "promote").Components.Where(c => c.Outcome == Outcome.Deployed).Select(c => c.Component));
        Assert.Contains("release: creating releases", Lines(context));
        Assert.Contains("octo promote Test: api 2026.4.0.1 Deployed", Lines(context));
        Assert.Contains("octo ci: succeeded: everything changed is released, deployed, tested and promoted", Lines(context));

        var status = context.OctoStatus();

        Assert.Equal("2026.4.0.1", status.Single(e => e.Component == "api" && e.Environment == "Test").Current?.Version);
        Assert.Contains("octo status: db Test 2026.4.0.1", Lines(context));

        repo.Append("api/Program.cs").Commit("change api");
        var affected = context.OctoAffected(new OctoAffectedSettings { Base = "HEAD~1" });

        Assert.Equal(["api"], affected.Components.Select(c => c.Name));
        Assert.Contains("octo affected: 1 changed, 0 removed", Lines(context));
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_cake_working_directory_not_the_process_one()
    {
        using var outer = new TempGitRepo();
        var context = new RecordingCakeContext(outer.Path);
        var manifest = Path.GetRelativePath(outer.Path, repo.Path);

        var result = context.OctoCi(new OctoCiSettings { Manifest = manifest, StateDirectory = "state" });
        var status = context.OctoStatus(new OctoStatusSettings { Manifest = Path.Combine(manifest, "octo-orchestrate.yaml"), StateDirectory = "state" });

        Assert.True(result.Succeeded);
        Assert.True(File.Exists(Path.Combine(outer.Path, "state", "ledger.db")));
        Assert.False(File.Exists(DefaultLedger));
        Assert.Equal("2026.4.0.1", status.Single(e => e.Component == "db" && e.Environment == "Test").Current?.Version);
        var typo = Assert.Throws<BadInputException>(() => context.OctoStatus(new OctoStatusSettings { Manifest = manifest, StateDirectory = "stat" }));
        Assert.Contains("OctoStatusSettings.StateDirectory", typo.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_build_fails_the_task_naming_it_and_its_output_reaches_the_log_escaped()
    {
        repo.Delete("api/buildable").Commit("break the api build");
        var context = new RecordingCakeContext(repo.Path);

        var error = Assert.Throws<CakeException>(() => context.OctoCi());

        Assert.Contains("api: build Failed", error.Message, StringComparison.Ordinal);
        var errors = Lines(context, LogLevel.Error).ToList();
        Assert.Contains(errors, line => line.Contains("{0} {oops} \\x1b]0;title\\x07 \\u202ex", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(context), line => line.Any(c => c is '\u001b' or '\u0007' or '\u202e' or '\n'));
        Assert.Contains("octo deploy Dev: db 2026.4.0.1 Deployed", Lines(context));

        var kept = context.OctoCi(new OctoCiSettings { ThrowOnFailure = false });

        Assert.False(kept.Succeeded);
        Assert.Equal(ComponentStatus.Failed, kept.Build.Components.Single(c => c.Component == "api").Status);
        Assert.Contains("octo ci: failed: not everything was promoted; fix and rerun, what succeeded is not done again", Lines(context));
    }

    [Fact]
    public void Bad_settings_are_refused_before_a_ledger_is_created()
    {
        var context = new RecordingCakeContext(repo.Path);

        Assert.Contains("OctoDeploySettings.Environment", Assert.Throws<BadInputException>(() => context.OctoDeploy(new OctoDeploySettings())).Message, StringComparison.Ordinal);
        Assert.Contains("OctoPromoteSettings.To", Assert.Throws<BadInputException>(() => context.OctoPromote(new OctoPromoteSettings { From = "Dev" })).Message, StringComparison.Ordinal);
        var unknown = new OctoDeploySettings { Environment = "Dev" };
        unknown.Components.Add("nope");
        Assert.Contains("'nope'", Assert.Throws<BadInputException>(() => context.OctoDeploy(unknown)).Message, StringComparison.Ordinal);
        Assert.Contains("OctoPromoteSettings.Timeout", Assert.Throws<BadInputException>(() => context.OctoPromote(new OctoPromoteSettings { From = "Dev", To = "Test", Timeout = TimeSpan.FromSeconds(-1) })).Message, StringComparison.Ordinal);
        Assert.Contains("OctoCiSettings.BuildTimeout", Assert.Throws<BadInputException>(() => context.OctoCi(new OctoCiSettings { BuildTimeout = TimeSpan.Zero })).Message, StringComparison.Ordinal);
        Assert.Empty(context.OctoStatus());

        Assert.False(File.Exists(DefaultLedger));
    }

    [Fact]
    public void OctoDeploy_and_OctoPromote_move_releases_through_the_lifecycle()
    {
        var context = new RecordingCakeContext(repo.Path);
        context.OctoCi();
        repo.Append("db/schema.sql", "\n-- v2").Commit("db v2");
        context.OctoCi(new OctoCiSettings { ThrowOnFailure = false });

        var redeployed = context.OctoDeploy(new OctoDeploySettings { Environment = "Dev", Version = "2026.4.0.1", Force = true, Components = { "db" } });
        var promoted = context.OctoPromote(new OctoPromoteSettings { From = "Dev", To = "Test", Components = { "db" } });

        Assert.Equal(Outcome.Deployed, redeployed["db"]?.Outcome);
        Assert.Equal("2026.4.0.1", redeployed["db"]?.Version);
        Assert.True(promoted.Succeeded);
        Assert.Equal("2026.4.0.1", promoted.Promotion["db"]?.Version);
        Assert.Contains("octo verify Dev: db 2026.4.0.1 Passed", Lines(context));
        Assert.Equal("2026.4.0.1", context.OctoStatus().Single(e => e.Component == "db" && e.Environment == "Test").Current?.Version);
    }
}
