using System.CommandLine;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>Options several commands share, so each means the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Manifest() => new("--manifest") { Description = "Path of octo-orchestrate.yaml (or its folder). Default: found in the current folder or above." };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout instead of the table." };

    public static Option<bool> IncludeUncommitted() => new("--include-uncommitted")
    {
        Description = "Also count staged, unstaged and untracked files. Off by default; off when CI=true unless given.",
    };
}
