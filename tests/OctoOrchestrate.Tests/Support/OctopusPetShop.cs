using OctoOrchestrate.OctopusSimulator;

namespace OctoOrchestrate.Tests.Support;

/// <summary>
/// The Pet Shop shape (as sample-monorepo/) with one-line bash builds, and an Octopus simulator holding its four projects. The API key
/// lives in a file outside the repository, so a test can grep every output and every file of the repository for it.
/// </summary>
public sealed class OctopusPetShop : IAsyncDisposable
{
    public const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test, Staging, Production ]
        channels:
          - name: Default
            default: true
            versionRule: "*.*.0.*"
          - name: Hotfix
        components:
          - name: shared-contracts
            paths: [ "shared-contracts/**" ]
            packageId: OctoPetShop.SharedContracts
            deployable: false
            build: cp -R shared-contracts/. "$OO_OUTPUT/"
          - name: database
            paths: [ "database/**" ]
            packageId: OctoPetShop.Database
            build: cp -R database/. "$OO_OUTPUT/" && env > "$OO_OUTPUT/build-environment.txt"
            test: echo "$OO_COMPONENT $OO_VERSION $OO_ENVIRONMENT $OO_PROJECT $OO_SERVER" >> artifacts/tested.log && env > "artifacts/test-environment-$OO_ENVIRONMENT.txt"
          - name: product-service
            paths: [ "product-service/**" ]
            uses: [ shared-contracts ]
            deployAfter: [ database ]
            packageId: OctoPetShop.ProductService
            build: cp -R product-service/. "$OO_OUTPUT/"
            test: echo "$OO_COMPONENT $OO_VERSION $OO_ENVIRONMENT $OO_PROJECT $OO_SERVER" >> artifacts/tested.log
          - name: cart-service
            paths: [ "cart-service/**" ]
            uses: [ shared-contracts ]
            deployAfter: [ database ]
            packageId: OctoPetShop.CartService
            build: cp -R cart-service/. "$OO_OUTPUT/"
            test: echo "$OO_COMPONENT $OO_VERSION $OO_ENVIRONMENT $OO_PROJECT $OO_SERVER" >> artifacts/tested.log
          - name: web
            paths: [ "web/**" ]
            deployAfter: [ product-service, cart-service ]
            packageId: OctoPetShop.Web
            build: cp -R web/. "$OO_OUTPUT/"
            test: echo "$OO_COMPONENT $OO_VERSION $OO_ENVIRONMENT $OO_PROJECT $OO_SERVER" >> artifacts/tested.log
        """;

    public static readonly (string Project, string PackageId)[] Projects =
        [("database", "OctoPetShop.Database"), ("product-service", "OctoPetShop.ProductService"), ("cart-service", "OctoPetShop.CartService"), ("web", "OctoPetShop.Web")];

    public const string ApiKey = "API-PETSHOPTESTKEY0000000000000001";

    readonly string keyDirectory = Directory.CreateTempSubdirectory("octo-orchestrate-key-").FullName;

    OctopusPetShop(OctopusSimulatorHost simulator)
    {
        Simulator = simulator;
        KeyFile = Path.Combine(keyDirectory, "octopus.key");
        File.WriteAllText(KeyFile, ApiKey + "\n");
        Repo = new TempGitRepo()
            .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
            .Write("octo-orchestrate.yaml", Manifest)
            .Write("shared-contracts/Product.cs", "record Product;")
            .Write("database/001_init.sql", "create table products(id int);")
            .Write("product-service/Program.cs", "// product")
            .Write("cart-service/Program.cs", "// cart")
            .Write("web/index.html", "<html/>");
        Repo.Commit("initial");
    }

    public OctopusSimulatorHost Simulator { get; }
    public TempGitRepo Repo { get; }
    public string KeyFile { get; }

    public static async Task<OctopusPetShop> StartAsync(IEnumerable<(string Project, string PackageId)>? projects = null) =>
        new(await OctopusSimulatorHost.StartAsync(ApiKey, projects: projects ?? Projects, channels: [("Default", "*.*.0.*", true), ("Hotfix", null, false)]));

    /// <summary>The CLI in-process against the simulator, polling fast.</summary>
    public Task<CliOutcome> RunAsync(params string[] args) =>
        CliRun.RunAsync(Repo.Path, [.. args, "--server", Simulator.Url + "/api/", "--api-key-file", KeyFile, "--poll-interval", "0.1"]);

    public string[] TestedLines => File.Exists(Path.Combine(Repo.Path, "artifacts", "tested.log")) ? File.ReadAllLines(Path.Combine(Repo.Path, "artifacts", "tested.log")) : [];

    /// <summary>Every file of the repository (artifacts and logs included) that contains the API key.</summary>
    public IEnumerable<string> FilesWithKey() =>
        Directory.EnumerateFiles(Repo.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && File.ReadAllText(f).Contains(ApiKey, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        Repo.Dispose();
        Directory.Delete(keyDirectory, recursive: true);
    }
}
