using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Train;

namespace OctoOrchestrate.Tests.Tenanted;

/// <summary>A train's snapshot records what every tenant connected to the environment holds, and history shows it.</summary>
public sealed class TenantTrainSnapshotTests
{
    // Acme gets web and api in Staging, Globex only web; Dev and Test have no tenants.
    const string Tenants = """

        tenants:
          - name: Acme
            environments: [Staging]
            components: [web, api]
          - name: Globex
            environments: [Staging]
            components: [web]
        """;

    [Fact]
    public async Task The_snapshot_holds_each_tenants_versions_and_history_shows_them()
    {
        using var train = new TrainWorkspace(TrainWorkspace.Components + Tenants);
        foreach (var component in new[] { "database", "worker" }) await train.ReleaseAsync(component, "2026.4.0.1", "Test");
        foreach (var component in new[] { "api", "web" }) await train.ReleaseAsync(component, "2026.4.0.9", "Test");
        await using (var server = train.Open())
        {
            foreach (var (tenant, component, version) in new[] { ("Acme", "web", "2026.4.0.1"), ("Acme", "api", "2026.4.0.2"), ("Globex", "web", "2026.4.0.3") })
            {
                var release = await server.CreateReleaseAsync(new NewRelease(component, version, train.Inner.Package(component, version), "abc1234def", "- change"));
                var deployment = await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(
                    new DeploymentRequest(release.Id, "Staging", IgnoreLifecycle: true) { Tenant = tenant })).Id);
                Assert.Equal(DeploymentState.Success, deployment.State);
            }
        }

        // --only leaves api and web where each tenant has them: the snapshot records those versions.
        var promote = await train.CliAsync("promote", "--to", "Staging", "--only", "database,worker", "--as", "Ann", "--json");
        var history = TrainWorkspace.Json(await train.CliAsync("history", "Staging", "--json"));
        var table = await train.CliAsync("history", "Staging");

        Assert.True(promote.ExitCode == 0, promote.Error + promote.Out);
        // api and web are tenanted in Staging: a row per tenant that gets them, never an untenanted one.
        var rows = TrainWorkspace.Json(promote).GetProperty("plan").GetProperty("components").EnumerateArray()
            .Select(c => (Row: $"{c.GetProperty("component").GetString()}/{(c.TryGetProperty("tenant", out var t) ? t.GetString() : "-")}", Action: c.GetProperty("action").GetString()))
            .ToList();
        Assert.Equal(["api/Acme", "database/-", "web/Acme", "web/Globex", "worker/-"], rows.Select(r => r.Row).Order());
        Assert.Equal("Deploy", rows.Single(r => r.Row == "database/-").Action);
        Assert.All(rows.Where(r => r.Row.StartsWith("api/", StringComparison.Ordinal) || r.Row.StartsWith("web/", StringComparison.Ordinal)),
            r => Assert.Equal("SkipExcluded", r.Action));
        foreach (var component in new[] { "api", "web" }) Assert.DoesNotContain("2026.4.0.9", train.Deployed("Staging", component));

        var snapshot = history.GetProperty("snapshots").EnumerateArray().Single();
        var tenants = snapshot.GetProperty("tenantVersions");
        Assert.Equal("2026.4.0.1", tenants.GetProperty("Acme").GetProperty("web").GetString());
        Assert.Equal("2026.4.0.2", tenants.GetProperty("Acme").GetProperty("api").GetString());
        Assert.Equal("2026.4.0.3", tenants.GetProperty("Globex").GetProperty("web").GetString());
        Assert.False(tenants.GetProperty("Globex").TryGetProperty("api", out _), "Globex does not get api");
        Assert.Equal("2026.4.0.1", snapshot.GetProperty("versions").GetProperty("database").GetString());
        Assert.Contains("web (Globex) 2026.4.0.3", table.Out, StringComparison.Ordinal);
        Assert.Contains("api (Acme) 2026.4.0.2", table.Out, StringComparison.Ordinal);
    }
}
