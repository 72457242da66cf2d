using OctoOrchestrate.Build;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Build;

public sealed class ComponentBuilderTests
{
    // Waits (up to 30 s) for a marker another build writes: proves two builds overlap without measuring any time.
    const string WaitFor = "for i in $(seq 1 300); do [ -f \"$OO_MANIFEST_DIR/markers/$1\" ] && exit 0; sleep 0.1; done; exit 1";

    static MonorepoManifest Manifest(TempGitRepo repo, string components)
    {
        repo.Write("wait-for.sh", WaitFor).Write("octo-orchestrate.yaml", "train: 2026.4.0\ncomponents:\n" + components);
        Directory.CreateDirectory(Path.Combine(repo.Path, "markers"));
        return ManifestLoader.Load(Path.Combine(repo.Path, "octo-orchestrate.yaml"));
    }

    static BuildRequest[] All(MonorepoManifest manifest) => manifest.Components.Select(c => new BuildRequest(c.Name, "2026.4.0.1")).ToArray();

    [Fact]
    public async Task Components_build_after_what_they_use_and_independent_ones_run_at_the_same_time()
    {
        using var repo = new TempGitRepo();
        var manifest = Manifest(repo, """
              - name: a
                paths: [ "a/**" ]
                build: touch markers/a.started && bash wait-for.sh c.started && touch markers/a.done
              - name: b
                paths: [ "b/**" ]
                uses: [ a ]
                build: test -f markers/a.done && echo "$OO_COMPONENT $OO_VERSION" > "$OO_OUTPUT/out.txt"
              - name: c
                paths: [ "c/**" ]
                build: touch markers/c.started && bash wait-for.sh a.started
            """);

        var outcomes = await ComponentBuilder.BuildAsync(manifest, All(manifest), "abc", maxParallelism: 2);

        Assert.All(outcomes, o => Assert.Equal(ComponentStatus.Built, o.Status));
        Assert.Equal(["a", "c", "b"], outcomes.Select(o => o.Component));
        Assert.Equal("b 2026.4.0.1\n", File.ReadAllText(Path.Combine(outcomes.Single(o => o.Component == "b").OutputDirectory, "out.txt")));
    }

    [Fact]
    public async Task A_failure_skips_what_uses_it_transitively_and_the_others_finish_with_the_log_tail_reported()
    {
        using var repo = new TempGitRepo();
        var manifest = Manifest(repo, """
              - name: a
                paths: [ "a/**" ]
                build: for i in $(seq 1 30); do echo "line $i"; done; echo boom >&2; exit 3
              - name: b
                paths: [ "b/**" ]
                uses: [ a ]
                build: touch markers/b.ran
              - name: c
                paths: [ "c/**" ]
                uses: [ b ]
                build: touch markers/c.ran
              - name: d
                paths: [ "d/**" ]
                deployAfter: [ a ]
                build: touch markers/d.ran
            """);

        var outcomes = (await ComponentBuilder.BuildAsync(manifest, All(manifest), "abc")).ToDictionary(o => o.Component);

        Assert.Equal(ComponentStatus.Failed, outcomes["a"].Status);
        Assert.Equal(ComponentStatus.Skipped, outcomes["b"].Status);
        Assert.Equal(ComponentStatus.Skipped, outcomes["c"].Status);
        Assert.Equal(ComponentStatus.Built, outcomes["d"].Status);
        Assert.False(File.Exists(Path.Combine(repo.Path, "markers", "b.ran")));
        Assert.False(File.Exists(Path.Combine(repo.Path, "markers", "c.ran")));
        Assert.Contains("exited with code 3", outcomes["a"].Error, StringComparison.Ordinal);
        Assert.Contains("boom", outcomes["a"].Error, StringComparison.Ordinal);
        Assert.Contains("line 30", outcomes["a"].Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2\n", outcomes["a"].Error, StringComparison.Ordinal);
        var log = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "logs", "a.build.log"));
        Assert.Contains("line 1\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_is_emptied_before_a_build_and_a_component_without_build_command_gets_an_empty_output()
    {
        using var repo = new TempGitRepo();
        var manifest = Manifest(repo, """
              - name: a
                paths: [ "a/**" ]
              - name: b
                paths: [ "b/**" ]
                build: test ! -e "$OO_OUTPUT/stale.txt" && touch "$OO_OUTPUT/fresh.txt"
            """);
        repo.Write("artifacts/build/a/stale.txt").Write("artifacts/build/b/stale.txt");

        var outcomes = await ComponentBuilder.BuildAsync(manifest, All(manifest), "abc");

        Assert.All(outcomes, o => Assert.Equal(ComponentStatus.Built, o.Status));
        var (a, b) = (outcomes.Single(o => o.Component == "a"), outcomes.Single(o => o.Component == "b"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(a.OutputDirectory));
        Assert.True(File.Exists(Path.Combine(b.OutputDirectory, "fresh.txt")));
        // Each run builds into its own folder below artifacts/build/<component>/; what earlier runs left there is removed.
        Assert.Equal([a.OutputDirectory], Directory.EnumerateFileSystemEntries(Path.Combine(repo.Path, "artifacts", "build", "a")));
        Assert.Equal([b.OutputDirectory], Directory.EnumerateFileSystemEntries(Path.Combine(repo.Path, "artifacts", "build", "b")));
    }
}
