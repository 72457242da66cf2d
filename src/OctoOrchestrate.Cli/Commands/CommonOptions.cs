using System.CommandLine;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>Options several commands share, so each means the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Manifest() => new("--manifest") { Description = "Path of octo-orchestrate.yaml (or its folder). Default: found in the current folder or above." };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout instead of the table." };

    /// <summary>
    /// Whether the command line asks for JSON, read from the raw arguments: an error (a parse error included) must know it
    /// before, or without, any parse result.
    /// </summary>
    public static bool WantsJson(string[] args)
    {
        foreach (var arg in args)
        {
            if (arg == "--") return false;
            if (arg is "--json" or "--json=true" or "--json:true") return true;
        }

        return false;
    }

    public static Option<bool> IncludeUncommitted() => new("--include-uncommitted")
    {
        Description = "Also count staged, unstaged and untracked files. Off by default; off when CI=true unless given.",
    };
}
