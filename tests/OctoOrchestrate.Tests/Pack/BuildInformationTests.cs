using System.Text.Json;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pack;

public sealed class BuildInformationTests
{
    [Fact]
    public async Task Commits_since_the_previous_version_that_touched_the_component_with_their_authors()
    {
        using var repo = PackTrainRepo.Create();
        await PackTrainRepo.PackAsync(repo);
        repo.Append("api/Program.cs").Commit("api: first fix\n\nWith a body.");
        repo.Append("worker/run.sh").Commit("worker only");
        repo.Write("api/README.md", "docs").Commit("api docs only (excluded path)");
        repo.Git("-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "commit", "-q", "--allow-empty", "-m", "empty");
        repo.Append("api/sub/data.json", " ");
        repo.Git("add", "-A");
        repo.Git("-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "api: second fix");

        var result = await PackTrainRepo.PackAsync(repo);

        var api = result.Packages.Single(p => p.Component == "api");
        Assert.Equal("2026.4.0.2", api.Version);
        Assert.Equal(["api: second fix", "api: first fix\n\nWith a body."], api.Commits.Select(c => c.Message));
        Assert.Equal(["Ada Lovelace <ada@example.com>", "Test <test@example.com>"], api.Commits.Select(c => c.Author));
        Assert.Equal(repo.Head, api.Commits[0].Id);
        Assert.Equal(repo.Head, api.Commit);
        Assert.Equal("main", api.Branch);
    }

    [Fact]
    public async Task The_file_has_the_octopus_shape_with_branch_build_number_and_url_from_github_actions()
    {
        using var repo = PackTrainRepo.Create();
        repo.Git("remote", "add", "origin", "https://bot:s3cret@github.com/acme/mono.git");
        var environment = PackTrainRepo.Environment(
            ("GITHUB_ACTIONS", "true"), ("GITHUB_REF_NAME", "release/2026.4"), ("GITHUB_RUN_NUMBER", "512"),
            ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "acme/mono"), ("GITHUB_RUN_ID", "987654"));

        var result = await PackTrainRepo.PackAsync(repo, new BuildTrainOptions { EnvironmentVariables = environment });

        var api = result.Packages.Single(p => p.Component == "api");
        using var document = JsonDocument.Parse(File.ReadAllText(api.BuildInformationPath));
        var root = document.RootElement;
        Assert.Equal("Acme.Api", root.GetProperty("PackageId").GetString());
        Assert.Equal("2026.4.0.1", root.GetProperty("Version").GetString());
        Assert.Equal("release/2026.4", root.GetProperty("Branch").GetString());
        Assert.Equal("GitHub Actions", root.GetProperty("BuildEnvironment").GetString());
        Assert.Equal("512", root.GetProperty("BuildNumber").GetString());
        Assert.Equal("https://github.com/acme/mono/actions/runs/987654", root.GetProperty("BuildUrl").GetString());
        Assert.Equal("Git", root.GetProperty("VcsType").GetString());
        Assert.Equal("https://github.com/acme/mono.git", root.GetProperty("VcsRoot").GetString());
        Assert.Equal(repo.Head, root.GetProperty("VcsCommitNumber").GetString());
        var commit = Assert.Single(root.GetProperty("Commits").EnumerateArray());
        Assert.Equal("initial", commit.GetProperty("Comment").GetString());
        Assert.Equal("Test <test@example.com>", commit.GetProperty("Author").GetString());
        Assert.DoesNotContain("s3cret", File.ReadAllText(api.BuildInformationPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azure", "feature/x", "https://dev.azure.com/acme/Pet%20Shop/_build/results?buildId=77")]
    [InlineData("gitlab", "feature/y", "https://gitlab.example.com/acme/mono/-/jobs/5")]
    [InlineData("teamcity", "refs/heads/z", "https://tc.example.com/build/9")]
    public void Other_ci_servers_give_branch_and_build_url(string server, string branch, string url)
    {
        var environment = server switch
        {
            "azure" => PackTrainRepo.Environment(("TF_BUILD", "True"), ("BUILD_SOURCEBRANCHNAME", branch), ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"),
                ("SYSTEM_TEAMPROJECT", "Pet Shop"), ("BUILD_BUILDID", "77")),
            "gitlab" => PackTrainRepo.Environment(("GITLAB_CI", "true"), ("CI_COMMIT_REF_NAME", branch), ("CI_JOB_URL", url)),
            _ => PackTrainRepo.Environment(("TEAMCITY_VERSION", "2025.1"), ("TEAMCITY_BUILD_BRANCH", branch), ("BUILD_URL", url)),
        };

        var ci = CiEnvironment.Detect(environment);

        Assert.Equal(branch, ci.Branch);
        Assert.Equal(url, ci.BuildUrl);
    }
}
