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
    readonly string cacheRoot = Directory.CreateTempSubdirectory("oo-manifest-cache-root-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        Directory.Delete(cacheRoot, recursive: true);
    }

    string Write(string yaml)
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    string CacheFile(string manifest) => ManifestCache.EntryFor(cacheRoot, manifest);

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

        var miss = ManifestCache.Load(path, cacheRoot);
        Assert.True(File.Exists(CacheFile(path)));
        var hit = ManifestCache.Load(path, cacheRoot);

        AssertSame(ManifestLoader.Load(path), miss);
        AssertSame(ManifestLoader.Load(path), hit);
    }

    [Fact]
    public void An_edited_manifest_is_parsed_again()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path, cacheRoot);

        Write(Yaml.Replace("2026.4.0", "2026.5.0", StringComparison.Ordinal));

        Assert.Equal("2026.5.0", ManifestCache.Load(path, cacheRoot).Train);
    }

    [Fact]
    public void An_invalid_edit_reports_its_line_even_after_a_valid_version_was_cached()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path, cacheRoot);

        Write(Yaml.Replace("uses: [api]", "uses: [nope]", StringComparison.Ordinal));

        var error = Assert.Throws<ManifestException>(() => ManifestCache.Load(path, cacheRoot));
        Assert.Contains("no component is named 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Equal((path, 16), (error.File, error.Line));
    }

    [Fact]
    public void A_corrupt_or_truncated_entry_is_a_miss()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path, cacheRoot);
        var entry = File.ReadAllBytes(CacheFile(path));

        File.WriteAllBytes(CacheFile(path), entry[..(entry.Length / 2)]);
        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path, cacheRoot));

        File.WriteAllBytes(CacheFile(path), [.. entry[..^4], 0xFF, 0xFF, 0xFF, 0x7F]);
        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path, cacheRoot));
    }

    [Fact]
    public void Nothing_is_written_beside_the_manifest()
    {
        var path = Write(Yaml);
        ManifestCache.Load(path, cacheRoot);

        Assert.Equal([path], Directory.GetFileSystemEntries(folder));
        Assert.True(File.Exists(CacheFile(path)));
    }

    [Fact]
    public void An_unwritable_cache_folder_still_loads()
    {
        var path = Write(Yaml);
        var blocked = Path.Combine(cacheRoot, "blocked");
        File.WriteAllText(blocked, "a file where the folder would go");

        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path, blocked));
        AssertSame(ManifestLoader.Load(path), ManifestCache.Load(path, null));
    }
}
