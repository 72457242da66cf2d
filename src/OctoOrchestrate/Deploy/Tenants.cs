using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// What a <c>--tenant</c> selection means in one environment. A component is <em>tenanted in</em> an environment when some tenant of
/// the manifest gets it there: there it is deployed per tenant, never untenanted. Everywhere else (a component no tenant lists, or an
/// environment none of its tenants is connected to, such as Dev) it is deployed once, untenanted, as without tenants.
/// </summary>
public static class Tenants
{
    /// <summary>The <c>--tenant</c> value selecting every tenant connected to the environment.</summary>
    public const string All = "*";

    /// <summary>
    /// The tenants <paramref name="selection"/> means in <paramref name="environment"/>: none for null, every tenant connected to it
    /// for <see cref="All"/>, else the one named. A named tenant that does not exist, or is not connected to the environment, is bad
    /// input: asking for it explicitly and deploying nothing would look like success.
    /// </summary>
    public static IReadOnlyList<TenantDefinition> Select(MonorepoManifest manifest, string? selection, string environment)
    {
        if (selection is null) return [];
        if (selection == All) return Named(manifest, selection).Where(t => t.In(environment)).ToList();
        var tenant = Named(manifest, selection)[0];
        return tenant.In(environment) ? [tenant]
            : throw new BadInputException($"--tenant {tenant.Name}: the tenant is not connected to {environment} (its environments: {string.Join(", ", tenant.Environments)}). Deploy it to one of those, or add {environment} to its 'environments' in {manifest.FilePath}.");
    }

    /// <summary>The tenants a <c>--tenant</c> value names, in any environment: every one for <see cref="All"/>, else the one named (bad input when unknown).</summary>
    public static IReadOnlyList<TenantDefinition> Named(MonorepoManifest manifest, string selection)
    {
        if (manifest.Tenants.Count == 0)
            throw new BadInputException($"--tenant {selection}: {manifest.FilePath} has no 'tenants:'. Add one (- name: Acme  environments: [...]  components: [...]) or leave out --tenant.");
        if (selection == All) return manifest.Tenants;
        var tenant = manifest.Tenants.FirstOrDefault(t => string.Equals(t.Name, selection, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"--tenant {selection}: no such tenant in {manifest.FilePath} (tenants: {string.Join(", ", manifest.Tenants.Select(t => t.Name))}).{Suggestions.DidYouMean(selection, manifest.Tenants.Select(t => t.Name))} Use --tenant '*' for all of them.");
        return [tenant];
    }

    /// <summary>True when some tenant gets <paramref name="component"/> in <paramref name="environment"/>.</summary>
    public static bool IsTenantedIn(MonorepoManifest manifest, string component, string environment) =>
        manifest.Tenants.Any(t => t.In(environment) && t.Has(component));

    /// <summary>
    /// Whose deployment in <paramref name="from"/> a promotion to <paramref name="tenant"/> takes: the tenant's own when it gets the
    /// component there, else the untenanted one (null), e.g. what was tested untenanted in Test goes to each tenant in Staging.
    /// </summary>
    public static string? SourceTenant(MonorepoManifest manifest, string component, string from, string? tenant) =>
        tenant is not null && manifest.Tenants.Any(t => t.Name == tenant && t.In(from) && t.Has(component)) ? tenant : null;

    /// <summary>The tenants that get a tenanted-in-<paramref name="environment"/> component, for the reason a run without them skips it.</summary>
    internal static string TenantsOf(MonorepoManifest manifest, string component, string environment) =>
        string.Join(", ", manifest.Tenants.Where(t => t.In(environment) && t.Has(component)).Select(t => t.Name));
}
