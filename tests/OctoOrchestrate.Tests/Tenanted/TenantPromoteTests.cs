using OctoOrchestrate.Deploy;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Tests.Tenanted;

/// <summary>The tested promotion (<c>promote --from A --to B --tenant</c>) on the embedded server: real tests, real installs, a real ledger.</summary>
public sealed class TenantPromoteTests
{
    static readonly string[] Deployables = ["database", "cart", "api", "web", "docs"];

    // Tenants only in Production: what is tested untenanted in Test goes to each tenant there.
    const string ProductionTenants = """
        tenants:
          - name: Acme
            environments: [Production]
            components: [api, web]
          - name: Globex
            environments: [Production]
            components: [web]
        """;

    static string Install(ReleaseWorkspace workspace, params string[] parts) => Path.Combine([workspace.StateDirectory, "environments", .. parts]);

    static async Task<ReleaseWorkspace> InTestAsync()
    {
        var workspace = new ReleaseWorkspace(channels: ProductionTenants);
        await using var server = workspace.Open();
        var releases = (await ReleaseStage.CreateReleasesAsync(server, workspace.Manifest, Deployables.Select(c => workspace.Packed(c, "2026.4.0.1")))).Releases;
        Assert.True((await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Dev")).Succeeded);
        Assert.True((await DeployStage.DeployAsync(server, workspace.Manifest, releases, "Test")).Succeeded);
        return workspace;
    }

    static async Task<StageResult> PromoteAsync(ReleaseWorkspace workspace, IReleaseServer server, string? tenant)
    {
        var verified = await VerifyStage.VerifyAsync(server, workspace.Manifest, "Test", Deployables);
        return await PromoteStage.PromoteAsync(server, workspace.Manifest, verified, "Test", "Production", tenantSelection: tenant);
    }

    static List<string> Rows(StageResult result) => result.Components.Select(c => $"{c.Component}/{c.Tenant ?? "-"}/{c.Outcome}").Order().ToList();

    [Fact]
    public async Task A_tenant_gets_only_its_components_and_untenanted_ones_promote_once()
    {
        using var workspace = await InTestAsync();
        await using var server = workspace.Open();

        var acme = await PromoteAsync(workspace, server, "acme");
        var all = await PromoteAsync(workspace, server, Tenants.All);

        Assert.True(acme.Succeeded);
        Assert.Equal(["api/Acme/Deployed", "cart/-/Deployed", "database/-/Deployed", "docs/-/Deployed", "web/Acme/Deployed"], Rows(acme));
        Assert.True(File.Exists(Install(workspace, "Production", "Acme", "web", "2026.4.0.1", "app.txt")));
        Assert.True(File.Exists(Install(workspace, "Production", "Acme", "api", "2026.4.0.1", "app.txt")));
        Assert.False(Directory.Exists(Install(workspace, "Production", "web")), "web is tenanted in Production: never untenanted there");
        Assert.False(Directory.Exists(Install(workspace, "Production", "api")), "api is tenanted in Production: never untenanted there");
        Assert.True(File.Exists(Install(workspace, "Production", "database", "2026.4.0.1", "app.txt")));

        // Every tenant: only Globex's web is new; the untenanted ones and Acme's are current and stay deployed once.
        Assert.True(all.Succeeded);
        Assert.Equal(["api/Acme/AlreadyDeployed", "cart/-/AlreadyDeployed", "database/-/AlreadyDeployed", "docs/-/AlreadyDeployed", "web/Acme/AlreadyDeployed", "web/Globex/Deployed"], Rows(all));
        Assert.False(Directory.Exists(Install(workspace, "Production", "Globex", "api")), "Globex does not get api");
        Assert.Single(workspace.DeployedVersions("Production", "database"));
        Assert.Equal(2, workspace.DeployedVersions("Production", "web").Length); // once for Acme, once for Globex
        Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Globex"))!.Version);
        Assert.Null(await server.GetCurrentDeploymentForTenantAsync("api", "Production", "Globex"));
        Assert.Null(await server.GetCurrentDeploymentAsync("web", "Production"));
    }

    [Fact]
    public async Task Without_a_tenant_tenanted_components_are_not_for_tenant_and_failed_tests_keep_a_tenants_dependents_back()
    {
        using var workspace = await InTestAsync();
        await using var server = workspace.Open();

        var untenanted = await PromoteAsync(workspace, server, null);
        workspace.Touch("failtest.api");
        var globex = await PromoteAsync(workspace, server, "Globex");

        Assert.True(untenanted.Succeeded);
        Assert.Equal(["api/-/NotForTenant", "cart/-/Deployed", "database/-/Deployed", "docs/-/Deployed", "web/-/NotForTenant"], Rows(untenanted));
        Assert.Contains("--tenant", untenanted["web"]!.Reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Install(workspace, "Production", "web")));

        // api failed its tests in Test: it stays, and Globex's web (which depends on it) stays with it, not promoted.
        Assert.False(globex.Succeeded);
        var web = globex.Components.Single(c => c.Component == "web");
        Assert.Equal(("Globex", Outcome.NotPromoted), (web.Tenant, web.Outcome));
        Assert.Equal(Outcome.NotPromoted, globex.Components.Single(c => c.Component == "api").Outcome);
        Assert.False(Directory.Exists(Install(workspace, "Production", "Globex", "web")));
        Assert.Null(await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Globex"));
    }

    [Fact]
    public async Task The_cli_promotes_per_tenant_and_refuses_a_tenant_it_cannot_honour()
    {
        using var workspace = await InTestAsync();

        var promote = await CliRun.RunAsync(workspace.Root, "promote", "--from", "Test", "--to", "Production", "--tenant", "*");
        var unknown = await CliRun.RunAsync(workspace.Root, "promote", "--from", "Test", "--to", "Production", "--tenant", "Globx");
        var train = await CliRun.RunAsync(workspace.Root, "promote", "--to", "Production", "--tenant", "Acmee"); // the train: same validation

        Assert.True(promote.ExitCode == 0, promote.Out + promote.Error);
        Assert.Contains("web (Globex)", promote.Out, StringComparison.Ordinal);
        Assert.Contains("web (Acme)", promote.Out, StringComparison.Ordinal);
        foreach (var tenant in new[] { "Acme", "Globex" })
            Assert.True(File.Exists(Install(workspace, "Production", tenant, "web", "2026.4.0.1", "app.txt")), tenant);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Did you mean 'Globex'?", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("--tenant Acmee: no such tenant", train.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Acme'?", train.Error, StringComparison.Ordinal);
    }
}
