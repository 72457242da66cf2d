using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Tests.Manifest;

public sealed class ManifestCacheTests : IDisposable
{
    const string Yaml = """
        train: 2026.4.0
        globalFiles: [global.json]
        environments: [Dev, Prod]
        channels:
          - name: Stable
            versionRule: "2026.4.*"
          - name: Hotfix
            default: true
        components:
          - name: api
            paths: ["services/api/**", "!**/*.md"]
            packageId: Shop.Api
            build: dotnet build
            deploy: ./deploy.sh
            test: ./test.sh
          - name: web
            paths: [web/**]
            uses: [api]
            deployAfter: [api]
            project: Shop.Web
            deployable: false
        """;

    readonly string folder = Directory.CreateTempSubdirectory("oo-manifest-cache-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string yaml)
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    static string CacheFile(string manifest) => Path.Combine(ManifestCache.FolderFor(manifest), Path.GetFileName(manifest) + ".bin");

    static void AssertSame(MonorepoManifest expected, MonorepoManifest actual)
    {
        Assert.Equal(expected.FilePath, actual.FilePath);
        Assert.Equal(expected.Train, actual.Train);
        Assert.Equal(expected.GlobalFiles, actual.GlobalFiles);
        Assert.Equal(expected.Environments, actual.Environments);
        Assert.Equal(expected.Channels, actual.Channels);
        Assert.Equal(expected.Components.Count, actual.Components.Count);
        for (var i = 0; i < expected.Components.Count; i++)
        {
            var (e, a) = (expected.Components[i], actual.Components[i]);
            Assert.Equal(e with { Paths = [], Uses = [], DeployAfter = [] }, a with { Paths = [], Uses = [], DeployAfter = [] });
            Assert.Equal(e.Paths, a.Paths);
            Assert.Equal(e.Uses, a.Uses);
            Assert.Equal(e.DeployAfter, a.DeployAfter);
        }
    }

    [Fact]
    public void A_hit_returns_the_same_manifest_as_the_loader()
    {
        var path = Write(Yaml);

        var miss = ManifestCache.Load(path);
        Assert.True(File.Exists(CacheFile(path)));
        var hit = ManifestCache.Load(path);

        AssertSame(ManifestLoader.Load(path), miss);
        AssertSame(ManifestLoader.Load(path), hit);
    }

    [Fact]
    public void An_edited_manifest_is_parsed_again()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path);

        Write(Yaml.Replace("2026.4.0", "2026.5.0", StringComparison.Ordinal));

        Assert.Equal("2026.5.0", ManifestCache.Load(path).Train);
    }

    [Fact]
    public void An_invalid_edit_reports_its_line_even_after_a_valid_version_was_cached()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path);

        Write(Yaml.Replace("uses: [api]", "uses: [nope]", StringComparison.Ordinal));

        var error = Assert.Throws<ManifestException>(() => ManifestCache.Load(path));
        Assert.Contains("no component is named 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Equal((path, 16), (error.File, error.Line));
    }

    [Fact]
    public void A_corrupt_or_truncated_entry_is_a_miss()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path);
        var entry = File.ReadAllBytes(CacheFile(path));

        File.WriteAllBytes(CacheFile(path), entry[..(entry.Length / 2)]);
        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path));

        File.WriteAllBytes(CacheFile(path), [.. entry[..^4], 0xFF, 0xFF, 0xFF, 0x7F]);
        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path));
    }

    [Fact]
    public void The_cache_folder_ignores_itself_in_git()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path);

        Assert.Equal("*\n", File.ReadAllText(Path.Combine(ManifestCache.FolderFor(path), ".gitignore")));
    }

    [Fact]
    public void An_unwritable_cache_folder_still_loads()
    {
        var path = Write(Yaml);
        Directory.CreateDirectory(Path.GetDirectoryName(ManifestCache.FolderFor(path))!);
        File.WriteAllText(ManifestCache.FolderFor(path), "a file where the folder would go");

        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path));
    }
}
