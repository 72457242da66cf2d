using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cake;

/// <summary>
/// END-TO-END (slow, 2 to 4 min: Cake installs the add-in and compiles the script, then the Octo Pet Shop is really built): the
/// Cake.OctoOrchestrate add-in and the library it depends on are packed into a local feed, and the sample's build.cake runs with
/// <c>dotnet cake</c> (cake.tool from .config/dotnet-tools.json, restored by .ci/run) on a git copy of sample-monorepo.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class CakeAddinEndToEndTests : IDisposable
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(10);

    // A version of its own per run: Cake prefers a copy it already has (tools/Addins, the global packages folder) over the feed,
    // so a fixed version could load a stale add-in.
    readonly string version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    readonly TempGitRepo repo = new();
    readonly string feed = Directory.CreateTempSubdirectory("octo-orchestrate-feed-").FullName;

    public void Dispose()
    {
        repo.Dispose();
        Directory.Delete(feed, recursive: true);
    }

    [Fact]
    public async Task The_sample_build_cake_ships_the_pet_shop_to_Test_through_the_addin_and_reads_its_status()
    {
        await PackAsync("src/OctoOrchestrate");
        await PackAsync("src/Cake.OctoOrchestrate");
        PrepareSampleCopy();
        var restored = await RunAsync(repo.Path, Dotnet, ["tool", "restore"]);
        Assert.True(restored.ExitCode == 0, restored.Output);

        var ci = await RunCakeAsync("--target=Ci");

        Assert.True(ci.ExitCode == 0, ci.Output);
        Assert.True(Directory.Exists(Path.Combine(repo.Path, "tools", "Addins", $"Cake.OctoOrchestrate.{version}")), "the add-in was not installed from the feed");
        var deployable = new[] { "database", "product-service", "cart-service", "web" };
        foreach (var component in deployable)
        {
            Assert.Contains($"octo deploy Dev: {component} 2026.4.0.1 Deployed", ci.Lines);
            Assert.Contains($"octo verify Dev: {component} 2026.4.0.1 Passed", ci.Lines);
            Assert.Contains($"octo promote Test: {component} 2026.4.0.1 Deployed", ci.Lines);
        }

        Assert.Contains("octo build: shared-contracts 2026.4.0.1 Built", ci.Lines);
        Assert.Contains("octo ci: succeeded: everything changed is released, deployed, tested and promoted", ci.Lines);
        Assert.Contains("released: OctoPetShop.Database 2026.4.0.1, OctoPetShop.ProductService 2026.4.0.1, OctoPetShop.CartService 2026.4.0.1, OctoPetShop.Web 2026.4.0.1", ci.Lines);
        Assert.Contains(ci.Lines, line => line.StartsWith("release: creating releases", StringComparison.Ordinal));

        // What the script did is in the ledger: one release per deployable component, current in Dev and Test.
        var manifest = ManifestLoader.Load(Path.Combine(repo.Path, ManifestLoader.DefaultFileName));
        await using (var server = LocalReleaseServer.OpenExisting(manifest))
        {
            Assert.NotNull(server);
            foreach (var component in deployable)
            {
                Assert.Equal(["2026.4.0.1"], (await server.ListReleasesAsync(component)).Select(r => r.Version));
                Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync(component, "Dev"))?.Version);
                Assert.Equal("2026.4.0.1", (await server.GetCurrentDeploymentAsync(component, "Test"))?.Version);
            }

            Assert.Empty(await server.ListReleasesAsync("shared-contracts"));
        }

        var status = await RunCakeAsync("--target=Status");

        Assert.True(status.ExitCode == 0, status.Output);
        foreach (var component in deployable)
        {
            Assert.Contains($"current: {component} Test 2026.4.0.1", status.Lines);
            Assert.DoesNotContain(status.Lines, line => line.StartsWith($"current: {component} Staging", StringComparison.Ordinal));
        }
    }

    /// <summary>Packs what the test run already built (this configuration), with the run's version, into the feed.</summary>
    async Task PackAsync(string project)
    {
        var nuspecs = Directory.CreateTempSubdirectory("octo-orchestrate-nuspec-").FullName;
        try
        {
            var packed = await RunAsync(SampleMonorepo.RepositoryRoot, Dotnet,
                ["pack", project, "-c", Configuration, "--no-build", "--nologo", "-o", feed, $"-p:Version={version}", $"-p:NuspecOutputPath={nuspecs}/"]);
            Assert.True(packed.ExitCode == 0, packed.Output);
        }
        finally
        {
            Directory.Delete(nuspecs, recursive: true);
        }
    }

    /// <summary>
    /// A git copy of the sample with the repository's tool manifest and a nuget.config that adds the feed to the repository's sources
    /// (the add-in's own dependencies, YamlDotNet and SQLite, come from those); the #addin line names this run's version.
    /// </summary>
    void PrepareSampleCopy()
    {
        SampleMonorepo.CopyTo(repo.Path);
        var root = SampleMonorepo.RepositoryRoot;
        repo.Write(".config/dotnet-tools.json", File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")));
        var sources = File.ReadAllText(Path.Combine(root, "nuget.config"));
        repo.Write("nuget.config", sources.Replace("</packageSources>", $"  <add key=\"addins\" value=\"{feed}\" />\n  </packageSources>", StringComparison.Ordinal));
        var script = File.ReadAllText(Path.Combine(repo.Path, "build.cake"));
        var directive = AddinDirective().Match(script);
        Assert.True(directive.Success, "sample-monorepo/build.cake has no '#addin nuget:?package=Cake.OctoOrchestrate&version=…&loaddependencies=true' line");
        repo.Write("build.cake", script.Replace(directive.Groups["version"].Value, version, StringComparison.Ordinal));
        repo.Write(".gitignore", "bin/\nobj/\nartifacts/\n.octo-orchestrate/\ntools/\n").Commit("Octo Pet Shop");
    }

    Task<(int ExitCode, string Output, string[] Lines)> RunCakeAsync(string target) =>
        RunAsync(repo.Path, Dotnet, ["cake", "build.cake", target], new Dictionary<string, string> { ["NO_COLOR"] = "1", ["CI"] = "true", ["CAKE_SETTINGS_ENABLESCRIPTCACHE"] = "true" });

    static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    static async Task<(int ExitCode, string Output, string[] Lines)> RunAsync(
        string workingDirectory, string fileName, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { lock (gate) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (gate) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandLimit.TotalMinutes} min:\n{output}");
        }

        process.WaitForExit();
        var text = AnsiEscape().Replace(output.ToString(), "");
        return (process.ExitCode, text, text.Split('\n').Select(l => l.Trim()).ToArray());
    }

    [GeneratedRegex(@"^#addin nuget:\?package=Cake\.OctoOrchestrate&version=(?<version>[^&\s]+)&loaddependencies=true\s*$", RegexOptions.Multiline)]
    private static partial Regex AddinDirective();

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
