using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>What gets deployed is what was built: empty outputs, rebuilds, typos, installs deleted by hand, file modes and symlinks.</summary>
public sealed class DeployedContentTests : IDisposable
{
    readonly TempGitRepo repo = new TempGitRepo().Write(".gitignore", "artifacts/\n.octo-orchestrate/\nout/\n");

    public void Dispose() => repo.Dispose();

    string State => Path.Combine(repo.Path, ".octo-orchestrate");

    string Install(string environment, string component, string version) => Path.Combine(State, "environments", environment, component, version);

    async Task<CliOutcome> Ci(params string[] extra) => await CliRun.RunAsync(repo.Path, ["ci", .. extra]);

    [Theory]
    [InlineData("")]                               // no build key at all
    [InlineData("    build: \"true\"\n")]          // a build that writes nothing
    [InlineData("    build: mkdir -p \"$OO_OUTPUT/empty\"\n")] // only an empty folder (zips hold files, not folders)
    public async Task A_component_with_an_empty_build_output_packs_and_deploys_an_empty_install_folder(string build)
    {
        repo.Write("octo-orchestrate.yaml", $"train: 2026.4.0\nenvironments: [Dev, Test]\ncomponents:\n  - name: cfg\n    paths: [\"cfg/**\"]\n{build}    deploy: test -d \"$OO_INSTALL_DIR\"\n")
            .Write("cfg/settings.ini", "x=1").Commit();

        var first = await Ci();
        var rerun = await Ci();

        Assert.True(first.ExitCode == 0, first.Error + first.Out);
        Assert.True(rerun.ExitCode == 0, rerun.Error + rerun.Out);
        foreach (var environment in new[] { "Dev", "Test" })
        {
            Assert.True(Directory.Exists(Install(environment, "cfg", "2026.4.0.1")));
            Assert.Empty(Directory.EnumerateFiles(Install(environment, "cfg", "2026.4.0.1"), "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task A_rebuild_of_a_released_version_that_differs_reuses_the_released_package_with_a_warning()
    {
        repo.Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [Dev, Test]
            components:
              - name: a
                paths: ["a/**"]
                build: date +%s%N > "$OO_OUTPUT/built-at"
              - name: b
                paths: ["b/**"]
                build: cp -R b/. "$OO_OUTPUT/"
            """).Write("a/f", "1").Write("b/f", "1").Commit();
        var first = await Ci("--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var stored = Directory.GetFiles(Path.Combine(State, "packages")).ToDictionary(f => f, Sha256);
        var installed = File.ReadAllText(Path.Combine(Install("Dev", "a", "2026.4.0.1"), "built-at"));

        Directory.Delete(Path.Combine(repo.Path, "artifacts"), recursive: true); // a fresh CI workspace with a persistent state folder
        Directory.Delete(Install("Dev", "b", "2026.4.0.1"), recursive: true);    // and something to do for b
        var rebuilt = await Ci("--json");

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Error + rebuilt.Out);
        Assert.Contains("not reproducible", rebuilt.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(rebuilt.Out);
        var release = json.RootElement.GetProperty("stages").EnumerateArray().First(s => s.GetProperty("stage").GetString() == "release")
            .GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "a");
        Assert.Equal("AlreadyReleased", release.GetProperty("outcome").GetString());
        Assert.Contains("The released package is kept and deployed", release.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(stored, Directory.GetFiles(Path.Combine(State, "packages")).ToDictionary(f => f, Sha256)); // nothing released was rewritten
        Assert.Equal(installed, File.ReadAllText(Path.Combine(Install("Dev", "a", "2026.4.0.1"), "built-at")));
        Assert.True(File.Exists(Path.Combine(Install("Dev", "b", "2026.4.0.1"), "f")), "the unrelated component is deployed again");
    }

    [Theory]
    [InlineData("9999.*")]
    [InlineData("2026.4.0.99")]
    [InlineData("2026.5.*")]
    public async Task A_version_that_matches_no_release_is_exit_2_naming_the_flag_with_or_without_component(string version)
    {
        using var workspace = new ReleaseWorkspace();
        await using (var server = workspace.Open())
        {
            await workspace.ReleaseAsync(server, "api", "2026.4.0.1");
            await workspace.ReleaseAsync(server, "web", "2026.4.0.1");
        }

        var all = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--version", version);
        var one = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--version", version, "--component", "api");

        foreach (var run in new[] { all, one })
        {
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains(version, run.Error, StringComparison.Ordinal);
            Assert.Contains("--", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains("--version", all.Error, StringComparison.Ordinal);
        Assert.Empty(workspace.DeployedVersions("Dev", "api"));
        Assert.Equal(0, (await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--version", "2026.4.0.*")).ExitCode); // a pattern that matches still deploys
    }

    [Theory]
    [InlineData("Dev")]
    [InlineData("Test")]
    public async Task An_install_folder_deleted_by_hand_shows_as_missing_and_is_redeployed_not_reported_current(string environment)
    {
        repo.Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [Dev, Test]
            components:
              - name: a
                paths: ["a/**"]
                build: cp -R a/. "$OO_OUTPUT/"
                deploy: echo "$OO_ENVIRONMENT" >> "$OO_MANIFEST_DIR/out/journal"
            """).Write("a/f", "1").Write("out/.keep", "").Commit();
        Assert.Equal(0, (await Ci()).ExitCode);
        Directory.Delete(Install(environment, "a", "2026.4.0.1"), recursive: true);

        var status = await CliRun.RunAsync(repo.Path, "status");
        var rerun = await Ci();

        Assert.Contains("2026.4.0.1 (install folder missing)", status.Out, StringComparison.Ordinal);
        Assert.True(rerun.ExitCode == 0, rerun.Error + rerun.Out);
        Assert.True(File.Exists(Path.Combine(Install(environment, "a", "2026.4.0.1"), "f")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(repo.Path, "out", "journal")).Count(l => l == environment));
        Assert.DoesNotContain("install folder missing", (await CliRun.RunAsync(repo.Path, "status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Executable_files_stay_executable_through_pack_and_deploy_and_the_package_stays_deterministic()
    {
        repo.Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [Dev, Test]
            components:
              - name: tool
                paths: ["tool/**"]
                build: cp -R tool/. "$OO_OUTPUT/" && chmod 755 "$OO_OUTPUT/run.sh" "$OO_OUTPUT/bin/helper" && chmod 644 "$OO_OUTPUT/data.txt"
                deploy: cd "$OO_INSTALL_DIR" && ./run.sh && ./bin/helper
            """).Write("tool/run.sh", "#!/bin/sh\necho run\n").Write("tool/bin/helper", "#!/bin/sh\necho helper\n").Write("tool/data.txt", "data").Commit();

        var run = await Ci();

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var install = Install("Dev", "tool", "2026.4.0.1");
        Assert.True(File.GetUnixFileMode(Path.Combine(install, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.GetUnixFileMode(Path.Combine(install, "bin", "helper")).HasFlag(UnixFileMode.OtherExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(install, "data.txt")).HasFlag(UnixFileMode.UserExecute));

        // Each run builds into its own folder under artifacts/build/<component>/; the last one is what was packed.
        var output = Directory.GetDirectories(Path.Combine(repo.Path, "artifacts", "build", "tool")).Single();
        var again = Path.Combine(repo.Path, "out", "again.zip");
        DeterministicZip.Create(output, again);
        Assert.Equal(Sha256(Path.Combine(repo.Path, "artifacts", "packages", "tool.2026.4.0.1.zip")), Sha256(again));
        using var zip = ZipFile.OpenRead(again);
        Assert.Equal(0x1ED, (zip.GetEntry("run.sh")!.ExternalAttributes >> 16) & 0x1FF);
        Assert.Equal(0x1A4, (zip.GetEntry("data.txt")!.ExternalAttributes >> 16) & 0x1FF);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc")]
    [InlineData("../../../../a")] // the component's sources, from artifacts/build/a/<run>/
    public async Task A_symlink_in_the_build_output_pointing_outside_it_is_refused_naming_the_path(string target)
    {
        repo.Write("octo-orchestrate.yaml", $"""
            train: 2026.4.0
            environments: [Dev, Test]
            components:
              - name: a
                paths: ["a/**"]
                build: cp -R a/. "$OO_OUTPUT/" && ln -s {target} "$OO_OUTPUT/escape"
            """).Write("a/f", "1").Commit();

        var run = await Ci();

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(Path.Combine(repo.Path, "artifacts", "build", "a"))}/[^/\s']+/escape", run.Out + run.Error);
        Assert.Contains("outside the build output", run.Out + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Path, "artifacts", "packages", "a.2026.4.0.1.zip")));
        var packages = Path.Combine(repo.Path, "artifacts", "packages");
        Assert.Empty(Directory.Exists(packages) ? Directory.EnumerateFiles(packages, "*.tmp") : []);
    }

    [Fact]
    public async Task Symlinks_inside_the_build_output_are_packed_as_the_files_they_point_to()
    {
        repo.Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [Dev, Test]
            components:
              - name: a
                paths: ["a/**"]
                build: cp -R a/. "$OO_OUTPUT/" && ln -s f "$OO_OUTPUT/link-to-file" && ln -s sub "$OO_OUTPUT/link-to-folder"
            """).Write("a/f", "file content").Write("a/sub/g", "in sub").Commit();

        var run = await Ci();

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var install = Install("Dev", "a", "2026.4.0.1");
        Assert.Equal("file content", File.ReadAllText(Path.Combine(install, "link-to-file")));
        Assert.Equal("in sub", File.ReadAllText(Path.Combine(install, "link-to-folder", "g")));
        Assert.Null(new FileInfo(Path.Combine(install, "link-to-file")).LinkTarget);
    }

    static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
