using System.Text.Json;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>
/// <c>octo-orchestrate ci --server …</c> on a Pet Shop-shaped monorepo against the in-process Octopus simulator: the main job, reruns,
/// one change, a failing deployment, injected faults, and the API key in no output.
/// </summary>
public sealed class OctopusCiEndToEndTests : IAsyncLifetime
{
    static readonly string[] Deployable = ["database", "product-service", "cart-service", "web"];
    OctopusPetShop shop = null!;

    public async Task InitializeAsync() => shop = await OctopusPetShop.StartAsync();

    public async Task DisposeAsync() => await shop.DisposeAsync();

    SimState State => shop.Simulator.State;

    List<string> Releases(string project)
    {
        lock (State.Gate) return State.Releases.Where(r => r.ProjectId == ProjectId(project)).Select(r => r.Version).ToList();
    }

    /// <summary>(version, state, start, end) of every deployment of a project to an environment, oldest first.</summary>
    List<(string Version, TaskState State, DateTimeOffset? Start, DateTimeOffset? End)> Deployments(string project, string environment)
    {
        lock (State.Gate)
        {
            var environmentId = State.Environments.Single(e => e.Name == environment).Id;
            return State.Deployments.Where(d => d.ProjectId == ProjectId(project) && d.EnvironmentId == environmentId)
                .Select(d => (State.Releases.Single(r => r.Id == d.ReleaseId).Version, State.TaskOf(d).State, State.TaskOf(d).StartTime, State.TaskOf(d).CompletedTime))
                .ToList();
        }
    }

    string ProjectId(string name) => State.Projects.Single(p => p.Name == name).Id;

    List<RecordedRequest> RequestsSince(int before) => shop.Simulator.Requests.Skip(before).ToList();

    void AssertNoKey(params CliOutcome[] runs)
    {
        foreach (var run in runs)
        {
            Assert.DoesNotContain(OctopusPetShop.ApiKey, run.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(OctopusPetShop.ApiKey, run.Error, StringComparison.Ordinal);
        }

        Assert.Empty(shop.FilesWithKey());
    }

    [Fact]
    public async Task The_main_job_releases_deploys_in_order_tests_promotes_and_a_rerun_creates_nothing()
    {
        // The key is in the environment too (as in CI): the build and test commands, which dump theirs, must not get it.
        Environment.SetEnvironmentVariable("OCTOPUS_API_KEY", OctopusPetShop.ApiKey);
        CliOutcome first;
        try { first = await shop.RunAsync("ci", "--json", "--verbose"); }
        finally { Environment.SetEnvironmentVariable("OCTOPUS_API_KEY", null); }
        Assert.True(File.Exists(Path.Combine(shop.Repo.Path, "artifacts", "test-environment-Dev.txt")));
        Assert.True(first.ExitCode == 0, first.Error + first.Out);

        foreach (var project in Deployable)
        {
            Assert.Equal(["2026.4.0.1"], Releases(project));
            Assert.Equal(TaskState.Success, Assert.Single(Deployments(project, "Dev")).State);
            Assert.Equal(TaskState.Success, Assert.Single(Deployments(project, "Test")).State);
            Assert.Empty(Deployments(project, "Staging"));
        }

        // Waves: the database before the services, both services before web.
        var database = Deployments("database", "Dev")[0];
        var services = new[] { Deployments("product-service", "Dev")[0], Deployments("cart-service", "Dev")[0] };
        var web = Deployments("web", "Dev")[0];
        Assert.All(services, s => Assert.True(s.Start >= database.End, "a service started before the database was deployed"));
        Assert.All(services, s => Assert.True(web.Start >= s.End, "web started before a service was deployed"));

        lock (State.Gate)
        {
            Assert.Equal(4, State.Packages.Count);
            Assert.Equal(Deployable.Length, State.BuildInformation.Count);
            Assert.All(State.Releases, r => Assert.Contains("initial", r.ReleaseNotes, StringComparison.Ordinal));
        }

        // Tests ran locally in Dev with the Octopus variables.
        var tested = shop.TestedLines;
        foreach (var component in Deployable)
            Assert.Contains($"{component} 2026.4.0.1 Dev {component} {shop.Simulator.Url}", tested);

        // --json carries the request count; --verbose lists it by route. The count matches what the server saw.
        using (var json = JsonDocument.Parse(first.Out))
        {
            var requests = json.RootElement.GetProperty("octopusRequests");
            Assert.Equal(shop.Simulator.Requests.Count, requests.GetProperty("total").GetInt32());
            Assert.True(requests.GetProperty("byRoute").GetProperty("POST /api/{space}/releases/create/v1").GetInt32() == 4);
        }

        Assert.Contains("POST /api/{space}/deployments/create/untenanted/v1", first.Error, StringComparison.Ordinal);

        var before = shop.Simulator.Requests.Count;
        var again = await shop.RunAsync("ci", "--verbose");
        Assert.True(again.ExitCode == 0, again.Error + again.Out);
        Assert.Contains("Nothing new", again.Out, StringComparison.Ordinal);
        var rerun = RequestsSince(before);
        Assert.DoesNotContain(rerun, r => r.Method != "GET");
        // A constant set, whatever the number of components: space, projects/all, channels/all, lifecycles/all, the dashboard, the deployed releases.
        Assert.True(rerun.Count <= 6, $"a rerun with nothing new sent {rerun.Count} requests: {string.Join(", ", rerun.Select(r => r.Path))}");
        Assert.Equal(rerun.Count, rerun.Select(r => OctopusSimulatorHost.RouteOf(r.Path)).Distinct().Count());
        Assert.All(Deployable, p => Assert.Single(Deployments(p, "Dev")));
        AssertNoKey(first, again);
    }

    [Fact]
    public async Task One_changed_service_is_the_only_one_released_deployed_and_promoted()
    {
        Assert.Equal(0, (await shop.RunAsync("ci")).ExitCode);
        shop.Repo.Append("cart-service/Program.cs", "\n// discounts");
        shop.Repo.Commit("cart: discounts");

        var before = shop.Simulator.Requests.Count;
        var changed = await shop.RunAsync("ci");

        Assert.True(changed.ExitCode == 0, changed.Error + changed.Out);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], Releases("cart-service"));
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], Deployments("cart-service", "Test").Select(d => d.Version));
        foreach (var other in new[] { "database", "product-service", "web" })
        {
            Assert.Equal(["2026.4.0.1"], Releases(other));
            Assert.Single(Deployments(other, "Dev"));
            Assert.Single(Deployments(other, "Test"));
        }

        var creations = RequestsSince(before).Where(r => r.Method == "POST").ToList();
        Assert.Equal(5, creations.Count); // package, build information, release, Dev, Test
        AssertNoKey(changed);
    }

    [Fact]
    public async Task A_failing_Dev_deployment_stops_its_dependents_and_exits_1_with_the_task_log_then_a_rerun_finishes()
    {
        State.Scripts = (project, environment, _) => project == "database" && environment == "Dev"
            ? new DeploymentScript(TimeSpan.FromMilliseconds(50), "Migration 042_add_prices failed: column 'price' already exists", LogLines: ["Applying 041_init", "Applying 042_add_prices"])
            : null;

        var failed = await shop.RunAsync("ci");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("Migration 042_add_prices failed: column 'price' already exists", failed.Out, StringComparison.Ordinal);
        Assert.Contains("Applying 042_add_prices", failed.Out, StringComparison.Ordinal);
        foreach (var dependent in new[] { "product-service", "cart-service", "web" })
        {
            Assert.Empty(Deployments(dependent, "Dev"));
            Assert.Contains($"{dependent}: Dev Skipped: skipped: it depends on", failed.Out, StringComparison.Ordinal);
        }

        Assert.All(Deployable, p => Assert.Empty(Deployments(p, "Test")));

        State.Scripts = null;
        var fixedRun = await shop.RunAsync("ci");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Error + fixedRun.Out);
        Assert.Equal([TaskState.Failed, TaskState.Success], Deployments("database", "Dev").Select(d => d.State));
        Assert.All(Deployable, p => Assert.Equal(["2026.4.0.1"], Releases(p)));
        Assert.All(Deployable, p => Assert.Single(Deployments(p, "Test")));
        AssertNoKey(failed, fixedRun);
    }

    [Fact]
    public async Task Ten_percent_injected_faults_still_succeed_and_nothing_is_duplicated()
    {
        shop.Simulator.Faults.Seed(42);
        shop.Simulator.Faults.Rate = 0.1;

        var run = await shop.RunAsync("ci", "--verbose");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.True(shop.Simulator.Faults.Injected > 0);
        foreach (var project in Deployable)
        {
            Assert.Equal(["2026.4.0.1"], Releases(project));
            Assert.Single(Deployments(project, "Dev"));
            Assert.Single(Deployments(project, "Test"));
        }

        lock (State.Gate) Assert.Equal(4, State.Packages.Count);
        AssertNoKey(run);
    }

    [Fact]
    public async Task Answers_lost_after_the_server_acted_create_nothing_twice()
    {
        // Every creation is processed, then its answer is lost once: the client must find what it created instead of creating it again.
        var lost = new HashSet<string>();
        shop.Simulator.Faults.Applies = (method, path) => method == "POST" && lost.Add(path);
        shop.Simulator.Faults.Rate = 1;
        shop.Simulator.Faults.Kinds = [FaultKind.LostAnswer];

        var run = await shop.RunAsync("ci");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.All(Deployable, p => Assert.Equal(["2026.4.0.1"], Releases(p)));
        Assert.All(Deployable, p => Assert.Single(Deployments(p, "Dev")));
        Assert.All(Deployable, p => Assert.Single(Deployments(p, "Test")));
    }

    [Fact]
    public async Task Promote_and_deploy_follow_the_lifecycle_on_the_server()
    {
        Assert.Equal(0, (await shop.RunAsync("ci")).ExitCode);

        var early = await shop.RunAsync("deploy", "--to", "Production", "--component", "web");
        var promoted = await shop.RunAsync("promote", "--from", "Test", "--to", "Staging", "--json");
        var production = await shop.RunAsync("deploy", "--to", "Production", "--component", "web");
        var unknown = await shop.RunAsync("deploy", "--to", "Moon");

        Assert.Equal(1, early.ExitCode);
        Assert.Contains("cannot be deployed to environment 'Production'", early.Out, StringComparison.Ordinal);
        Assert.True(promoted.ExitCode == 0, promoted.Error + promoted.Out);
        Assert.All(Deployable, p => Assert.Single(Deployments(p, "Staging")));
        Assert.Contains(shop.TestedLines, l => l.StartsWith("web 2026.4.0.1 Test web ", StringComparison.Ordinal));
        Assert.True(production.ExitCode == 0, production.Error + production.Out);
        Assert.Equal(TaskState.Success, Assert.Single(Deployments("web", "Production")).State);
        Assert.Empty(Deployments("database", "Production"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'Moon' is not in the lifecycle", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_project_is_bad_input_before_anything_is_created()
    {
        await using var partial = await OctopusPetShop.StartAsync(OctopusPetShop.Projects.Where(p => p.Project != "web"));

        var run = await partial.RunAsync("ci");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no project 'web' (component web)", run.Error, StringComparison.Ordinal);
        Assert.Contains("OctoPetShop.Web", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(partial.Simulator.Requests, r => r.Method != "GET");
        Assert.False(Directory.Exists(Path.Combine(partial.Repo.Path, "artifacts", "packages")), "ci built before checking the server");
    }

    [Fact]
    public async Task The_manifest_may_name_the_server_and_space_but_never_a_key()
    {
        var manifest = Path.Combine(shop.Repo.Path, "octo-orchestrate.yaml");
        var original = await File.ReadAllTextAsync(manifest);
        await File.WriteAllTextAsync(manifest, original + $"\noctopus:\n  server: {shop.Simulator.Url}/api\n  space: Default\n");
        shop.Repo.Commit("octopus in the manifest");

        var run = await CliRun.RunAsync(shop.Repo.Path, "status", "--api-key-file", shop.KeyFile, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(shop.Simulator.Requests, r => r.Path == "/api/spaces" && r.Query.Contains("partialName=Default", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(shop.Repo.Path, ".octo-orchestrate")), "the local server was opened");

        await File.WriteAllTextAsync(manifest, original + "\noctopus:\n  server: https://octopus.example.com\n  apiKey: API-COMMITTED\n");
        var refused = await CliRun.RunAsync(shop.Repo.Path, "status", "--api-key-file", shop.KeyFile);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("octo-orchestrate.yaml(", refused.Error, StringComparison.Ordinal);
        Assert.Contains("OCTOPUS_API_KEY", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("API-COMMITTED", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_explained_without_showing_either_key()
    {
        var wrong = Path.Combine(Path.GetDirectoryName(shop.KeyFile)!, "wrong.key");
        await File.WriteAllTextAsync(wrong, "API-WRONGKEY999");

        var run = await CliRun.RunAsync(shop.Repo.Path, "status", "--server", shop.Simulator.Url, "--api-key-file", wrong);

        Assert.Equal(2, run.ExitCode); // Octopus refusing the key is a refusal (exit 2), not a server failure a rerun fixes
        Assert.Contains("401", run.Error, StringComparison.Ordinal);
        Assert.Contains("OCTOPUS_API_KEY", run.Error, StringComparison.Ordinal);
        Assert.Contains("GET /api/spaces/all", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("API-WRONGKEY999", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_past_the_timeout_is_canceled_on_the_server()
    {
        State.Scripts = (project, environment, _) => project == "web" && environment == "Dev" ? new DeploymentScript(TimeSpan.FromMinutes(5)) : null;

        var run = await shop.RunAsync("ci", "--timeout", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("canceled on the Octopus server", run.Out, StringComparison.Ordinal);
        Assert.Equal(TaskState.Canceled, Assert.Single(Deployments("web", "Dev")).State);
        Assert.Empty(Deployments("web", "Test"));
        Assert.Single(Deployments("database", "Test"));
    }

    [Fact]
    public async Task Status_shows_the_dashboard_and_a_failed_latest_is_not_taken_for_current()
    {
        Assert.Equal(0, (await shop.RunAsync("ci")).ExitCode);
        shop.Repo.Append("web/index.html", "<p>sale</p>");
        shop.Repo.Commit("web: sale");
        State.Scripts = (project, environment, _) => project == "web" && environment == "Dev" ? new DeploymentScript(TimeSpan.Zero, "boom") : null;
        Assert.Equal(1, (await shop.RunAsync("ci")).ExitCode);

        var status = await shop.RunAsync("status", "--json");

        Assert.True(status.ExitCode == 0, status.Error);
        using var json = JsonDocument.Parse(status.Out);
        var web = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "web").GetProperty("environments");
        Assert.Equal("2026.4.0.1", web.GetProperty("Dev").GetProperty("version").GetString());
        Assert.Equal("2026.4.0.2", web.GetProperty("Dev").GetProperty("latest").GetProperty("version").GetString());
        Assert.Equal("Failed", web.GetProperty("Dev").GetProperty("latest").GetProperty("state").GetString());
        Assert.Equal("2026.4.0.1", web.GetProperty("Test").GetProperty("version").GetString());
    }
}
