using System.IO.Compression;
using System.Text.Json;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Tenanted;

/// <summary>Tenanted deployments on the Octopus backend, over real HTTP to the simulator.</summary>
public sealed class OctopusTenantTests : IAsyncLifetime
{
    // Acme gets web and cart-service in Production; Globex gets web in Staging and Production. "Acme-Corp" contains "Acme": found only by exact name.
    const string TenantsYaml = """

        tenants:
          - name: Acme
            environments: [Production]
            components: [web, cart-service]
          - name: Globex
            environments: [Staging, Production]
            components: [web]
        """;

    static readonly (string Component, string PackageId)[] Components =
        [("database", "OctoPetShop.Database"), ("product-service", "OctoPetShop.ProductService"), ("cart-service", "OctoPetShop.CartService"), ("web", "OctoPetShop.Web")];

    OctopusPetShop shop = null!;

    public async Task InitializeAsync()
    {
        shop = await OctopusPetShop.StartAsync();
        File.AppendAllText(Path.Combine(shop.Repo.Path, "octo-orchestrate.yaml"), TenantsYaml);
        var state = shop.Simulator.State;
        state.AddTenant("Acme-Corp", ["web", "cart-service"], ["Production"]);
        state.AddTenant("Acme", ["web", "cart-service"], ["Production"]);
        state.AddTenant("Globex", ["web"], ["Staging", "Production"]);
    }

    public async Task DisposeAsync() => await shop.DisposeAsync();

    MonorepoManifest Manifest => ManifestLoader.Load(Path.Combine(shop.Repo.Path, "octo-orchestrate.yaml"));

    OctopusReleaseServer Open() =>
        OctopusReleaseServer.Open(Manifest, OctopusConnection.Create(shop.Simulator.Url, OctopusPetShop.ApiKey, null),
            new OctopusOptions { PollInterval = TimeSpan.FromMilliseconds(50), RetryDelay = TimeSpan.FromMilliseconds(10) });

    async Task<List<ReleaseInfo>> ReleaseAllAsync(OctopusReleaseServer server, string version)
    {
        var releases = new List<ReleaseInfo>();
        foreach (var (component, packageId) in Components)
        {
            var path = Path.Combine(shop.Repo.Path, "artifacts", "packages", $"{packageId}.{version}.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("content.txt");
            releases.Add(await server.CreateReleaseAsync(new NewRelease(component, version, path, "abc", "notes", "Default")));
        }

        return releases;
    }

    [Fact]
    public async Task Tenants_get_tenanted_deployments_of_only_their_projects_and_what_is_current_is_read_per_tenant()
    {
        await using var server = Open();
        var releases = await ReleaseAllAsync(server, "2026.4.0.1");
        foreach (var environment in new[] { "Dev", "Test" })
            Assert.True((await TenantDeployStage.DeployAsync(server, Manifest, releases, environment, Tenants.All)).Succeeded);

        var staging = await TenantDeployStage.DeployAsync(server, Manifest, releases, "Staging", Tenants.All);
        var production = await TenantDeployStage.DeployAsync(server, Manifest, releases, "Production", Tenants.All);

        Assert.True(staging.Succeeded, string.Join("; ", staging.Components.Select(c => $"{c.Component} {c.Outcome} {c.Reason}")));
        Assert.True(production.Succeeded, string.Join("; ", production.Components.Select(c => $"{c.Component} {c.Outcome} {c.Reason}")));
        Assert.Equal(["database/-", "product-service/-", "cart-service/-", "web/Globex"], staging.Components.Select(c => $"{c.Component}/{c.Tenant ?? "-"}"));
        Assert.Equal(["cart-service/Acme", "database/-", "product-service/-", "web/Acme", "web/Globex"],
            production.Components.Select(c => $"{c.Component}/{c.Tenant ?? "-"}").Order());
        var sim = shop.Simulator.State;
        string TenantName(string? id) => id is null ? "-" : sim.Tenants.Single(t => t.Id == id).Name;
        string Project(string id) => sim.Projects.Single(p => p.Id == id).Name;
        var inProduction = sim.Deployments.Where(d => sim.Environments.Single(e => e.Id == d.EnvironmentId).Name == "Production")
            .Select(d => $"{Project(d.ProjectId)}/{TenantName(d.TenantId)}").Order().ToList();
        Assert.Equal(["cart-service/Acme", "database/-", "product-service/-", "web/Acme", "web/Globex"], inProduction); // nothing for Acme-Corp, no untenanted web
        var creates = shop.Simulator.Requests.Where(r => r.Path.EndsWith("/deployments/create/tenanted/v1", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, creates.Count); // Globex web in Staging; Acme web + cart-service, Globex web in Production
        Assert.All(creates, r => Assert.Contains("Tenants", r.BodyKeys));
        Assert.All(creates, r => Assert.Contains("EnvironmentName", r.BodyKeys));

        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Acme"))!.Version);
        Assert.Null(await server.GetCurrentDeploymentForTenantAsync("cart-service", "Production", "Globex"));
        Assert.Null(await server.GetCurrentDeploymentAsync("web", "Production")); // the tenanted items are not the untenanted cell
        var cells = await server.GetTenantDashboardAsync();
        Assert.Equal(["cart-service/Production/Acme", "web/Production/Acme", "web/Production/Globex", "web/Staging/Globex"],
            cells.Select(c => $"{c.Component}/{c.Environment}/{c.Tenant}").Order());
        Assert.DoesNotContain(await server.GetDashboardAsync(), d => d.Component == "web" && d.Environment is "Staging" or "Production");

        // A second run: every tenant's deployment is already current, nothing is created again.
        var again = await TenantDeployStage.DeployAsync(server, Manifest, releases, "Production", Tenants.All);
        Assert.All(again.Components, c => Assert.Equal(Outcome.AlreadyDeployed, c.Outcome));
        Assert.Equal(4, shop.Simulator.Requests.Count(r => r.Path.EndsWith("/deployments/create/tenanted/v1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_tenant_missing_on_the_server_or_not_connected_there_is_bad_input_naming_it()
    {
        shop.Simulator.State.Tenants.RemoveAll(t => t.Name == "Globex");
        await using var server = Open();
        var releases = await ReleaseAllAsync(server, "2026.4.0.1");
        var web = releases.Single(r => r.Component == "web");

        var missing = await Assert.ThrowsAsync<BadInputException>(() => server.StartDeploymentAsync(new DeploymentRequest(web.Id, "Dev") { Tenant = "Globex" }));
        var notConnected = await Assert.ThrowsAsync<BadInputException>(() => server.StartDeploymentAsync(new DeploymentRequest(web.Id, "Dev") { Tenant = "Acme" }));

        Assert.Contains("has no tenant 'Globex' (it has Acme-Corp, Acme)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not connected to project 'web' in environment 'Dev'", notConnected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shop.Simulator.State.Deployments, d => d.TenantId is not null);
    }

    [Fact]
    public async Task The_cli_deploys_for_a_tenant_and_status_shows_its_versions()
    {
        await using (var server = Open())
        {
            var releases = await ReleaseAllAsync(server, "2026.4.0.1");
            foreach (var environment in new[] { "Dev", "Test", "Staging" })
                Assert.True((await TenantDeployStage.DeployAsync(server, Manifest, releases, environment, Tenants.All)).Succeeded);
        }

        var deploy = await shop.RunAsync("deploy", "--to", "Production", "--tenant", "Acme");
        var status = await shop.RunAsync("status", "--tenant", "*", "--json");

        Assert.True(deploy.ExitCode == 0, deploy.Out + deploy.Error);
        Assert.Contains("web (Acme)", deploy.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("(Globex)", deploy.Out, StringComparison.Ordinal); // Globex's web is not deployed by --tenant Acme
        Assert.Equal(0, status.ExitCode);
        var rows = JsonDocument.Parse(status.Out).RootElement.GetProperty("components").EnumerateArray()
            .Select(r => (Tenant: r.GetProperty("tenant").GetString(), Component: r.GetProperty("component").GetString(), Environments: r.GetProperty("environments"))).ToList();
        string? Version(string tenant, string component, string environment) =>
            rows.Single(r => r.Tenant == tenant && r.Component == component).Environments.GetProperty(environment) is { ValueKind: JsonValueKind.Object } cell
                ? cell.GetProperty("version").GetString() : null;
        Assert.Equal("2026.4.0.1", Version("Acme", "web", "Production"));
        Assert.Equal("2026.4.0.1", Version("Acme", "cart-service", "Production"));
        Assert.Equal("2026.4.0.1", Version("Globex", "web", "Staging"));
        Assert.Null(Version("Globex", "web", "Production"));
    }
}
