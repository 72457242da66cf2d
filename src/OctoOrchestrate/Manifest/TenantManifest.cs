using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// A tenant (Octopus: a customer or region deployed separately): in each of <see cref="Environments"/> it gets its own
/// deployment of each of <see cref="Components"/>. <see cref="Line"/> locates it in the manifest for error messages.
/// </summary>
public sealed record TenantDefinition(string Name, IReadOnlyList<string> Environments, IReadOnlyList<string> Components, int Line)
{
    public bool In(string environment) => Environments.Contains(environment, StringComparer.OrdinalIgnoreCase);

    public bool Has(string component) => Components.Contains(component, StringComparer.Ordinal);

    // Lines of the entries, for errors found after parsing; not part of the value (a cached manifest has none).
    internal IReadOnlyList<int>? EnvironmentLines { get; init; }

    internal IReadOnlyList<int>? ComponentLines { get; init; }

    internal int LineOfEnvironment(int index) => EnvironmentLines is { } lines && index < lines.Count ? lines[index] : Line;

    internal int LineOfComponent(int index) => ComponentLines is { } lines && index < lines.Count ? lines[index] : Line;

    // By value: a manifest read from the cache must equal the one parsed (lists compare by content).
    public bool Equals(TenantDefinition? other) =>
        other is not null && Name == other.Name && Line == other.Line && Environments.SequenceEqual(other.Environments) && Components.SequenceEqual(other.Components);

    public override int GetHashCode() => HashCode.Combine(Name, Line, Environments.Count, Components.Count);
}

/// <summary><c>tenants: - name: Acme  environments: [Staging, Production]  components: [web, api]</c>, read and checked strictly.</summary>
public static partial class ManifestLoader
{
    static readonly string[] TenantKeys = ["name", "environments", "components"];

    static List<TenantDefinition> ReadTenants(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        if (!top.TryGetValue("tenants", out var node)) return [];
        var tenants = new List<TenantDefinition>();
        foreach (var item in reader.Sequence(node, "tenants"))
        {
            var keys = reader.Keys(item, TenantKeys, "a tenant");
            var name = reader.Name(keys, "name", item, "Tenant") ?? throw Error(reader.File, item, "A tenant needs a 'name', e.g. '- name: Acme'.");
            var environments = reader.Items(keys, "environments");
            var components = reader.Items(keys, "components");
            if (environments.Count == 0)
                throw Error(reader.File, keys.GetValueOrDefault("environments") ?? item, $"Tenant '{name}' has no 'environments'. List where it is deployed, e.g. environments: [Staging, Production].");
            if (components.Count == 0)
                throw Error(reader.File, keys.GetValueOrDefault("components") ?? item, $"Tenant '{name}' has no 'components'. List what it gets, e.g. components: [web, api].");
            reader.Unique(environments.Select(e => e.Value!).ToList(), keys["environments"], $"environment of tenant '{name}'");
            reader.Unique(components.Select(c => c.Value!).ToList(), keys["components"], $"component of tenant '{name}'");
            tenants.Add(new TenantDefinition(name, environments.Select(e => e.Value!).ToList(), components.Select(c => c.Value!).ToList(), (int)item.Start.Line)
            {
                EnvironmentLines = environments.Select(e => (int)e.Start.Line).ToList(),
                ComponentLines = components.Select(c => (int)c.Start.Line).ToList(),
            });
        }

        reader.Unique(tenants.Select(t => t.Name).ToList(), node, "tenant");
        return tenants;
    }

    /// <summary>
    /// Every environment and component a tenant names exists (a typo would silently deploy nothing to it), components are
    /// deployable, and no tenant is named like a component: both become a folder under <c>environments/&lt;env&gt;/</c>.
    /// </summary>
    internal static void ValidateTenants(MonorepoManifest manifest)
    {
        foreach (var tenant in manifest.Tenants)
        {
            for (var i = 0; i < tenant.Environments.Count; i++)
            {
                var environment = tenant.Environments[i];
                if (!manifest.Environments.Contains(environment, StringComparer.OrdinalIgnoreCase))
                    throw new ManifestException(manifest.FilePath, tenant.LineOfEnvironment(i),
                        $"Tenant '{tenant.Name}' lists environment '{environment}', which is not in 'environments' ({string.Join(", ", manifest.Environments)}).{Suggestions.DidYouMean(environment, manifest.Environments)}");
            }

            for (var i = 0; i < tenant.Components.Count; i++)
            {
                var name = tenant.Components[i];
                var component = manifest.Components.FirstOrDefault(c => c.Name == name);
                var deployable = manifest.Components.Where(c => c.Deployable).Select(c => c.Name).ToList();
                if (component is null)
                    throw new ManifestException(manifest.FilePath, tenant.LineOfComponent(i),
                        $"Tenant '{tenant.Name}' lists component '{name}', which is not in 'components' ({string.Join(", ", deployable)}).{Suggestions.DidYouMean(name, deployable)}");
                if (!component.Deployable)
                    throw new ManifestException(manifest.FilePath, tenant.LineOfComponent(i),
                        $"Tenant '{tenant.Name}' lists component '{name}', which has 'deployable: false' (nothing of it is deployed). Remove it from the tenant.");
            }

            if (manifest.Components.FirstOrDefault(c => string.Equals(c.Name, tenant.Name, StringComparison.OrdinalIgnoreCase)) is { } clash)
                throw new ManifestException(manifest.FilePath, tenant.Line,
                    $"Tenant '{tenant.Name}' has the name of component '{clash.Name}': both would be the folder environments/<env>/{tenant.Name} in the state folder. Rename the tenant.");
        }
    }
}
