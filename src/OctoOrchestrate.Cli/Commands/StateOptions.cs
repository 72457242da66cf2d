using System.CommandLine;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>The <c>--state</c> flag and opening the local release server the way every release command does.</summary>
internal static class StateOptions
{
    public static Option<string?> State() => new("--state")
    {
        Description = $"State folder holding ledger.db and the environments. Default: {StateFolder.DefaultName}/ beside the manifest.",
    };

    public static MonorepoManifest LoadManifest(string? manifestPath) =>
        ManifestLoader.Load(ManifestLoader.Locate(manifestPath, Directory.GetCurrentDirectory()));

    public static Option<bool> Force() => new("--force")
    {
        Description = "Deploy even when the release is already current there, and skip the lifecycle check (previous environment first).",
    };

    public static Option<int?> TimeoutSeconds() => TimeoutOptions.Timeout();

    public static Option<string[]> Components() => new("--component")
    {
        Description = "Only these components (repeat the flag). Default: every deployable component.",
        AllowMultipleArgumentsPerToken = true,
    };
}
