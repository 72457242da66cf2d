using System.IO.Compression;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Release;

/// <summary>
/// A rerun whose rebuilt package differs from the released one keeps the release: a server that records the package's hash (the
/// embedded one) lets the stage say the build is not reproducible; one that records none (Octopus) cannot tell, and reuses it silently.
/// </summary>
public sealed class ReleaseRebuildTests
{
    sealed class Reports : List<string>, IProgress<string>
    {
        public void Report(string value) => Add(value);
    }

    [Fact]
    public async Task Where_the_server_records_the_hash_a_differing_rebuild_is_reported_and_the_release_kept()
    {
        using var workspace = new ReleaseWorkspace();
        await using var server = workspace.Open();
        var first = (await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, [workspace.Packed("api", "2026.4.0.1", "one")])).Releases.Single();
        var reports = new Reports();

        var again = await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, [workspace.Packed("api", "2026.4.0.1", "two")], progress: reports);

        Assert.Equal(Outcome.AlreadyReleased, again.Result["api"]!.Outcome);
        Assert.Equal(first, again.Releases.Single());
        Assert.Contains("not reproducible", Assert.Single(reports), StringComparison.Ordinal);
        Assert.Contains(first.PackageSha256[..12], again.Result["api"]!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_the_server_records_no_hash_a_differing_rebuild_reuses_the_release_and_the_feed_keeps_the_first_package()
    {
        await using var shop = await OctopusPetShop.StartAsync();
        var manifest = ManifestLoader.Load(Path.Combine(shop.Repo.Path, "octo-orchestrate.yaml"));
        await using var server = OctopusReleaseServer.Open(manifest, OctopusConnection.Create(shop.Simulator.Url, OctopusPetShop.ApiKey, null),
            new OctopusOptions { PollInterval = TimeSpan.FromMilliseconds(50), RetryDelay = TimeSpan.FromMilliseconds(10) });
        var first = (await ReleaseStage.CreateReleasesAsync(server, manifest, [Packed(shop, "one")])).Releases.Single();
        Assert.Equal("", first.PackageSha256);
        var stored = shop.Simulator.State.Packages.Single().Hash;
        var reports = new Reports();

        var again = await ReleaseStage.CreateReleasesAsync(server, manifest, [Packed(shop, "two")], progress: reports);

        Assert.Equal(Outcome.AlreadyReleased, again.Result["web"]!.Outcome);
        Assert.Equal(first.Id, again.Releases.Single().Id);
        Assert.Empty(reports);
        Assert.Single(shop.Simulator.State.Releases);
        Assert.Equal(stored, shop.Simulator.State.Packages.Single().Hash);
    }

    static PackedComponent Packed(OctopusPetShop shop, string content)
    {
        var path = Path.Combine(shop.Repo.Path, "artifacts", "packages", "OctoPetShop.Web.2026.4.0.1.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("index.html").Open());
            writer.Write(content);
        }

        return new PackedComponent("web", "OctoPetShop.Web", "2026.4.0.1", path, "", "abc1234def", "main", [new CommitInfo("abc1234def", "change web", "Test")]);
    }
}
