using System.Globalization;
using System.IO.Compression;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Tests.Support;

/// <summary>
/// A monorepo folder for release/deploy tests: a manifest whose deploy and test commands are tiny bash scripts that record start and
/// end times (nanoseconds) under <c>timeline/</c>, zip packages made on the spot, and a real ledger in the default state folder.
/// </summary>
public sealed class ReleaseWorkspace : IDisposable
{
    public const string DeployScript = """
        set -e
        mkdir -p "$OO_MANIFEST_DIR/timeline"
        echo "$(date +%s%N)" > "$OO_MANIFEST_DIR/timeline/$OO_ENVIRONMENT.$OO_COMPONENT.start"
        echo "deploying $OO_COMPONENT $OO_VERSION to $OO_ENVIRONMENT from $OO_INSTALL_DIR"
        test -f "$OO_INSTALL_DIR/app.txt"
        if [ -f "$OO_MANIFEST_DIR/fail.$OO_COMPONENT" ]; then echo "told to fail" >&2; exit 3; fi
        if [ -f "$OO_MANIFEST_DIR/sleep.$OO_COMPONENT" ]; then sleep "$(cat "$OO_MANIFEST_DIR/sleep.$OO_COMPONENT")"; fi
        echo "$OO_VERSION" >> "$OO_ENVIRONMENT_DIR/$OO_COMPONENT.deployed"
        echo "$(date +%s%N)" > "$OO_MANIFEST_DIR/timeline/$OO_ENVIRONMENT.$OO_COMPONENT.end"
        """;

    public const string TestScript = """
        test -f "$OO_INSTALL_DIR/app.txt" || exit 4
        if [ -f "$OO_MANIFEST_DIR/failtest.$OO_COMPONENT" ]; then echo "test failed" ; exit 5; fi
        echo "tested $OO_COMPONENT $OO_VERSION in $OO_ENVIRONMENT"
        """;

    /// <summary>database and cart in wave 1 (parallel), api in wave 2, web in wave 3; 'lib' is a library; 'docs' has no test.</summary>
    public const string DefaultComponents = """
          - name: lib
            paths: [ "lib/**" ]
            deployable: false
          - name: database
            paths: [ "database/**" ]
            deploy: bash scripts/deploy.sh
            test: bash scripts/test.sh
          - name: cart
            paths: [ "cart/**" ]
            uses: [ lib ]
            deploy: bash scripts/deploy.sh
            test: bash scripts/test.sh
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ database ]
            deploy: bash scripts/deploy.sh
            test: bash scripts/test.sh
          - name: web
            paths: [ "web/**" ]
            uses: [ api ]
            deploy: bash scripts/deploy.sh
          - name: docs
            paths: [ "docs/**" ]
            deploy: bash scripts/deploy.sh
        """;

    public ReleaseWorkspace(string? components = null, string? channels = null)
    {
        Root = Directory.CreateTempSubdirectory("octo-orchestrate-release-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "scripts"));
        File.WriteAllText(Path.Combine(Root, "scripts", "deploy.sh"), DeployScript);
        File.WriteAllText(Path.Combine(Root, "scripts", "test.sh"), TestScript);
        File.WriteAllText(ManifestPath, $"""
            train: 2026.4.0
            environments: [ Dev, Test, Production ]
            {channels ?? ""}
            components:
            {components ?? DefaultComponents}
            """);
        Manifest = ManifestLoader.Load(ManifestPath);
    }

    public string Root { get; }

    public string ManifestPath => Path.Combine(Root, "octo-orchestrate.yaml");

    public MonorepoManifest Manifest { get; }

    public string StateDirectory => Path.Combine(Root, StateFolder.DefaultName);

    public LocalReleaseServer Open() => LocalReleaseServer.Open(Manifest);

    /// <summary>A zip holding app.txt with <paramref name="content"/>, like the pack step's output.</summary>
    public string Package(string component, string version, string content = "app")
    {
        var folder = Path.Combine(Root, "artifacts", "packages");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{component}.{version}.zip");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var entry = zip.CreateEntry("app.txt");
        // A fixed time: the same content must make the same zip even when two calls straddle the zip format's 2-second tick.
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using (var writer = new StreamWriter(entry.Open())) writer.Write(content);
        return path;
    }

    public PackedComponent Packed(string component, string version, string content = "app") =>
        new(component, component, version, Package(component, version, content), "", "abc1234def", "main",
            [new CommitInfo("abc1234def", $"change {component}", "Test")]);

    public async Task<ReleaseInfo> ReleaseAsync(IReleaseServer server, string component, string version, string content = "app") =>
        await server.CreateReleaseAsync(new NewRelease(component, version, Package(component, version, content), "abc1234def", "notes"));

    public void Touch(string name, string content = "") => File.WriteAllText(Path.Combine(Root, name), content);

    public void Remove(string name) => File.Delete(Path.Combine(Root, name));

    public (long Start, long End) Timeline(string environment, string component) =>
        (long.Parse(File.ReadAllText(Path.Combine(Root, "timeline", $"{environment}.{component}.start")).Trim(), CultureInfo.InvariantCulture),
         long.Parse(File.ReadAllText(Path.Combine(Root, "timeline", $"{environment}.{component}.end")).Trim(), CultureInfo.InvariantCulture));

    public string[] DeployedVersions(string environment, string component)
    {
        var file = Path.Combine(StateDirectory, "environments", environment, $"{component}.deployed");
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
