using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cli;

public sealed class PackCommandTests
{
    [Fact]
    public async Task Build_builds_changed_components_without_packages_or_tags()
    {
        using var repo = PackTrainRepo.Create();

        var outcome = await CliRun.RunAsync(repo.Path, "build");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("3 built", outcome.Out, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(repo.Path, "artifacts", "build", "api"), "version.txt", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "artifacts", "packages")));
        Assert.Equal("", repo.Git("tag", "--list"));
    }

    [Fact]
    public async Task Pack_json_lists_every_component_with_version_status_and_package_and_push_tags_reaches_origin()
    {
        using var origin = new TempGitRepo();
        origin.Git("config", "receive.denyCurrentBranch", "ignore");
        using var repo = PackTrainRepo.Create();
        repo.Git("remote", "add", "origin", origin.Path);

        var outcome = await CliRun.RunAsync(repo.Path, "pack", "--json", "--push-tags");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.Out);
        var components = document.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["lib", "worker", "api"], components.Select(c => c.GetProperty("component").GetString()));
        Assert.All(components, c => Assert.Equal("Built", c.GetProperty("status").GetString()));
        Assert.EndsWith("Acme.Api.2026.4.0.1.zip", components[2].GetProperty("packagePath").GetString(), StringComparison.Ordinal);
        Assert.Equal("api/2026.4.0.1\nlib/2026.4.0.1\nworker/2026.4.0.1\n", origin.Git("tag", "--list"));
    }

    [Fact]
    public async Task A_failed_build_exits_1_and_prints_the_log_tail()
    {
        using var repo = PackTrainRepo.Create(PackTrainRepo.Manifest.Replace("build: cp -R worker/. \"$OO_OUTPUT/\"", "build: echo worker-broke; exit 5", StringComparison.Ordinal));

        var outcome = await CliRun.RunAsync(repo.Path, "pack");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("worker-broke", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Failed", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_planned_versions_as_a_table_and_as_json()
    {
        using var repo = PackTrainRepo.Create();
        await CliRun.RunAsync(repo.Path, "pack");
        repo.Append("worker/run.sh").Commit("worker change");

        var table = await CliRun.RunAsync(repo.Path, "version");
        var json = await CliRun.RunAsync(repo.Path, "version", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("worker", table.Out, StringComparison.Ordinal);
        Assert.Contains("2026.4.0.2", table.Out, StringComparison.Ordinal);
        Assert.Contains("changed worker/run.sh", table.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var component = Assert.Single(document.RootElement.GetProperty("components").EnumerateArray());
        Assert.Equal("worker", component.GetProperty("component").GetString());
        Assert.Equal("2026.4.0.2", component.GetProperty("version").GetString());
        Assert.Equal("2026.4.0.1", component.GetProperty("previousVersion").GetString());
        Assert.Equal("", repo.Git("status", "--porcelain"));
    }
}
