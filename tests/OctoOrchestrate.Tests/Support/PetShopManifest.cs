namespace OctoOrchestrate.Tests.Support;

/// <summary>The manifest shape from the docs, used by the detection tests.</summary>
public static class PetShopManifest
{
    public const string Yaml = """
        train: 2026.4.0
        globalFiles:
          - global.json
          - Directory.Build.props
        components:
          - name: shared-contracts
            paths: [ "shared/contracts/**" ]
          - name: database
            paths: [ "database/**" ]
          - name: product-service
            paths: [ "services/product/**", "!services/product/**/*.md" ]
            uses: [ shared-contracts ]
            deployAfter: [ database ]
          - name: cart-service
            paths: [ "services/cart/**" ]
            uses: [ shared-contracts ]
            deployAfter: [ database ]
          - name: web
            paths: [ "web/**" ]
            uses: [ product-service ]
            deployAfter: [ cart-service ]
        """;

    /// <summary>A repository with one file in every component, committed on main.</summary>
    public static TempGitRepo CreateRepo()
    {
        var repo = new TempGitRepo()
            .Write("octo-orchestrate.yaml", Yaml)
            .Write("global.json", "{}")
            .Write("README.md", "# pet shop")
            .Write("shared/contracts/Product.cs", "record Product;")
            .Write("database/001_init.sql", "create table products(id int);")
            .Write("services/product/Program.cs", "// product")
            .Write("services/product/docs/notes.md", "notes")
            .Write("services/cart/Program.cs", "// cart")
            .Write("web/index.html", "<html/>");
        repo.Commit("initial");
        return repo;
    }
}
