using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Manifest;

public sealed class ManifestErrorTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("octo-orchestrate-manifest-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    ManifestException Load(string yaml)
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, yaml);
        return Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));
    }

    [Theory]
    [InlineData("train: 2026.4.0\nbogus: 1\ncomponents:\n  - name: a\n    paths: [a/**]\n", 2, "Unknown key 'bogus'")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    path: [a/**]\n", 4, "Did you mean 'paths'?")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [a/**]\n    uses: [ b ]\n", 3, "no component is named 'b'")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [a/**]\n    deployAfter: [ c ]\n", 3, "'deployAfter: c'")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [a/**]\n  - name: a\n    paths: [b/**]\n", 5, "Duplicate component name 'a' (first defined on line 3)")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: []\n", 4, "has no 'paths'")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n", 3, "has no 'paths'")]
    [InlineData("train: 2026.4\ncomponents:\n  - name: a\n    paths: [a/**]\n", 1, "is not Year.Minor.Patch")]
    [InlineData("components:\n  - name: a\n    paths: [a/**]\n", 1, "Missing 'train'")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [a/**\n", 5, "Invalid YAML")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"!a/**\"]\n", 4, "only '!' exclusions")]
    public void Names_the_file_the_line_and_the_fix(string yaml, int line, string expected)
    {
        var error = Load(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith(Path.Combine(folder, ManifestLoader.DefaultFileName) + $"({line}):", error.Message);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public void A_cycle_is_named_in_full()
    {
        var error = Load("""
            train: 2026.4.0
            components:
              - name: a
                paths: [a/**]
                uses: [ c ]
              - name: b
                paths: [b/**]
                uses: [ a ]
              - name: c
                paths: [c/**]
                deployAfter: [ b ]
            """);

        Assert.Contains("a -> c -> b -> a", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_valid_manifest_keeps_order_and_defaults()
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, PetShopManifest.Yaml);

        var manifest = ManifestLoader.Load(path);

        Assert.Equal("2026.4.0", manifest.Train);
        Assert.Equal(["Dev", "Test", "Staging", "Production"], manifest.Environments);
        Assert.Equal("product-service", manifest.Component("product-service").PackageId);
        Assert.Equal(
            [["shared-contracts", "database"], ["product-service", "cart-service"], ["web"]],
            ManifestGraph.Waves(manifest).Select(w => w.Select(c => c.Name).ToArray()).ToArray());
    }
}
