using System.IO.Compression;
using OctoOrchestrate.Build;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pack;

/// <summary>
/// END-TO-END (slow, ~30 s to 2 min: real dotnet publish of the Octo Pet Shop): build + pack a copy of sample-monorepo in a
/// temp git repository, deploy and test every package (in order) in a Dev environment folder, then check a rerun does nothing.
/// Run alone with: dotnet test --filter Category=EndToEnd
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SampleMonorepoEndToEndTests
{
    [Fact]
    public async Task The_pet_shop_builds_packs_deploys_and_reruns_as_up_to_date()
    {
        using var repo = new TempGitRepo();
        CopySample(repo.Path);
        repo.Write(".gitignore", "bin/\nobj/\nartifacts/\n.octo-orchestrate/\n").Commit("Octo Pet Shop");
        var monorepo = Monorepo.Load(workingDirectory: repo.Path);
        var options = new BuildTrainOptions { EnvironmentVariables = PackTrainRepo.NoEnvironment };

        var result = await BuildTrain.RunAsync(monorepo, options);

        Assert.True(result.Succeeded, string.Join("\n", result.Components.Select(c => c.Error)));
        Assert.Equal(["shared-contracts", "database", "product-service", "cart-service", "web"], result.Components.Select(c => c.Component));
        Assert.Equal(["OctoPetShop.Database", "OctoPetShop.ProductService", "OctoPetShop.CartService", "OctoPetShop.Web"], result.Packages.Select(p => p.PackageId));
        Assert.All(result.Packages, p => Assert.Equal("2026.4.0.1", p.Version));

        var environmentDirectory = Path.Combine(repo.Path, ".octo-orchestrate", "environments", "Dev");
        foreach (var package in result.Packages)
        {
            var component = package.Component;
            var install = Path.Combine(environmentDirectory, component, package.Version);
            ZipFile.ExtractToDirectory(package.PackagePath, install);
            var definition = monorepo.Manifest.Component(component);
            var environment = CommandEnvironment.For(monorepo.Manifest, component, package.Version, result.Head);
            environment["OO_ENVIRONMENT"] = "Dev";
            environment["OO_PACKAGE"] = package.PackagePath;
            environment["OO_INSTALL_DIR"] = install;
            environment["OO_ENVIRONMENT_DIR"] = environmentDirectory;
            foreach (var (step, line) in new[] { ("deploy", definition.Deploy!), ("test", definition.Test!) })
            {
                var log = Path.Combine(repo.Path, "artifacts", "logs", $"{component}.{step}.log");
                var run = await ShellCommand.RunAsync(line, monorepo.Manifest.Directory, environment, log);
                Assert.True(run.ExitCode == 0, $"{component} {step} failed:\n{File.ReadAllText(log)}");
            }
        }

        var rerun = await BuildTrain.RunAsync(monorepo, options);

        Assert.All(rerun.Components, c => Assert.Equal(ComponentStatus.UpToDate, c.Status));
        Assert.Equal(result.Packages.Select(p => p.PackagePath), rerun.Packages.Select(p => p.PackagePath));
    }

    static void CopySample(string target)
    {
        var source = FindSample();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "artifacts" or ".octo-orchestrate")) continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    static string FindSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "sample-monorepo");
            if (File.Exists(Path.Combine(candidate, "octo-orchestrate.yaml"))) return candidate;
        }

        throw new InvalidOperationException("sample-monorepo/ not found above the test binaries.");
    }
}
