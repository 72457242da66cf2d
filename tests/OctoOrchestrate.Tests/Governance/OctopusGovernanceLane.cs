using System.IO.Compression;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>
/// <see cref="GovernanceRepo"/> (a real git repository, teams, a Hotfix channel) released to and deployed on the Octopus simulator over
/// real HTTP: projects api and web, Dev → Test → Production, the Hotfix channel on its own lifecycle (Test → Production) as in the
/// manifest. Releases carry their commit as Octopus does, in the build information pushed beside the package. The audit log and the
/// train store stay in the repository's local state folder.
/// </summary>
public sealed class OctopusGovernanceLane : IAsyncDisposable
{
    const string ApiKey = "API-GOVERNANCELANEKEY0000000000001";
    readonly string keyDirectory = Directory.CreateTempSubdirectory("octo-orchestrate-key-").FullName;

    OctopusGovernanceLane(GovernanceRepo repo, OctopusSimulatorHost simulator)
    {
        Repo = repo;
        Simulator = simulator;
        KeyFile = Path.Combine(keyDirectory, "octopus.key");
        File.WriteAllText(KeyFile, ApiKey);
    }

    public GovernanceRepo Repo { get; }

    public OctopusSimulatorHost Simulator { get; }

    public string KeyFile { get; }

    public SimState State => Simulator.State;

    public static async Task<OctopusGovernanceLane> StartAsync(GovernanceRepo repo)
    {
        var state = new SimState();
        foreach (var name in new[] { "Dev", "Test", "Production" }) state.AddEnvironment(name);
        var lifecycle = state.AddLifecycle("Default Lifecycle", new[] { "Dev", "Test", "Production" }.Select(n => new[] { n }));
        var hotfixLifecycle = state.AddLifecycle("Hotfix", new[] { "Test", "Production" }.Select(n => new[] { n }));
        foreach (var component in new[] { "api", "web" })
        {
            var project = state.AddProject(component, lifecycle.Id, component, channels: [("Default", "*.*.0.*", true)]);
            state.Channels.Add(new SimChannel
            {
                Id = state.NextId("Channels"), SpaceId = project.SpaceId, ProjectId = project.Id, Name = "Hotfix", VersionRule = "*.*.1.*", LifecycleId = hotfixLifecycle.Id,
            });
        }

        return new OctopusGovernanceLane(repo, await OctopusSimulatorHost.StartAsync(state, ApiKey));
    }

    /// <summary>Creates the release on Octopus as the release stage does: package and build information (naming <paramref name="commit"/>) first.</summary>
    public async Task<ReleaseInfo> ReleaseAsync(string component, string version, string commit)
    {
        var folder = Path.Combine(Repo.Root, "artifacts", "packages");
        Directory.CreateDirectory(folder);
        var package = Path.Combine(folder, $"{component}.{version}.zip");
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("app.txt").Open());
            writer.Write($"{component} {version}");
        }

        var information = new BuildInformation(component, version, "main", "Test", "1", null, "Git", null, commit, [new OctoOrchestrate.Pack.BuildInformationCommit(commit, "release", "test")]);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{component}.{version}.buildinfo.json"), information.ToJson());
        var manifest = Repo.Manifest;
        await using var server = OctopusReleaseServer.Open(manifest, OctopusConnection.Create(Simulator.Url, ApiKey));
        return await server.CreateReleaseAsync(new NewRelease(component, version, package, commit, "notes", ReleaseStage.ChooseChannel(manifest, version)));
    }

    /// <summary>The CLI against the simulator (<c>--server</c>); the state folder (audit log, train store) is the repository's default one.</summary>
    public Task<CliOutcome> CliAsync(params string[] args) => Repo.CliAsync([.. args, "--server", Simulator.Url, "--api-key-file", KeyFile, "--poll-interval", "0.1"]);

    public Task<CliOutcome> DeployAsync(string user, string environment, string component, string version, params string[] more) =>
        CliAsync(["deploy", "--to", environment, "--component", component, "--version", version, "--as", user, .. more]);

    /// <summary>Versions deployed successfully to the environment on the server, oldest first.</summary>
    public string[] Deployed(string environment, string component)
    {
        lock (State.Gate)
        {
            var project = State.Projects.Single(p => p.Name == component);
            var environmentId = State.Environments.Single(e => e.Name == environment).Id;
            return State.Deployments.Where(d => d.ProjectId == project.Id && d.EnvironmentId == environmentId && State.TaskOf(d).State == TaskState.Success)
                .OrderBy(d => State.TaskOf(d).CompletedTime).Select(d => State.Releases.Single(r => r.Id == d.ReleaseId).Version).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        Directory.Delete(keyDirectory, recursive: true);
        Repo.Dispose();
    }
}
