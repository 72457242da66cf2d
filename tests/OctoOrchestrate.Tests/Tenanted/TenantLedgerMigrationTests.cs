using OctoOrchestrate.Deploy;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Tenanted;

public sealed class TenantLedgerMigrationTests
{
    [Fact]
    public async Task A_ledger_from_before_tenants_is_migrated_keeping_what_is_current()
    {
        using var workspace = new ReleaseWorkspace(channels: """
            tenants:
              - name: Acme
                environments: [Production]
                components: [web]
            """);
        ReleaseInfo web;
        await using (var server = workspace.Open())
        {
            web = await workspace.ReleaseAsync(server, "web", "2026.4.0.1");
            await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(web.Id, "Dev"))).Id);
        }

        // Back to schema 2 as that version left it: no tenant column, current per (component, environment).
        var ledger = Path.Combine(workspace.StateDirectory, "ledger.db");
        LedgerFile.Scalar(ledger, """
            ALTER TABLE deployments DROP COLUMN tenant;
            CREATE TABLE old_current (component TEXT NOT NULL, environment TEXT NOT NULL, deployment_id INTEGER NOT NULL REFERENCES deployments(id), PRIMARY KEY (component, environment));
            INSERT INTO old_current SELECT component, environment, deployment_id FROM current_deployments;
            DROP TABLE current_deployments;
            ALTER TABLE old_current RENAME TO current_deployments;
            PRAGMA user_version = 2;
            """);

        await using (var server = workspace.Open())
        {
            Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync("web", "Dev"))!.Version);
            Assert.Null((await server.GetCurrentDeploymentAsync("web", "Dev"))!.Tenant);
            var acme = await TenantDeployStage.DeployAsync(server, workspace.Manifest, [web], "Production", "Acme", new DeployOptions(IgnoreLifecycle: true));
            Assert.True(acme.Succeeded);
            Assert.Equal("Acme", (await server.GetCurrentDeploymentForTenantAsync("web", "Production", "Acme"))!.Tenant);
        }

        Assert.Equal(3L, LedgerFile.Scalar(ledger, "PRAGMA user_version;"));
        Assert.Equal("|Dev,Acme|Production", LedgerFile.Scalar(ledger, "SELECT group_concat(tenant || '|' || environment, ',') FROM (SELECT * FROM current_deployments ORDER BY environment)"));
    }
}
