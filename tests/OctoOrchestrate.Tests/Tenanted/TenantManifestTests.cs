using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Tests.Tenanted;

public sealed class TenantManifestTests : IDisposable
{
    const string Components = """
        environments: [Dev, Staging, Production]
        components:
          - name: lib
            paths: [lib/**]
            deployable: false
          - name: api
            paths: [api/**]
          - name: web
            paths: [web/**]
        """;

    readonly string folder = Directory.CreateTempSubdirectory("oo-tenant-manifest-").FullName;
    readonly string cacheRoot = Directory.CreateTempSubdirectory("oo-tenant-manifest-cache-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        Directory.Delete(cacheRoot, recursive: true);
    }

    string Write(string tenants)
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, "train: 2026.4.0\n" + Components + "\n" + tenants);
        return path;
    }

    [Fact]
    public void Tenants_are_read_with_their_environments_and_components_and_survive_the_cache()
    {
        var path = Write("""
            tenants:
              - name: Acme
                environments: [Staging, Production]
                components: [web, api]
              - name: Globex
                environments: [Production]
                components: [web]
            """);

        var loaded = ManifestLoader.Load(path);
        ManifestCache.Load(path, cacheRoot);
        var cached = ManifestCache.Load(path, cacheRoot);

        Assert.Equal(["Acme", "Globex"], loaded.Tenants.Select(t => t.Name));
        Assert.Equal(["Staging", "Production"], loaded.Tenants[0].Environments);
        Assert.Equal(["web", "api"], loaded.Tenants[0].Components);
        Assert.Equal(loaded.Tenants, cached.Tenants);
        Assert.Empty(ManifestLoader.Load(Write("")).Tenants);
    }

    // Each: the manifest text after the components (which end on line 10), the line named, and what the message says.
    [Theory]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Prodction]\n    components: [web]\n", 13, "environment 'Prodction', which is not in 'environments' (Dev, Staging, Production). Did you mean 'Production'?")]
    [InlineData("tenants:\n  - name: Acme\n    environments:\n      - Staging\n      - Qa\n    components: [web]\n", 15, "environment 'Qa', which is not in 'environments'")]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Staging]\n    components:\n      - web\n      - apj\n", 16, "component 'apj', which is not in 'components' (api, web). Did you mean 'api'?")]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Staging]\n    components: [lib]\n", 14, "'deployable: false'")]
    [InlineData("tenants:\n  - name: web\n    environments: [Staging]\n    components: [api]\n", 12, "has the name of component 'web'")]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Staging]\n    componets: [api]\n", 14, "Unknown key 'componets' in a tenant. Did you mean 'components'?")]
    [InlineData("tenants:\n  - name: Ac/me\n    environments: [Staging]\n    components: [api]\n", 12, "Tenant name 'Ac/me' is a path")]
    [InlineData("tenants:\n  - name: Acme\n    components: [api]\n", 12, "Tenant 'Acme' has no 'environments'")]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Staging]\n", 12, "Tenant 'Acme' has no 'components'")]
    [InlineData("tenants:\n  - environments: [Staging]\n    components: [api]\n", 12, "A tenant needs a 'name'")]
    [InlineData("tenants:\n  - name: Acme\n    environments: [Staging]\n    components: [api]\n  - name: acme\n    environments: [Staging]\n    components: [web]\n", 12, "The tenant 'Acme' is listed twice")]
    [InlineData("tenants: Acme\n", 11, "'tenants' must be a list")]
    public void A_mistake_names_the_file_the_line_and_the_fix(string tenants, int line, string expected)
    {
        var path = Write(tenants);

        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));
        var cached = Assert.Throws<ManifestException>(() => ManifestCache.Load(path, cacheRoot));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((path, line), (error.File, error.Line));
        Assert.Equal(error.Message, cached.Message);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }
}
