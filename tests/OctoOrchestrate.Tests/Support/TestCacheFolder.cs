using System.Runtime.CompilerServices;
using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Tests.Support;

/// <summary>
/// Points the manifest cache of every test (and of the CLI processes tests start) at a temp folder of this test run, not
/// the user's home, and removes it when the run ends.
/// </summary>
static class TestCacheFolder
{
#pragma warning disable CA2255 // The test assembly is the process's entry point for this purpose: set once, before any test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ManifestCache.EnvironmentVariable) is not null) return;
        var folder = Path.Combine(Path.GetTempPath(), $"octo-orchestrate-test-manifest-cache-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(ManifestCache.EnvironmentVariable, folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // a leftover temp folder must not fail the run
        };
    }
}
