using System.Diagnostics;
using System.IO.Compression;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>The Octopus backend through the port, against the simulator: name lookup, retries, batching, spaces, connection input.</summary>
public sealed class OctopusReleaseServerTests : IAsyncLifetime
{
    OctopusPetShop shop = null!;

    public async Task InitializeAsync() => shop = await OctopusPetShop.StartAsync();

    public async Task DisposeAsync() => await shop.DisposeAsync();

    MonorepoManifest Manifest => ManifestLoader.Load(Path.Combine(shop.Repo.Path, "octo-orchestrate.yaml"));

    OctopusReleaseServer Open(OctopusOptions? options = null, string? space = null) =>
        OctopusReleaseServer.Open(Manifest, OctopusConnection.Create(shop.Simulator.Url, OctopusPetShop.ApiKey, space),
            options ?? new OctopusOptions { PollInterval = TimeSpan.FromMilliseconds(50), RetryDelay = TimeSpan.FromMilliseconds(10) });

    string Package(string packageId, string version)
    {
        var path = Path.Combine(shop.Repo.Path, "artifacts", "packages", $"{packageId}.{version}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        zip.CreateEntry("content.txt");
        return path;
    }

    Task<ReleaseInfo> ReleaseAsync(OctopusReleaseServer server, string component, string packageId, string version) =>
        server.CreateReleaseAsync(new NewRelease(component, version, Package(packageId, version), "abc", "notes", "Default"));

    [Fact]
    public async Task The_exact_project_is_found_among_names_that_contain_it_with_one_read_for_all_components()
    {
        var lifecycle = shop.Simulator.State.Lifecycles[0].Id;
        for (var i = 0; i < 35; i++) shop.Simulator.State.AddProject($"a-web-clone-{i:00}", lifecycle); // sort before "web", contain "web"
        shop.Simulator.State.AddProject("WEB-legacy", lifecycle);
        await using var server = Open();

        var release = await ReleaseAsync(server, "web", "OctoPetShop.Web", "2026.4.0.1");

        var web = shop.Simulator.State.Projects.Single(p => p.Name == "web");
        Assert.Equal(web.Id, shop.Simulator.State.Releases.Single(r => r.Id == release.Id).ProjectId);
        Assert.Single(shop.Simulator.Requests, r => OctopusSimulatorHost.RouteOf(r.Path) == "/api/{space}/projects/all");
        Assert.DoesNotContain(shop.Simulator.Requests, r => OctopusSimulatorHost.RouteOf(r.Path) is "/api/{space}/projects" or "/api/{space}/projects/{id}/channels" or "/api/{space}/lifecycles/{id}");
    }

    [Fact]
    public async Task Resolving_any_number_of_components_takes_the_same_five_requests()
    {
        await using var server = Open();

        Assert.Equal(["Dev", "Test", "Staging", "Production"], (await server.GetLifecycleAsync()).Environments);
        await server.GetCurrentDeploymentAsync("web", "Dev"); // served by the dashboard read during resolution

        Assert.Equal(
            ["/api/spaces/all", "/api/{space}/channels/all", "/api/{space}/dashboard/dynamic", "/api/{space}/lifecycles/all", "/api/{space}/projects/all"],
            shop.Simulator.Requests.Select(r => OctopusSimulatorHost.RouteOf(r.Path)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_failure_names_the_call()
    {
        shop.Simulator.Faults.Kinds = [FaultKind.ServiceUnavailable];
        shop.Simulator.Faults.Rate = 1;
        await using var server = Open(new OctopusOptions { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAnyAsync<OctoOrchestrateException>(() => server.GetLifecycleAsync());

        Assert.Equal(ExitCodes.ReleaseServerFailed, error.ExitCode);
        Assert.Contains("GET /api/spaces/all", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, shop.Simulator.Requests.Count);
        Assert.DoesNotContain(OctopusPetShop.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropped_connections_are_retried_then_reported_as_unreachable()
    {
        shop.Simulator.Faults.Next(FaultKind.DropConnection, FaultKind.DropConnection);
        await using (var server = Open())
            Assert.Equal(["Dev", "Test", "Staging", "Production"], (await server.GetLifecycleAsync()).Environments);

        shop.Simulator.Faults.Kinds = [FaultKind.DropConnection];
        shop.Simulator.Faults.Rate = 1;
        await using var failing = Open(new OctopusOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var error = await Assert.ThrowsAsync<OctopusTransportException>(() => failing.GetLifecycleAsync());
        Assert.Contains("GET /api/spaces/all", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_past_the_request_timeout_is_retried()
    {
        shop.Simulator.Faults.SlowDelay = TimeSpan.FromMinutes(2);
        shop.Simulator.Faults.Next(FaultKind.Slow);
        await using var server = Open(new OctopusOptions { RequestTimeout = TimeSpan.FromSeconds(5), RetryDelay = TimeSpan.FromMilliseconds(10) });

        await server.GetLifecycleAsync();

        Assert.Equal(1, shop.Simulator.Faults.Injected);
        Assert.True(server.RequestCounts["GET /api/spaces/all"] >= 2, "the slow answer was not abandoned and retried");
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        shop.Simulator.Faults.RetryAfterSeconds = 1;
        shop.Simulator.Faults.Next(FaultKind.RateLimited);
        await using var server = Open(new OctopusOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });

        var clock = Stopwatch.StartNew();
        await server.GetLifecycleAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, before the Retry-After of 1 s");
        Assert.Equal(2, server.RequestCounts["GET /api/spaces/all"]);
    }

    [Fact]
    public async Task A_wave_is_waited_for_with_one_batched_task_poll()
    {
        shop.Simulator.State.DefaultDuration = TimeSpan.FromMilliseconds(400);
        await using var server = Open();
        var releases = new[]
        {
            await ReleaseAsync(server, "database", "OctoPetShop.Database", "2026.4.0.1"),
            await ReleaseAsync(server, "product-service", "OctoPetShop.ProductService", "2026.4.0.1"),
            await ReleaseAsync(server, "cart-service", "OctoPetShop.CartService", "2026.4.0.1"),
        };

        var deployments = new List<DeploymentInfo>();
        foreach (var release in releases) deployments.Add(await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev")));
        var done = await Task.WhenAll(deployments.Select(d => server.WaitForDeploymentAsync(d.Id)));

        Assert.All(done, d => Assert.Equal(DeploymentState.Success, d.State));
        var polls = shop.Simulator.Requests.Where(r => r.Method == "GET" && r.Path == "/api/Spaces-1/tasks").ToList();
        Assert.NotEmpty(polls);
        Assert.Contains(polls, p => p.Query.Split("ids=")[1].Split('&')[0].Split(',').Length == 3);
        Assert.DoesNotContain(shop.Simulator.Requests, r => r.Path.StartsWith("/api/tasks/", StringComparison.Ordinal) || r.Path.StartsWith("/api/Spaces-1/tasks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_deployment_is_bad_input_with_the_servers_words()
    {
        await using var server = Open();
        var release = await ReleaseAsync(server, "web", "OctoPetShop.Web", "2026.4.0.1");

        var error = await Assert.ThrowsAsync<BadInputException>(() => server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Test")));

        Assert.Contains("cannot be deployed to environment 'Test'", error.Message, StringComparison.Ordinal);
        Assert.Empty(shop.Simulator.State.Deployments);
    }

    [Fact]
    public async Task A_space_is_found_by_name_or_id_and_an_unknown_one_is_bad_input()
    {
        var state = shop.Simulator.State;
        var ops = state.AddSpace("Pet Ops");
        foreach (var name in new[] { "Dev", "Test" }) state.AddEnvironment(name, ops.Id);
        var lifecycle = state.AddLifecycle("Ops", [["Dev"], ["Test"]], ops.Id);
        foreach (var (project, packageId) in OctopusPetShop.Projects) state.AddProject(project, lifecycle.Id, packageId, ops.Id, [("Default", "*.*.0.*", true), ("Hotfix", null, false)]);

        await using (var byName = Open(space: "Pet Ops"))
            Assert.Equal(["Dev", "Test"], (await byName.GetLifecycleAsync()).Environments);
        await using (var byId = Open(space: ops.Id))
        {
            var release = await ReleaseAsync(byId, "web", "OctoPetShop.Web", "2026.4.0.1");
            Assert.Equal(ops.Id, state.Releases.Single(r => r.Id == release.Id).SpaceId);
        }

        await using var unknown = Open(space: "Pet");
        var error = await Assert.ThrowsAsync<BadInputException>(() => unknown.GetLifecycleAsync());
        Assert.Contains("--space Pet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_channel_is_bad_input_naming_project_and_channel()
    {
        var state = shop.Simulator.State;
        lock (state.Gate) state.Channels.RemoveAll(c => c.Name == "Hotfix" && c.ProjectId == state.Projects.Single(p => p.Name == "cart-service").Id);
        await using var server = Open();

        var error = await Assert.ThrowsAsync<BadInputException>(() => server.GetLifecycleAsync());

        Assert.Contains("project 'cart-service' has no channel 'Hotfix'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shop.Simulator.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task A_manual_intervention_holds_the_deployment_until_the_approval_is_submitted()
    {
        shop.Simulator.State.Scripts = (project, _, _) => project == "web" ? new DeploymentScript(TimeSpan.FromMilliseconds(50), ManualIntervention: true) : null;
        var news = new List<string>();
        await using var server = Open(new OctopusOptions { PollInterval = TimeSpan.FromMilliseconds(50), Progress = new SynchronousProgress(news) });
        var release = await ReleaseAsync(server, "web", "OctoPetShop.Web", "2026.4.0.1");
        var deployment = await server.StartDeploymentAsync(new DeploymentRequest(release.Id, "Dev"));
        var waiting = server.WaitForDeploymentAsync(deployment.Id);

        Approval approval;
        while (true)
        {
            try
            {
                approval = await server.RequestApprovalAsync("release web", [deployment.Id]);
                break;
            }
            catch (BadInputException) when (!waiting.IsCompleted)
            {
                await Task.Delay(20); // not paused yet
            }
        }

        Assert.Equal(ApprovalState.Pending, approval.State);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Reported(news, "waiting for a manual intervention") && DateTime.UtcNow < deadline) await Task.Delay(20); // the poll sees the pause
        Assert.False(waiting.IsCompleted);
        var decided = await server.SubmitApprovalAsync(approval.Id, approve: true, "release manager", "looks good");

        Assert.Equal(ApprovalState.Approved, decided.State);
        Assert.Equal(DeploymentState.Success, (await waiting).State);
        Assert.Equal(ApprovalState.Approved, (await server.GetApprovalAsync(approval.Id)).State);
        Assert.True(Reported(news, "waiting for a manual intervention"));
    }

    static bool Reported(List<string> news, string text)
    {
        lock (news) return news.Any(n => n.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Versions_count_past_the_releases_already_in_Octopus()
    {
        await using (var server = Open())
            await ReleaseAsync(server, "cart-service", "OctoPetShop.CartService", "2026.4.0.5");

        var run = await shop.RunAsync("ci");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        lock (shop.Simulator.State.Gate)
        {
            var cart = shop.Simulator.State.Projects.Single(p => p.Name == "cart-service").Id;
            Assert.Equal(["2026.4.0.5", "2026.4.0.6"], shop.Simulator.State.Releases.Where(r => r.ProjectId == cart).Select(r => r.Version));
        }
    }

    sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines) lines.Add(value);
        }
    }

    [Theory]
    [InlineData("https://octopus.example.com", "https://octopus.example.com/")]
    [InlineData("https://octopus.example.com/", "https://octopus.example.com/")]
    [InlineData("https://octopus.example.com/api", "https://octopus.example.com/")]
    [InlineData("https://octopus.example.com/api/", "https://octopus.example.com/")]
    [InlineData("http://host:8080/octopus/api", "http://host:8080/octopus/")]
    public void A_server_url_may_end_in_a_slash_or_api(string given, string root) =>
        Assert.Equal(root, OctopusConnection.Create(given, "API-KEY").ServerUrl.ToString());

    [Theory]
    [InlineData("octopus.example.com")]
    [InlineData("ftp://octopus.example.com")]
    [InlineData("https://user:API-SECRET@octopus.example.com")]
    [InlineData("https://octopus.example.com/?apikey=API-SECRET")]
    public void A_bad_server_url_is_bad_input_without_echoing_secrets(string given)
    {
        var error = Assert.ThrowsAny<BadInputException>(() => OctopusConnection.Create(given, "API-KEY"));
        Assert.Contains("--server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("API-KEY", error.Message, StringComparison.Ordinal);
    }
}
