using OctoOrchestrate.Pack;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Version;

public sealed class BuildNumberOverrideTests
{
    [Fact]
    public async Task The_flag_sets_the_build_of_every_changed_component()
    {
        using var repo = PackTrainRepo.Create();

        var versions = await PackTrainRepo.VersionsAsync(repo, new BuildTrainOptions { BuildNumber = "42" });

        Assert.All(versions.Values, v => Assert.Equal("2026.4.0.42", v));
    }

    [Fact]
    public async Task The_environment_variable_is_used_when_the_flag_is_absent_and_the_flag_wins_over_it()
    {
        using var repo = PackTrainRepo.Create();
        var environment = PackTrainRepo.Environment(("OO_BUILD_NUMBER", "77"));

        var fromEnvironment = await PackTrainRepo.VersionsAsync(repo, new BuildTrainOptions { EnvironmentVariables = environment });
        var fromFlag = await PackTrainRepo.VersionsAsync(repo, new BuildTrainOptions { EnvironmentVariables = environment, BuildNumber = "5" });

        Assert.Equal("2026.4.0.77", fromEnvironment["api"]);
        Assert.Equal("2026.4.0.5", fromFlag["api"]);
    }

    [Theory]
    [InlineData("65535")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task Out_of_range_values_are_bad_input_naming_the_source(string value)
    {
        using var repo = PackTrainRepo.Create();

        var flag = await Assert.ThrowsAsync<BadInputException>(() => PackTrainRepo.VersionsAsync(repo, new BuildTrainOptions { BuildNumber = value }));
        var env = await Assert.ThrowsAsync<BadInputException>(() => PackTrainRepo.VersionsAsync(repo,
            new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.Environment(("OO_BUILD_NUMBER", value)) }));

        Assert.Contains("--build-number", flag.Message, StringComparison.Ordinal);
        Assert.Contains("65534", flag.Message, StringComparison.Ordinal);
        Assert.Contains("OO_BUILD_NUMBER", env.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_exits_2_for_a_build_number_over_65534()
    {
        using var repo = PackTrainRepo.Create();

        var outcome = await CliRun.RunAsync(repo.Path, "version", "--build-number", "70000");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--build-number '70000'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_that_names_a_version_tagged_on_another_commit_is_rejected()
    {
        using var repo = PackTrainRepo.Create();
        repo.Git("tag", "api/2026.4.0.3");
        repo.Append("api/Program.cs").Commit("api change");

        var error = await Assert.ThrowsAsync<BadInputException>(() => PackTrainRepo.VersionsAsync(repo, new BuildTrainOptions { BuildNumber = "3" }));

        Assert.Contains("api/2026.4.0.3", error.Message, StringComparison.Ordinal);
    }
}
