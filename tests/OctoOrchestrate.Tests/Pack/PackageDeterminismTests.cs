using System.IO.Compression;
using OctoOrchestrate.Build;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pack;

public sealed class PackageDeterminismTests
{
    [Fact]
    public async Task Packing_the_same_commit_twice_gives_byte_identical_packages()
    {
        using var repo = PackTrainRepo.Create();
        var first = await PackTrainRepo.PackAsync(repo);
        var api = first.Packages.Single(p => p.Component == "api");
        var bytes = File.ReadAllBytes(api.PackagePath);
        var information = File.ReadAllText(api.BuildInformationPath);

        // Start over on the same commit, with other file times: nothing but names and contents may reach the package.
        Directory.Delete(Path.Combine(repo.Path, "artifacts"), recursive: true);
        foreach (var tag in repo.Git("tag", "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries)) repo.Git("tag", "-d", tag);
        File.SetLastWriteTimeUtc(Path.Combine(repo.Path, "api", "Program.cs"), new DateTime(2011, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        var second = await PackTrainRepo.PackAsync(repo);

        var again = second.Packages.Single(p => p.Component == "api");
        Assert.Equal(api.PackagePath, again.PackagePath);
        Assert.Equal(bytes, File.ReadAllBytes(again.PackagePath));
        Assert.Equal(information, File.ReadAllText(again.BuildInformationPath));
    }

    [Fact]
    public void Entries_are_sorted_with_forward_slashes_and_one_fixed_time()
    {
        var source = Directory.CreateTempSubdirectory("octo-orchestrate-zip-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(source, "b", "c"));
            File.WriteAllText(Path.Combine(source, "z.txt"), "z");
            File.WriteAllText(Path.Combine(source, "b", "c", "d.txt"), "d");
            File.WriteAllText(Path.Combine(source, "a.txt"), "a");
            var zip = Path.Combine(source, "..", Path.GetFileName(source) + ".zip");

            DeterministicZip.Create(source, zip);

            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(["a.txt", "b/c/d.txt", "z.txt"], archive.Entries.Select(e => e.FullName));
            Assert.All(archive.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
            Assert.All(archive.Entries, e => Assert.Equal(0x81A4, e.ExternalAttributes >>> 16));
            archive.Dispose();
            var bytes = File.ReadAllBytes(zip);
            var madeBy = Enumerable.Range(0, bytes.Length - 5)
                .Where(i => bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02)
                .Select(i => bytes[i + 5]).ToList();
            Assert.Equal([3, 3, 3], madeBy); // "made by Unix" whatever OS wrote it
            File.Delete(zip);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task A_rerun_on_the_same_commit_builds_nothing_and_says_up_to_date()
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        var packageTime = File.GetLastWriteTimeUtc(Path.Combine(repo.Path, "artifacts", "packages", "Acme.Api.2026.4.0.1.zip"));

        var rerun = await PackTrainRepo.PackAsync(repo);

        Assert.All(rerun.Components, c => Assert.Equal(ComponentStatus.UpToDate, c.Status));
        Assert.Empty(rerun.NewTags);
        Assert.Equal(["worker", "api"], rerun.Packages.Select(p => p.Component));
        Assert.Equal(packageTime, File.GetLastWriteTimeUtc(Path.Combine(repo.Path, "artifacts", "packages", "Acme.Api.2026.4.0.1.zip")));
    }

    [Fact]
    public async Task Packing_tags_every_built_component_but_only_deployable_ones_get_a_package()
    {
        using var repo = PackTrainRepo.Create();

        var result = await PackTrainRepo.PackAsync(repo);

        Assert.True(result.Succeeded);
        Assert.Equal(["api/2026.4.0.1", "lib/2026.4.0.1", "worker/2026.4.0.1"], repo.Git("tag", "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["Acme.Api.2026.4.0.1.buildinfo.json", "Acme.Api.2026.4.0.1.zip", "Acme.Worker.2026.4.0.1.buildinfo.json", "Acme.Worker.2026.4.0.1.zip"],
            Directory.GetFiles(Path.Combine(repo.Path, "artifacts", "packages")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var archive = ZipFile.OpenRead(result.Packages.Single(p => p.Component == "api").PackagePath);
        Assert.Equal(["Program.cs", "sub/data.json", "version.txt"], archive.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_failed_build_is_not_tagged_and_what_uses_it_is_skipped()
    {
        using var repo = PackTrainRepo.Create(PackTrainRepo.Manifest.Replace("build: cp -R lib/. \"$OO_OUTPUT/\"", "build: exit 1", StringComparison.Ordinal));

        var result = await PackTrainRepo.PackAsync(repo);

        var statuses = result.Components.ToDictionary(c => c.Component, c => c.Status);
        Assert.Equal(ComponentStatus.Failed, statuses["lib"]);
        Assert.Equal(ComponentStatus.Skipped, statuses["api"]);
        Assert.Equal(ComponentStatus.Built, statuses["worker"]);
        Assert.False(result.Succeeded);
        Assert.Equal(["worker/2026.4.0.1"], result.NewTags);
    }

    [Fact]
    public async Task A_rerun_on_a_tagged_commit_without_the_packages_rebuilds_the_same_version_without_new_tags()
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        Directory.Delete(Path.Combine(repo.Path, "artifacts"), recursive: true);

        var rerun = await PackTrainRepo.PackAsync(repo);

        var statuses = rerun.Components.ToDictionary(c => c.Component, c => c.Status);
        Assert.Equal(ComponentStatus.UpToDate, statuses["lib"]);
        Assert.Equal(ComponentStatus.Built, statuses["api"]);
        Assert.Equal(ComponentStatus.Built, statuses["worker"]);
        Assert.All(rerun.Packages, p => Assert.Equal("2026.4.0.1", p.Version));
        Assert.Empty(rerun.NewTags);
        Assert.True(File.Exists(Path.Combine(repo.Path, "artifacts", "packages", "Acme.Api.2026.4.0.1.zip")));
    }
}
