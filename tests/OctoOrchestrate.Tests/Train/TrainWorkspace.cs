using System.Text.Json;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Train;

/// <summary>
/// A <see cref="ReleaseWorkspace"/> (real bash deploy/test scripts, real ledger) with the four-environment lifecycle a train goes through,
/// Production asking for two approvals: database (rollback: roll-forward) and worker in wave 1, api (deployAfter database, tested in
/// Staging) in wave 2, web (uses api) in wave 3.
/// </summary>
public sealed class TrainWorkspace : IDisposable
{
    public const string Components = """
          - name: database
            paths: [ "database/**" ]
            deploy: bash scripts/deploy.sh
            test: bash scripts/test.sh
            rollback: roll-forward
          - name: worker
            paths: [ "worker/**" ]
            deploy: bash scripts/deploy.sh
            onDeployFailed: echo "$OO_COMPONENT $OO_VERSION failed in $OO_ENVIRONMENT" >> "$OO_MANIFEST_DIR/on-failed.log"
          - name: api
            paths: [ "api/**" ]
            deployAfter: [ database ]
            deploy: bash scripts/deploy.sh
            test: bash scripts/test.sh
            testIn: [ Staging ]
            onDeployFailed: echo "$OO_COMPONENT $OO_VERSION failed in $OO_ENVIRONMENT" >> "$OO_MANIFEST_DIR/on-failed.log"
          - name: web
            paths: [ "web/**" ]
            uses: [ api ]
            deploy: bash scripts/deploy.sh
        """;

    public TrainWorkspace(string? components = null)
    {
        Inner = new ReleaseWorkspace(); // its scripts and packages; the manifest is replaced by the train's (testIn names Staging)
        File.WriteAllText(Inner.ManifestPath, $"""
            train: 2026.4.0
            environments:
              - Dev
              - Test
              - Staging
              - name: Production
                approvals: [ QA, Business Owner ]
            components:
            {components ?? Components}
            """);
        Manifest = ManifestLoader.Load(Inner.ManifestPath);
    }

    public ReleaseWorkspace Inner { get; }

    public MonorepoManifest Manifest { get; }

    public string Root => Inner.Root;

    public LocalReleaseServer Open() => LocalReleaseServer.Open(Manifest);

    public FileTrainStore Store => new(Inner.StateDirectory);

    /// <summary>Creates the release (notes name the version) and deploys it to the environments in order; true = each deployment succeeded.</summary>
    public async Task<ReleaseInfo> ReleaseAsync(string component, string version, params string[] environments)
    {
        await using var server = Open();
        var release = await server.CreateReleaseAsync(new NewRelease(component, version, Inner.Package(component, version), "abc1234def", $"- {component} change for {version} (abc1234, Test)"));
        foreach (var environment in environments) await DeployAsync(server, release, environment);
        return release;
    }

    public static async Task<DeploymentInfo> DeployAsync(IReleaseServer server, ReleaseInfo release, string environment) =>
        await server.WaitForDeploymentAsync((await server.StartDeploymentAsync(new DeploymentRequest(release.Id, environment, IgnoreLifecycle: true))).Id);

    public Task<CliOutcome> CliAsync(params string[] args) => CliRun.RunAsync(Root, args);

    public string[] Deployed(string environment, string component) => Inner.DeployedVersions(environment, component);

    public void Touch(string name, string content = "") => Inner.Touch(name, content);

    public void Remove(string name) => Inner.Remove(name);

    public static JsonElement Json(CliOutcome outcome)
    {
        try
        {
            return JsonDocument.Parse(outcome.Out).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"not JSON (exit {outcome.ExitCode}): {outcome.Out}\n{outcome.Error}");
        }
    }

    /// <summary>component → (action, candidate) of the plan in a --json answer.</summary>
    public static Dictionary<string, (string Action, string? Candidate)> Plan(JsonElement json) =>
        json.GetProperty("plan").GetProperty("components").EnumerateArray().ToDictionary(
            c => c.GetProperty("component").GetString()!,
            c => (c.GetProperty("action").GetString()!, c.GetProperty("candidate").GetString()));

    /// <summary>component → outcome of the run in a --json answer.</summary>
    public static Dictionary<string, string> Outcomes(JsonElement json) =>
        json.GetProperty("result").GetProperty("components").EnumerateArray().ToDictionary(
            c => c.GetProperty("component").GetString()!, c => c.GetProperty("outcome").GetString()!);

    public void Dispose() => Inner.Dispose();
}
