using System.Runtime.CompilerServices;
using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Tests.Support;

/// <summary>Points the manifest cache of every test (and of the CLI processes tests start) at one temp folder, not the user's home.</summary>
static class TestCacheFolder
{
#pragma warning disable CA2255 // The test assembly is the process's entry point for this purpose: set once, before any test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ManifestCache.EnvironmentVariable) is null)
            Environment.SetEnvironmentVariable(ManifestCache.EnvironmentVariable, Path.Combine(Path.GetTempPath(), "octo-orchestrate-test-manifest-cache"));
    }
}
