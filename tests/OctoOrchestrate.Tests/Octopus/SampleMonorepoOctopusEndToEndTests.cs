using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>
/// END-TO-END (slow: real dotnet publish of the Octo Pet Shop): <c>octo-orchestrate ci --server</c> on a copy of sample-monorepo
/// against the Octopus simulator. Octopus deploys elsewhere, so there is no install folder on this machine: the sample's own
/// test steps run the packed artifacts (scripts/installed.sh) — the migrator on a scratch database, the services started and
/// called over HTTP, the site served. Run alone with: dotnet test --filter Category=EndToEnd
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SampleMonorepoOctopusEndToEndTests
{
    static readonly string[] Deployable = ["database", "product-service", "cart-service", "web"];

    [Fact]
    public async Task The_pet_shop_is_released_deployed_in_waves_tested_and_promoted_on_Octopus_and_a_rerun_creates_nothing()
    {
        using var repo = new TempGitRepo();
        SampleMonorepo.CopyTo(repo.Path);
        repo.Write(".gitignore", "bin/\nobj/\nartifacts/\n.octo-orchestrate/\n").Commit("Octo Pet Shop");
        await using var simulator = await OctopusSimulatorHost.StartAsync(OctopusPetShop.ApiKey, projects: OctopusPetShop.Projects,
            channels: [("Default", "*.*.0.*", true), ("Hotfix", null, false)]);
        var keyDirectory = Directory.CreateTempSubdirectory("octo-orchestrate-key-").FullName;
        try
        {
            var keyFile = Path.Combine(keyDirectory, "octopus.key");
            await File.WriteAllTextAsync(keyFile, OctopusPetShop.ApiKey + "\n");
            Task<CliOutcome> Ci() => CliRun.RunAsync(repo.Path, "ci", "--server", simulator.Url, "--api-key-file", keyFile, "--poll-interval", "0.1");

            var first = await Ci();

            Assert.True(first.ExitCode == 0, first.Error + first.Out);
            var state = simulator.State;
            lock (state.Gate)
            {
                string Of(string project) => state.Projects.Single(p => p.Name == project).Id;
                string In(string environment) => state.Environments.Single(e => e.Name == environment).Id;
                (DateTimeOffset Start, DateTimeOffset End) Dev(string project)
                {
                    var deployment = Assert.Single(state.Deployments, d => d.ProjectId == Of(project) && d.EnvironmentId == In("Dev"));
                    var task = state.TaskOf(deployment);
                    Assert.Equal(TaskState.Success, task.State);
                    return (task.StartTime!.Value, task.CompletedTime!.Value);
                }

                foreach (var project in Deployable)
                {
                    Assert.Equal(["2026.4.0.1"], state.Releases.Where(r => r.ProjectId == Of(project)).Select(r => r.Version));
                    var test = Assert.Single(state.Deployments, d => d.ProjectId == Of(project) && d.EnvironmentId == In("Test"));
                    Assert.Equal(TaskState.Success, state.TaskOf(test).State);
                }

                // Waves by the server's task times: the database before both services, both services before web.
                var services = new[] { Dev("product-service"), Dev("cart-service") };
                Assert.All(services, s => Assert.True(s.Start >= Dev("database").End, "a service was deployed before the database"));
                Assert.All(services, s => Assert.True(Dev("web").Start >= s.End, "web was deployed before a service"));
                Assert.Equal(Deployable.Length, state.Packages.Count);
            }

            // The sample's tests ran on this machine, against the packed artifacts (no install folder here).
            foreach (var component in Deployable)
            {
                var log = await File.ReadAllTextAsync(Path.Combine(repo.Path, "artifacts", "logs", $"{component}.test-Dev.log"));
                Assert.Contains("no install folder on this machine: testing the built artifact", log, StringComparison.Ordinal);
            }

            Assert.Contains("ok: 3 migrations applied", await File.ReadAllTextAsync(Path.Combine(repo.Path, "artifacts", "logs", "database.test-Dev.log")), StringComparison.Ordinal);
            Assert.Contains("ok   GET /products/2", await File.ReadAllTextAsync(Path.Combine(repo.Path, "artifacts", "logs", "product-service.test-Dev.log")), StringComparison.Ordinal);
            Assert.Contains("ok   POST /carts/", await File.ReadAllTextAsync(Path.Combine(repo.Path, "artifacts", "logs", "cart-service.test-Dev.log")), StringComparison.Ordinal);
            Assert.Contains("ok   web 2026.4.0.1 serves index.html", await File.ReadAllTextAsync(Path.Combine(repo.Path, "artifacts", "logs", "web.test-Dev.log")), StringComparison.Ordinal);

            var before = simulator.Requests.Count;
            var again = await Ci();

            Assert.True(again.ExitCode == 0, again.Error + again.Out);
            Assert.Contains("Nothing new", again.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(simulator.Requests.Skip(before), r => r.Method != "GET");
            lock (state.Gate)
            {
                Assert.Equal(Deployable.Length, state.Releases.Count);
                Assert.Equal(2 * Deployable.Length, state.Deployments.Count);
            }
        }
        finally
        {
            Directory.Delete(keyDirectory, recursive: true);
        }
    }
}
