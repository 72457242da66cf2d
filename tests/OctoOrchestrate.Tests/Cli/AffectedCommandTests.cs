using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cli;

public sealed class AffectedCommandTests : IDisposable
{
    readonly TempGitRepo repo = PetShopManifest.CreateRepo();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Json_output_is_one_object_in_dependency_order()
    {
        var start = repo.Head;
        repo.Append("shared/contracts/Product.cs").Commit();

        var outcome = await CliRun.RunAsync(repo.Path, "affected", "--base", start, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(start, json.RootElement.GetProperty("base").GetString());
        Assert.Equal(["shared-contracts", "product-service", "cart-service", "web"],
            json.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var reason = json.RootElement.GetProperty("components")[1].GetProperty("reasons")[0];
        Assert.Equal("uses", reason.GetProperty("kind").GetString());
        Assert.Equal("shared-contracts", reason.GetProperty("component").GetString());
    }

    [Fact]
    public async Task Explain_prints_the_reason_chain()
    {
        var start = repo.Head;
        repo.Append("shared/contracts/Product.cs").Commit();

        var outcome = await CliRun.RunAsync(repo.Path, "affected", "--base", start, "--explain");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("uses product-service <- uses shared-contracts <- changed shared/contracts/Product.cs", outcome.Out);
        Assert.Contains($"base {start[..10]} (--base {start})", outcome.Out);
    }

    [Fact]
    public async Task A_bad_manifest_exits_2_naming_file_and_line()
    {
        repo.Write("octo-orchestrate.yaml", "train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [a/**]\n    uses: [ nope ]\n");

        var outcome = await CliRun.RunAsync(repo.Path, "affected");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("octo-orchestrate.yaml(3):", outcome.Error);
        Assert.Empty(outcome.Out);
    }

    [Fact]
    public async Task An_unknown_flag_exits_2()
    {
        var outcome = await CliRun.RunAsync(repo.Path, "affected", "--bogus");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--bogus", outcome.Error);
    }

    [Fact]
    public async Task A_missing_manifest_exits_2_with_the_fix()
    {
        var outcome = await CliRun.RunAsync(repo.Path, "affected", "--manifest", "nowhere.yaml");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--manifest", outcome.Error);
    }

    [Fact]
    public async Task Outside_a_git_repository_exits_3()
    {
        var folder = Directory.CreateTempSubdirectory("octo-orchestrate-nogit-").FullName;
        File.WriteAllText(Path.Combine(folder, "octo-orchestrate.yaml"), PetShopManifest.Yaml);
        try
        {
            var outcome = await CliRun.RunAsync(folder, "affected");
            Assert.Equal(3, outcome.ExitCode);
            Assert.Contains("not inside a git repository", outcome.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
