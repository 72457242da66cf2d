using System.Diagnostics;
using System.IO.Compression;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>A stored package is checked against its recorded SHA-256 before it is deployed; storing and packing leave no partial files.</summary>
public sealed class PackageIntegrityTests : IDisposable
{
    readonly ReleaseWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    public static TheoryData<string> Tamperings => ["rewritten", "truncated", "appended", "missing"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_package_changed_after_release_fails_its_deployment_and_nothing_is_extracted(string tampering)
    {
        ReleaseInfo release;
        await using (var server = workspace.Open())
        {
            release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1", "the released content");
            Assert.True((await DeployStage.DeployAsync(server, workspace.Manifest, [release], "Dev")).Succeeded);
        }

        var install = Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "2026.4.0.1");
        switch (tampering)
        {
            case "rewritten":
                File.Delete(release.PackagePath);
                using (var zip = ZipFile.Open(release.PackagePath, ZipArchiveMode.Create))
                using (var writer = new StreamWriter(zip.CreateEntry("app.txt").Open())) writer.Write("TAMPERED");
                break;
            case "truncated":
                using (var file = new FileStream(release.PackagePath, FileMode.Open)) file.SetLength(file.Length / 2);
                break;
            case "appended":
                File.AppendAllText(release.PackagePath, "x");
                break;
            default:
                File.Delete(release.PackagePath);
                break;
        }

        var run = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Dev", "--component", "api", "--version", "2026.4.0.1", "--force");

        Assert.True(run.ExitCode == ExitCodes.Failed, run.Error + run.Out);
        Assert.Contains(tampering == "missing" ? "is missing; nothing was extracted" : "does not match the SHA-256 recorded", run.Out, StringComparison.Ordinal);
        Assert.Equal("the released content", File.ReadAllText(Path.Combine(install, "app.txt"))); // the earlier install is untouched
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(install)!, ".extract-*"));
        Assert.Equal(["2026.4.0.1"], workspace.DeployedVersions("Dev", "api")); // the deploy command did not run again
    }

    [Fact]
    public async Task An_intact_package_deploys_and_its_content_is_the_released_one()
    {
        await using var server = workspace.Open();
        var release = await workspace.ReleaseAsync(server, "api", "2026.4.0.1", "v1");
        File.WriteAllText(workspace.Package("api", "2026.4.0.1", "changed in artifacts only"), "ignored"); // only the stored copy is deployed

        var result = await DeployStage.DeployAsync(server, workspace.Manifest, [release], "Dev");

        Assert.True(result.Succeeded, result.Components[0].Reason);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(workspace.StateDirectory, "environments", "Dev", "api", "2026.4.0.1", "app.txt")));
    }

    [NeedsMountFact]
    public async Task A_disk_full_while_storing_a_package_is_exit_5_leaves_no_partial_copy_and_the_rerun_converges()
    {
        using var disk = SmallDisk.Mount(1024);
        var state = Path.Combine(disk.Path, "state");
        var big = BigPackage("api", "2026.4.0.1", megabytes: 3);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var server = LocalReleaseServer.Open(workspace.Manifest, state);
            var error = await Assert.ThrowsAsync<OctoOrchestrateException>(() =>
                server.CreateReleaseAsync(new NewRelease("api", "2026.4.0.1", big, "abc1234def", "notes")));

            Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
            Assert.Contains("The disk is full", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(state, "packages"), "*.tmp"));
            Assert.Empty(await server.ListReleasesAsync("api"));
        }

        disk.Resize(16 * 1024);
        await using (var server = LocalReleaseServer.Open(workspace.Manifest, state))
        {
            var release = await server.CreateReleaseAsync(new NewRelease("api", "2026.4.0.1", big, "abc1234def", "notes"));
            Assert.True((await DeployStage.DeployAsync(server, workspace.Manifest, [release], "Dev")).Succeeded);
        }

        Assert.Single(Directory.EnumerateFiles(Path.Combine(state, "packages")));
    }

    [NeedsMountFact]
    public async Task A_full_disk_under_the_ledger_is_exit_5_disk_full_not_a_crash()
    {
        using var disk = SmallDisk.Mount(1024);
        var state = Path.Combine(disk.Path, "state");
        await using var server = LocalReleaseServer.Open(workspace.Manifest, state);
        await server.CreateReleaseAsync(new NewRelease("api", "2026.4.0.1", workspace.Package("api", "2026.4.0.1"), "abc1234def", "notes"));
        disk.Fill();

        var error = await Assert.ThrowsAsync<OctoOrchestrateException>(async () =>
        {
            for (var build = 2; build < 400; build++)
                await server.CreateReleaseAsync(new NewRelease("api", $"2026.4.0.{build}", workspace.Package("api", $"2026.4.0.{build}"), "abc1234def", new string('n', 4000)));
        });

        Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
        Assert.Contains("disk is full", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Partial_copies_left_by_dead_runs_are_removed_on_open_and_those_of_live_ones_are_kept()
    {
        var packages = Path.Combine(workspace.StateDirectory, "packages");
        Directory.CreateDirectory(packages);
        using var live = Process.Start("sleep", "60");
        using var dead = Process.Start("true");
        await dead.WaitForExitAsync();
        var ofDead = Path.Combine(packages, $"api.2026.4.0.1.abcdef012345.zip.{dead.Id}.{Guid.NewGuid():N}.tmp");
        var ofLive = Path.Combine(packages, $"api.2026.4.0.1.abcdef012345.zip.{live.Id}.{Guid.NewGuid():N}.tmp");
        var legacy = Path.Combine(packages, $"api.2026.4.0.1.abcdef012345.zip.{Guid.NewGuid():N}.tmp");
        foreach (var file in new[] { ofDead, ofLive, legacy }) File.WriteAllText(file, "partial");
        File.SetLastWriteTimeUtc(legacy, DateTime.UtcNow.AddHours(-2));

        try
        {
            await using var server = workspace.Open();

            Assert.False(File.Exists(ofDead));
            Assert.False(File.Exists(legacy));
            Assert.True(File.Exists(ofLive));
        }
        finally
        {
            live.Kill();
        }
    }

    [Theory]
    [InlineData("dangling")]
    [InlineData("loop")]
    [InlineData("outside")]
    [InlineData("folder-loop")]
    public void A_refused_pack_leaves_no_partial_zip(string failure)
    {
        var output = Directory.CreateDirectory(Path.Combine(workspace.Root, "out")).FullName;
        File.WriteAllText(Path.Combine(output, "a.txt"), "a");
        switch (failure)
        {
            case "dangling":
                File.CreateSymbolicLink(Path.Combine(output, "gone"), Path.Combine(output, "nothing-here"));
                break;
            case "loop":
                File.CreateSymbolicLink(Path.Combine(output, "x"), Path.Combine(output, "y"));
                File.CreateSymbolicLink(Path.Combine(output, "y"), Path.Combine(output, "x"));
                break;
            case "folder-loop":
                Directory.CreateSymbolicLink(Path.Combine(output, "self"), ".");
                break;
            default:
                File.CreateSymbolicLink(Path.Combine(output, "passwd"), "/etc/passwd");
                break;
        }

        var zip = Path.Combine(workspace.Root, "artifacts", "packages", "a.2026.4.0.1.zip");
        var error = Assert.ThrowsAny<OctoOrchestrateException>(() => DeterministicZip.Create(output, zip));

        Assert.Contains(output, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
        Assert.Empty(Directory.Exists(Path.GetDirectoryName(zip)) ? Directory.EnumerateFiles(Path.GetDirectoryName(zip)!, "*.tmp") : []);
    }

    [NeedsMountFact]
    public void A_disk_full_while_packing_leaves_no_partial_zip_and_no_package()
    {
        using var disk = SmallDisk.Mount(512);
        var output = Directory.CreateDirectory(Path.Combine(workspace.Root, "out")).FullName;
        var noise = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(noise);
        File.WriteAllBytes(Path.Combine(output, "big.bin"), noise);
        var zip = Path.Combine(disk.Path, "a.2026.4.0.1.zip");

        Assert.ThrowsAny<IOException>(() => DeterministicZip.Create(output, zip));

        Assert.Empty(Directory.EnumerateFiles(disk.Path));
    }

    string BigPackage(string component, string version, int megabytes)
    {
        var path = Path.Combine(workspace.Root, "artifacts", "packages", $"{component}.{version}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var noise = new byte[megabytes * 1024 * 1024];
        new Random(megabytes).NextBytes(noise);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("app.txt").Open())) writer.Write("app");
        using (var stream = zip.CreateEntry("noise.bin", CompressionLevel.NoCompression).Open()) stream.Write(noise);
        return path;
    }
}
