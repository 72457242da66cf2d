using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Release;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>
/// The simulator proven with the vendor's own client (@octopusdeploy/api-client, pinned in tests/contract/package-lock.json), and our
/// client's requests compared with the vendor's for the same operations. Needs node and <c>npm ci</c> in tests/contract (.ci/run does it).
/// </summary>
public sealed class OctopusVendorContractTests
{
    static readonly string ContractDirectory = FindContractDirectory();

    [SkippableFact]
    public async Task The_vendor_client_finds_creates_deploys_waits_and_reads_against_the_simulator()
    {
        SkipWithoutVendorClient();
        await using var shop = await OctopusPetShop.StartAsync();

        var (exitCode, stdout, stderr) = await RunVendorAsync(shop.Simulator, "web", "2026.4.0.7");

        Assert.True(exitCode == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(shop.Simulator.State.Projects.Single(p => p.Name == "web").Id, root.GetProperty("projectId").GetString());
        Assert.Equal("2026.4.0.7", root.GetProperty("releaseVersion").GetString());
        Assert.Equal(["2026.4.0.7"], root.GetProperty("releasesOfProject").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["Dev", "Test", "Staging", "Production"], root.GetProperty("environments").EnumerateArray().Select(v => v.GetString()));
        foreach (var environment in new[] { "Dev", "Test" })
        {
            var state = root.GetProperty("states").GetProperty(environment);
            Assert.Equal(["Success"], state.GetProperty("waited").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("Success", state.GetProperty("read").GetString());
            Assert.True(state.GetProperty("finished").GetBoolean());
        }

        lock (shop.Simulator.State.Gate)
            Assert.Equal([SimTaskStates.Success, SimTaskStates.Success], shop.Simulator.State.Tasks.Select(t => t.State.ToString()));
    }

    [SkippableFact]
    public async Task Our_client_sends_the_same_routes_methods_and_body_keys_as_the_vendor_client()
    {
        SkipWithoutVendorClient();
        await using var vendorShop = await OctopusPetShop.StartAsync();
        var vendor = await RunVendorAsync(vendorShop.Simulator, "web", "2026.4.0.7");
        Assert.True(vendor.ExitCode == 0, vendor.Error);
        var vendorRequests = vendorShop.Simulator.Requests.ToList();

        await using var ourShop = await OctopusPetShop.StartAsync();
        var manifest = ManifestLoader.Load(Path.Combine(ourShop.Repo.Path, "octo-orchestrate.yaml"));
        var package = Path.Combine(ourShop.Repo.Path, "artifacts", "OctoPetShop.Web.2026.4.0.7.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(package)!);
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create)) zip.CreateEntry("index.html");
        await using (var server = OctopusReleaseServer.Open(manifest, OctopusConnection.Create(ourShop.Simulator.Url, OctopusPetShop.ApiKey),
                         new OctopusOptions { PollInterval = TimeSpan.FromMilliseconds(100) }))
        {
            var release = await server.CreateReleaseAsync(new NewRelease("web", "2026.4.0.7", package, "abc123", "contract test", "Default"));
            foreach (var environment in new[] { "Dev", "Test" })
            {
                var deployment = await server.StartDeploymentAsync(new DeploymentRequest(release.Id, environment));
                Assert.Equal(DeploymentState.Success, (await server.WaitForDeploymentAsync(deployment.Id)).State);
            }
        }

        var ours = ourShop.Simulator.Requests.ToList();
        foreach (var (method, route, documentedExtras) in new (string, string, string[])[]
                 {
                     // The project lookup is not compared: the vendor client finds one project by name, ours reads projects/all once for every component.
                     ("POST", "/api/{space}/releases/create/v1", []),
                     ("POST", "/api/{space}/deployments/create/untenanted/v1", ["ForcePackageRedeployment"]),
                     ("GET", "/api/{space}/tasks", []),
                 })
        {
            var theirs = vendorRequests.Where(r => r.Method == method && OctopusSimulatorHost.RouteOf(r.Path) == route).ToList();
            var mine = ours.Where(r => r.Method == method && OctopusSimulatorHost.RouteOf(r.Path) == route).ToList();
            Assert.True(theirs.Count > 0, $"the vendor client sent no {method} {route}");
            Assert.True(mine.Count > 0, $"our client sent no {method} {route}");
            Assert.Equal(Keys(theirs.SelectMany(r => QueryKeys(r.Query))), Keys(mine.SelectMany(r => QueryKeys(r.Query))).Intersect(Keys(theirs.SelectMany(r => QueryKeys(r.Query)))));
            // spaceName is the vendor client's own field (it resolves the space from it); the server ignores it.
            var vendorBody = Keys(theirs.SelectMany(r => r.BodyKeys)).Except(["spacename"]).ToList();
            var ourBody = Keys(mine.SelectMany(r => r.BodyKeys)).ToList();
            Assert.Equal(vendorBody, ourBody.Except(Keys(documentedExtras)));
        }
    }

    static IEnumerable<string> QueryKeys(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Where(k => k is not ("skip" or "take"));

    static List<string> Keys(IEnumerable<string> keys) => keys.Select(k => k.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();

    static void SkipWithoutVendorClient() =>
        Skip.If(!Directory.Exists(Path.Combine(ContractDirectory, "node_modules", "@octopusdeploy", "api-client")),
            $"The vendor client is not installed: run 'npm ci' in {ContractDirectory} (.ci/run does).");

    static async Task<(int ExitCode, string Out, string Error)> RunVendorAsync(OctopusSimulatorHost simulator, string project, string version)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = ContractDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("vendor-client.js");
        start.Environment["OCTOPUS_URL"] = simulator.Url;
        start.Environment["OCTOPUS_API_KEY"] = simulator.ApiKey;
        start.Environment["CONTRACT_PROJECT"] = project;
        start.Environment["CONTRACT_VERSION"] = version;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).Trim(), await stderr);
    }

    static string FindContractDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "contract");
            if (File.Exists(Path.Combine(candidate, "vendor-client.js"))) return candidate;
        }

        throw new InvalidOperationException($"tests/contract/vendor-client.js not found above {AppContext.BaseDirectory}.");
    }

    static class SimTaskStates
    {
        public const string Success = nameof(TaskState.Success);
    }
}
