using System.IO.Compression;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>
/// A real git repository holding an Octo-Pet-Shop-like manifest with teams, a Hotfix channel on its own lifecycle and a deploy script;
/// releases are created on the real local server from real commits, and the real CLI deploys them.
/// </summary>
public sealed class GovernanceRepo : IDisposable
{
    public const string Teams = """
        teams:
          - name: Developers
            members: [ alice, bob ]
            deploy: [ Dev, Test ]
          - name: QA
            members: [ quinn, bob ]
            approve: [ Test, Production ]
          - name: Operations
            members: [ olivia, oscar ]
            deploy: [ Test, Production ]
          - name: Auditors
            members: [ audrey ]
            read: [ "*" ]
        """;

    public const string Channels = """
        channels:
          - name: Default
            default: true
            versionRule: "*.*.0.*"
          - name: Hotfix
            versionRule: "*.*.1.*"
            lifecycle: [ Test, Production ]
        """;

    readonly string environments;

    /// <param name="environments">The manifest's <c>environments:</c> section (e.g. with Production asking for approvals).</param>
    public GovernanceRepo(string? teams = Teams, string extra = "", string environments = "environments: [ Dev, Test, Production ]")
    {
        this.environments = environments;
        Repo = new TempGitRepo();
        Repo.Write("scripts/deploy.sh", "set -e\necho \"$OO_VERSION\" >> \"$OO_ENVIRONMENT_DIR/$OO_COMPONENT.deployed\"\n");
        Repo.Write(".gitignore", ".octo-orchestrate/\nartifacts/\n");
        Repo.Write("api/app.txt", "api v1");
        Repo.Write("web/app.txt", "web v1");
        WriteManifest(teams, extra);
        Repo.Commit("initial");
    }

    public TempGitRepo Repo { get; }

    public string Root => Repo.Path;

    public string ManifestPath => Path.Combine(Root, "octo-orchestrate.yaml");

    public string StateDirectory => Path.Combine(Root, StateFolder.DefaultName);

    public AuditLog Audit => new(Path.Combine(StateDirectory, AuditLog.FileName));

    public void WriteManifest(string? teams, string extra = "") => Repo.Write("octo-orchestrate.yaml", $"""
        train: 2026.4.0
        {environments}
        {Channels}
        {teams ?? ""}
        {extra}
        components:
          - name: api
            paths: [ "api/**" ]
            deploy: bash scripts/deploy.sh
          - name: web
            paths: [ "web/**" ]
            deploy: bash scripts/deploy.sh
        """);

    public MonorepoManifest Manifest => ManifestLoader.Load(ManifestPath);

    /// <summary>Creates a release of <paramref name="component"/> at <paramref name="commit"/> in the channel its version picks, as the release stage does.</summary>
    public async Task<ReleaseInfo> ReleaseAsync(string component, string version, string commit)
    {
        var manifest = Manifest;
        var folder = Path.Combine(Root, "artifacts", "packages");
        Directory.CreateDirectory(folder);
        var package = Path.Combine(folder, $"{component}.{version}.zip");
        File.Delete(package);
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("app.txt");
            entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var writer = new StreamWriter(entry.Open());
            writer.Write($"{component} {version}");
        }

        await using var server = LocalReleaseServer.Open(manifest);
        return await server.CreateReleaseAsync(new NewRelease(component, version, package, commit, "notes", ReleaseStage.ChooseChannel(manifest, version)));
    }

    public Task<CliOutcome> CliAsync(params string[] args) => CliRun.RunAsync(Root, args);

    /// <summary>deploy one component's version to an environment as <paramref name="user"/>.</summary>
    public Task<CliOutcome> DeployAsync(string user, string environment, string component, string version, params string[] more) =>
        CliAsync(["deploy", "--to", environment, "--component", component, "--version", version, "--as", user, .. more]);

    public string[] Deployed(string environment, string component)
    {
        var file = Path.Combine(StateDirectory, "environments", environment, $"{component}.deployed");
        return File.Exists(file) ? File.ReadAllLines(file) : [];
    }

    public void Dispose() => Repo.Dispose();
}
