using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pack;

/// <summary>
/// END-TO-END (slow, ~30 s to 2 min: real dotnet publish of the Octo Pet Shop): the main job (`ci`) on a copy of
/// sample-monorepo in a temp git repository: all the way to Test, a rerun that does nothing, and a one-service change.
/// Run alone with: dotnet test --filter Category=EndToEnd
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SampleMonorepoEndToEndTests
{
    [Fact]
    public async Task The_pet_shop_ships_to_Test_reruns_as_nothing_new_and_rebuilds_only_a_changed_service()
    {
        using var repo = new TempGitRepo();
        SampleMonorepo.CopyTo(repo.Path);
        repo.Write(".gitignore", "bin/\nobj/\nartifacts/\n.octo-orchestrate/\n").Commit("Octo Pet Shop");

        var first = await RunCiAsync(repo.Path);

        Assert.True(first.Succeeded, Describe(first));
        Assert.Equal(["shared-contracts", "database", "product-service", "cart-service", "web"], first.Build.Components.Select(c => c.Component));
        Assert.Equal(["OctoPetShop.Database", "OctoPetShop.ProductService", "OctoPetShop.CartService", "OctoPetShop.Web"], first.Build.Packages.Select(p => p.PackageId));
        Assert.All(first.Build.Packages, p => Assert.Equal("2026.4.0.1", p.Version));
        Assert.All(first.Stages.Single(s => s.Stage == "verify").Components, c => Assert.Equal(Outcome.Passed, c.Outcome));
        Assert.All(first.Stages.Single(s => s.Stage == "promote").Components, c => Assert.Equal(Outcome.Deployed, c.Outcome));
        Assert.True(File.Exists(Path.Combine(repo.Path, ".octo-orchestrate", "environments", "Test", "petshop.db")));

        var rerun = await RunCiAsync(repo.Path);

        Assert.True(rerun.Succeeded, Describe(rerun));
        Assert.All(rerun.Build.Components, c => Assert.Equal(ComponentStatus.UpToDate, c.Status));
        Assert.All(rerun.Stages.Single(s => s.Stage == "deploy").Components, c => Assert.Equal(Outcome.AlreadyDeployed, c.Outcome));

        repo.Append("product-service/Program.cs", "\n// a small change\n").Commit("touch the product service");
        var changed = await RunCiAsync(repo.Path);

        Assert.True(changed.Succeeded, Describe(changed));
        Assert.Equal(["product-service"], changed.Build.Components.Select(c => c.Component));
        Assert.Equal("2026.4.0.2", changed.Build.Components[0].Version);
        Assert.Equal(["product-service"], changed.Stages.Single(s => s.Stage == "promote").Components.Where(c => c.Outcome == Outcome.Deployed).Select(c => c.Component));
    }

    static async Task<CiResult> RunCiAsync(string path)
    {
        var monorepo = Monorepo.Load(workingDirectory: path);
        await using var server = LocalReleaseServer.Open(monorepo.Manifest);
        return await CiPipeline.RunAsync(monorepo, server, new CiOptions { Build = new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment } });
    }

    static string Describe(CiResult result) => string.Join("\n",
        result.Build.Components.Select(c => $"{c.Component} {c.Status} {c.Error}")
            .Concat(result.Stages.SelectMany(s => s.Components.Select(c => $"{s.Stage} {c.Component} {c.Outcome} {c.Reason}"))));
}
