using System.Text.Json;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Tenanted;

/// <summary>Tenanted deployments on the embedded server: a real ledger, real deploy scripts, real install folders.</summary>
public sealed class TenantDeployTests
{
    static readonly string[] Deployables = ["database", "cart", "api", "web", "docs"];

    // Extra top-level YAML after 'environments: [Dev, Test, Production]'. Acme gets api and web in Production; Globex gets web in Test and Production.
    const string TwoTenants = """
        tenants:
          - name: Acme
            environments: [Production]
            components: [api, web]
          - name: Globex
            environments: [Test, Production]
            components: [web]
        """;

    static async Task<IReadOnlyList<ReleaseInfo>> ReleaseAllAsync(ReleaseWorkspace workspace, IReleaseServer server, string version = "2026.4.0.1") =>
        (await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, Deployables.Select(c => workspace.Packed(c, version)))).Releases;

    static readonly DeployOptions NoLifecycle = new(IgnoreLifecycle: true);

    static string Install(ReleaseWorkspace workspace, params string[] parts) => Path.Combine([workspace.StateDirectory, "environments", .. parts]);

    [Fact]
    public async Task Every_tenant_gets_only_its_components_and_untenanted_components_deploy_once()
    {
        using var workspace = new ReleaseWorkspace(channels: TwoTenants);
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);

        var result = await TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "production", Tenants.All, NoLifecycle);

        Assert.True(result.Succeeded);
        var deployed = result.Components.Select(c => $"{c.Component}/{c.Tenant ?? "-"}/{c.Outcome}").Order().ToList();
        Assert.Equal(["api/Acme/Deployed", "cart/-/Deployed", "database/-/Deployed", "docs/-/Deployed", "web/Acme/Deployed", "web/Globex/Deployed"], deployed);
        foreach (var (tenant, component) in new[] { ("Acme", "api"), ("Acme", "web"), ("Globex", "web") })
            Assert.True(File.Exists(Install(workspace, "Production", tenant, component, "2026.4.0.1", "app.txt")), $"{tenant}/{component} installed");
        Assert.False(Directory.Exists(Install(workspace, "Production", "Globex", "api")), "Globex does not get api");
        Assert.False(Directory.Exists(Install(workspace, "Production", "web")), "web is tenanted in Production: never untenanted there");
        Assert.True(File.Exists(Install(workspace, "Production", "database", "2026.4.0.1", "app.txt")));
        Assert.Single(workspace.DeployedVersions("Production", "database"));
        Assert.Equal(2, workspace.DeployedVersions("Production", "web").Length); // the deploy script ran once per tenant
        Assert.Equal("2026.4.0.1\n", File.ReadAllText(Install(workspace, "Production", "Acme", "web", "current")));

        // One tenant again: untenanted ones and its own are already current; what it does not get is reported, not failed.
        var globex = await TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "Production", "globex", NoLifecycle);
        Assert.True(globex.Succeeded);
        Assert.Equal(Outcome.AlreadyDeployed, globex.Components.Single(c => c.Component == "web").Outcome);
        Assert.Equal("Globex", globex.Components.Single(c => c.Component == "web").Tenant);
        Assert.Equal(Outcome.NotForTenant, globex["api"]!.Outcome);
        Assert.Contains("not connected to tenant Globex", globex["api"]!.Reason, StringComparison.Ordinal);
        Assert.All(globex.Components.Where(c => c.Component is "database" or "cart" or "docs"), c => Assert.Equal(Outcome.AlreadyDeployed, c.Outcome));
    }

    [Fact]
    public async Task Without_a_tenant_tenanted_components_are_not_deployed_and_where_no_tenant_is_connected_they_deploy_untenanted()
    {
        using var workspace = new ReleaseWorkspace(channels: TwoTenants);
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);

        var dev = await TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev", null);
        var test = await TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "Test", null);

        Assert.All(dev.Components, c => Assert.Equal(Outcome.Deployed, c.Outcome)); // no tenant is connected to Dev
        Assert.All(dev.Components, c => Assert.Null(c.Tenant));
        Assert.Equal(Outcome.NotForTenant, test["web"]!.Outcome); // Globex gets web in Test
        Assert.Contains("--tenant", test["web"]!.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.Deployed, test["api"]!.Outcome); // nobody gets api in Test: untenanted there
        Assert.True(test.Succeeded);
        Assert.Null(await server.GetCurrentDeploymentAsync("web", "Test"));
    }

    [Fact]
    public async Task A_tenant_named_explicitly_must_exist_and_be_connected_to_the_environment()
    {
        using var workspace = new ReleaseWorkspace(channels: TwoTenants);
        await using var server = workspace.Open();
        var releases = await ReleaseAllAsync(workspace, server);

        var unknown = await Assert.ThrowsAsync<BadInputException>(() => TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "Production", "Acne"));
        var notConnected = await Assert.ThrowsAsync<BadInputException>(() => TenantDeployStage.DeployAsync(server, workspace.Manifest, releases, "Test", "Acme"));
        var direct = await Assert.ThrowsAsync<BadInputException>(() =>
            server.StartDeploymentAsync(new DeploymentRequest(releases.Single(r => r.Component == "api").Id, "Production", IgnoreLifecycle: true) { Tenant = "Globex" }));

        Assert.Contains("Did you mean 'Acme'?", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("not connected to Test (its environments: Production)", notConnected.Message, StringComparison.Ordinal);
        Assert.Contains("Globex does not get api", direct.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(workspace.StateDirectory, "environments", "Production")), "nothing deployed");
    }

    [Fact]
    public async Task What_is_current_is_kept_per_tenant_and_a_failure_for_one_tenant_leaves_the_others()
    {
        using var workspace = new ReleaseWorkspace(channels: TwoTenants);
        await using var server = workspace.Open();
        var first = await ReleaseAllAsync(workspace, server);
        var second = await ReleaseAllAsync(workspace, server, "2026.4.0.2");
        await TenantDeployStage.DeployAsync(server, workspace.Manifest, first, "Production", Tenants.All, NoLifecycle);

        var acme = await TenantDeployStage.DeployAsync(server, workspace.Manifest, second, "Production", "Acme", NoLifecycle);
        workspace.Touch("fail.web");
        var globex = await TenantDeployStage.DeployAsync(server, workspace.Manifest, second, "Production", "Globex", NoLifecycle);

        Assert.True(acme.Succeeded);
        Assert.False(globex.Succeeded);
        Assert.Equal("2026.4.0.2", (await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Acme"))!.Version);
        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Globex"))!.Version);
        Assert.Null(await server.GetCurrentDeploymentAsync("web", "Production"));
        var cells = await server.GetTenantDashboardAsync();
        var globexWeb = cells.Single(c => c.Component == "web" && c.Tenant == "Globex");
        Assert.Equal(("2026.4.0.1", DeploymentState.Failed), (globexWeb.Current!.Version, globexWeb.Latest.State));
        Assert.Equal(["Acme", "Globex"], cells.Where(c => c.Component == "web").Select(c => c.Tenant).Order());
        Assert.DoesNotContain(await server.GetDashboardAsync(), d => d.Component is "web" or "api");
    }

    [Fact]
    public async Task The_cli_deploys_per_tenant_and_status_shows_each_tenant()
    {
        using var workspace = new ReleaseWorkspace(channels: TwoTenants);
        await using (var server = workspace.Open()) await ReleaseAllAsync(workspace, server);

        var deploy = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Production", "--tenant", "*", "--force");
        var status = await CliRun.RunAsync(workspace.Root, "status", "--tenant", "Acme", "--json");
        var table = await CliRun.RunAsync(workspace.Root, "status", "--tenant", "*");
        var unknown = await CliRun.RunAsync(workspace.Root, "deploy", "--to", "Production", "--tenant", "Globx");

        Assert.True(deploy.ExitCode == 0, deploy.Out + deploy.Error);
        Assert.Contains("web (Globex)", deploy.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        var rows = JsonDocument.Parse(status.Out).RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["api", "web"], rows.Select(r => r.GetProperty("component").GetString()).Order());
        Assert.All(rows, r => Assert.Equal("Acme", r.GetProperty("tenant").GetString()));
        Assert.All(rows, r => Assert.Equal("2026.4.0.1", r.GetProperty("environments").GetProperty("Production").GetProperty("version").GetString()));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("environments").GetProperty("Test").ValueKind));
        Assert.Equal(3, table.Out.Split('\n').Count(l => l.Contains("2026.4.0.1", StringComparison.Ordinal))); // Acme api, Acme web, Globex web
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Did you mean 'Globex'?", unknown.Error, StringComparison.Ordinal);
    }
}
