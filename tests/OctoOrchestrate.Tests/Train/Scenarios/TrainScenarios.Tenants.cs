using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// The release train per tenant (issue 11, Tenants), on every backend: a component tenanted in the destination gets a row per tenant,
/// whose candidate is what that tenant has in the source (or the source's untenanted one where the tenant is not connected), deployed as
/// a tenanted deployment; rollback and resume work per row. Manifest: <see cref="TrainBed.Tenants"/>.
/// </summary>
public abstract partial class TrainScenarios
{
    /// <summary>
    /// Staging as each tenant has it: database and worker untenanted (2026.4.0.1), Acme's api 2026.4.0.2 and web 2026.4.0.3, Globex's web
    /// 2026.4.0.4; web 2026.4.0.9 only untenanted in Test, which Production never takes from.
    /// </summary>
    static async Task SeedStagingAsync(TrainBed bed)
    {
        await bed.ReleaseAsync("database", "2026.4.0.1", "Staging");
        await bed.ReleaseAsync("worker", "2026.4.0.1", "Staging");
        await bed.ReleaseForTenantAsync("api", "2026.4.0.2", "Acme", "Staging");
        await bed.ReleaseForTenantAsync("web", "2026.4.0.3", "Acme", "Staging");
        await bed.ReleaseForTenantAsync("web", "2026.4.0.4", "Globex", "Staging");
        await bed.ReleaseAsync("web", "2026.4.0.9", "Test");
    }

    /// <summary>Asks for the train (Production waits for QA and Business Owner), both approve, and the run that follows.</summary>
    static async Task<(CliOutcome Run, string PlanId)> ApprovedAsync(TrainBed bed, params string[] args)
    {
        var waiting = await bed.CliAsync([.. args, "--as", "Rel Manager", "--json"]);
        Succeeded(waiting, ExitCodes.Waiting);
        var planId = TrainWorkspace.Json(waiting).GetProperty("planId").GetString()!;
        Succeeded(await bed.CliAsync("approve", planId, "--as", "Ann", "--group", "QA"));
        Succeeded(await bed.CliAsync("approve", planId, "--as", "Bob", "--group", "Business Owner"));
        return (await bed.CliAsync("promote", "--resume", planId, "--json"), planId);
    }

    /// <summary>"component/tenant" ("-" untenanted) → (action, candidate) of the plan in a --json answer.</summary>
    static Dictionary<string, (string Action, string? Candidate)> Rows(JsonElement json) =>
        json.GetProperty("plan").GetProperty("components").EnumerateArray().ToDictionary(
            c => $"{c.GetProperty("component").GetString()}/{TenantOf(c)}",
            c => (c.GetProperty("action").GetString()!, c.GetProperty("candidate").GetString()));

    /// <summary>"component/tenant" → outcome of the run in a --json answer.</summary>
    static Dictionary<string, string> RowOutcomes(JsonElement json) =>
        json.GetProperty("result").GetProperty("components").EnumerateArray().ToDictionary(
            c => $"{c.GetProperty("component").GetString()}/{TenantOf(c)}", c => c.GetProperty("outcome").GetString()!);

    static string TenantOf(JsonElement row) => row.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.String ? tenant.GetString()! : "-";

    [Fact]
    public async Task A_train_to_Production_gives_each_tenant_only_its_components_from_its_own_Staging_and_a_second_run_deploys_nothing()
    {
        await using var bed = await StartTenantedAsync();
        await SeedStagingAsync(bed);

        var (run, planId) = await ApprovedAsync(bed, "promote", "--to", "Production");

        Succeeded(run);
        var json = TrainWorkspace.Json(run);
        var plan = Rows(json);
        Assert.Equal(["api/Acme", "database/-", "web/Acme", "web/Globex", "worker/Initech"], plan.Keys.Order());
        Assert.Equal(("Deploy", "2026.4.0.1"), plan["database/-"]);
        Assert.Equal(("Deploy", "2026.4.0.1"), plan["worker/Initech"]); // Initech is not in Staging: Staging's untenanted worker
        Assert.Equal(("Deploy", "2026.4.0.2"), plan["api/Acme"]);
        Assert.Equal(("Deploy", "2026.4.0.3"), plan["web/Acme"]); // each tenant's own, not the newest, nor Test's
        Assert.Equal(("Deploy", "2026.4.0.4"), plan["web/Globex"]);
        Assert.All(RowOutcomes(json).Values, o => Assert.Equal("Deployed", o));
        Assert.Equal(["2026.4.0.2"], bed.DeployedFor("Production", "api", "Acme"));
        Assert.Equal(["2026.4.0.3"], bed.DeployedFor("Production", "web", "Acme"));
        Assert.Equal(["2026.4.0.4"], bed.DeployedFor("Production", "web", "Globex"));
        Assert.Equal(["2026.4.0.1"], bed.DeployedFor("Production", "worker", "Initech"));
        Assert.Equal(["2026.4.0.1"], bed.DeployedFor("Production", "database", null));
        Assert.Empty(bed.DeployedFor("Production", "api", "Globex"));
        foreach (var component in new[] { "worker", "api", "web" }) Assert.Empty(bed.DeployedFor("Production", component, null)); // never untenanted there
        var tenants = json.GetProperty("snapshot").GetProperty("tenantVersions");
        Assert.Equal("2026.4.0.3", tenants.GetProperty("Acme").GetProperty("web").GetString());
        Assert.Equal("2026.4.0.4", tenants.GetProperty("Globex").GetProperty("web").GetString());
        bed.AssertApprovalCarried(planId, "Ann (QA), Bob (Business Owner)");

        var again = await bed.CliAsync("plan", "--to", "Production", "--json");
        var table = await bed.CliAsync("plan", "--to", "Production");

        Succeeded(again);
        Assert.All(Rows(TrainWorkspace.Json(again)).Values, r => Assert.Equal("SkipCurrent", r.Action));
        Assert.Contains("Tenant", table.Out, StringComparison.Ordinal);
        Assert.Contains("## web (Globex): 2026.4.0.4 -> 2026.4.0.4", table.Out, StringComparison.Ordinal); // the notes name the tenant's row
    }

    [Fact]
    public async Task Tenant_Acme_touches_only_Acmes_rows_and_an_unknown_or_unconnected_tenant_is_refused_before_anything_is_stored()
    {
        await using var bed = await StartTenantedAsync();
        await SeedStagingAsync(bed);
        var unknown = await bed.CliAsync("promote", "--to", "Production", "--tenant", "Acme-Corp");
        var notConnected = await bed.CliAsync("promote", "--to", "Staging", "--tenant", "Initech");
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("tenants: Acme, Globex, Initech", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, notConnected.ExitCode);
        Assert.Contains("not connected to Staging", notConnected.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bed.Workspace.Inner.StateDirectory, "train", "plans")));

        var (run, _) = await ApprovedAsync(bed, "promote", "--to", "Production", "--tenant", "Acme");

        Succeeded(run);
        var json = TrainWorkspace.Json(run);
        var plan = Rows(json);
        Assert.Equal(["api/Acme", "database/-", "web/Acme", "worker/-"], plan.Keys.Order());
        Assert.Equal("SkipExcluded", plan["worker/-"].Action); // only Initech gets worker in Production
        Assert.Equal(["api/Acme", "database/-", "web/Acme"], RowOutcomes(json).Keys.Order());
        Assert.Equal(["2026.4.0.3"], bed.DeployedFor("Production", "web", "Acme"));
        Assert.Empty(bed.DeployedFor("Production", "web", "Globex"));
        Assert.Empty(bed.DeployedFor("Production", "worker", "Initech"));
        Assert.Equal(["2026.4.0.1"], bed.DeployedFor("Production", "database", null)); // untenanted components still once
    }

    [Fact]
    public async Task Rollback_takes_each_tenant_back_to_what_it_had_in_the_previous_snapshot()
    {
        await using var bed = await StartTenantedAsync();
        await bed.AllAsync("2026.4.0.1", "Test");
        Succeeded(await bed.CliAsync("promote", "--to", "Staging", "--as", "Ann"));
        await bed.AllAsync("2026.4.0.2", "Test");
        Succeeded(await bed.CliAsync("promote", "--to", "Staging", "--tenant", "Acme", "--as", "Ann")); // Globex stays at 2026.4.0.1
        Assert.Equal(["2026.4.0.1", "2026.4.0.2"], bed.DeployedFor("Staging", "web", "Acme"));
        Assert.Equal(["2026.4.0.1"], bed.DeployedFor("Staging", "web", "Globex"));

        var rollback = await bed.CliAsync("rollback", "--env", "Staging", "--json");

        Succeeded(rollback);
        var json = TrainWorkspace.Json(rollback);
        var plan = Rows(json);
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["api/Acme"]);
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["web/Acme"]);
        Assert.Equal(("SkipCurrent", "2026.4.0.1"), plan["web/Globex"]); // what Globex had then, it has now
        Assert.Equal(("Rollback", "2026.4.0.1"), plan["worker/-"]);
        Assert.Equal("SkipRollForward", plan["database/-"].Action);
        Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], bed.DeployedFor("Staging", "web", "Acme"));
        Assert.Equal(["2026.4.0.1", "2026.4.0.2", "2026.4.0.1"], bed.DeployedFor("Staging", "api", "Acme"));
        Assert.Equal(["2026.4.0.1"], bed.DeployedFor("Staging", "web", "Globex"));
        Assert.Empty(bed.DeployedFor("Staging", "web", null));
        var snapshot = json.GetProperty("snapshot");
        Assert.Equal("rollback", snapshot.GetProperty("kind").GetString());
        Assert.Equal("2026.4.0.1", snapshot.GetProperty("tenantVersions").GetProperty("Acme").GetProperty("api").GetString());
    }

    [Fact]
    public async Task A_failure_in_one_tenants_row_leaves_the_other_tenants_and_the_resume_deploys_only_that_row()
    {
        await using var bed = await StartTenantedAsync();
        await SeedStagingAsync(bed);
        bed.Fail("web", "2026.4.0.3"); // Acme's web; Globex's is 2026.4.0.4

        var (failed, planId) = await ApprovedAsync(bed, "promote", "--to", "Production");

        Succeeded(failed, ExitCodes.Failed);
        var first = RowOutcomes(TrainWorkspace.Json(failed));
        Assert.Equal("Failed", first["web/Acme"]);
        Assert.Equal("Deployed", first["web/Globex"]);
        Assert.Equal("Deployed", first["api/Acme"]);
        Assert.Empty(bed.DeployedFor("Production", "web", "Acme"));
        bed.Normal("web");

        var resume = await bed.CliAsync("promote", "--resume", planId, "--json");

        Succeeded(resume);
        var second = RowOutcomes(TrainWorkspace.Json(resume));
        Assert.Equal("Deployed", second["web/Acme"]);
        foreach (var row in new[] { "web/Globex", "api/Acme", "database/-", "worker/Initech" }) Assert.Equal("AlreadyDeployed", second[row]);
        Assert.Equal(["2026.4.0.3"], bed.DeployedFor("Production", "web", "Acme"));
        Assert.Equal(["2026.4.0.4"], bed.DeployedFor("Production", "web", "Globex")); // once
        Assert.Equal(["2026.4.0.2"], bed.DeployedFor("Production", "api", "Acme"));
    }
}
