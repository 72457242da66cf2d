using Cake.Core.IO;

namespace Cake.OctoOrchestrate;

/// <summary>What every alias takes: where the manifest is. Relative paths are resolved against Cake's working directory.</summary>
public class OctoSettings
{
    /// <summary>The octo-orchestrate.yaml file or its folder. Default: the one in the working directory or the nearest folder above.</summary>
    public FilePath? Manifest { get; set; }
}

/// <summary>
/// The settings of the aliases that read or write release server state: the embedded server's folder, or an Octopus Deploy server.
/// Octopus is used when <see cref="OctopusServer"/>, the OCTOPUS_URL variable or the manifest's <c>octopus: server</c> names one (as the
/// CLI's --server). Its API key is never a setting (settings get logged and committed): OCTOPUS_API_KEY, or <see cref="OctopusApiKeyFile"/>.
/// </summary>
public class OctoStateSettings : OctoSettings
{
    /// <summary>The state folder holding ledger.db and the environments. Default: <c>.octo-orchestrate/</c> beside the manifest.</summary>
    public DirectoryPath? StateDirectory { get; set; }

    /// <summary>The Octopus Deploy server URL (a trailing / or /api is fine). Default: OCTOPUS_URL, else the manifest's <c>octopus: server</c>, else the embedded server.</summary>
    public string? OctopusServer { get; set; }

    /// <summary>The Octopus space name or Spaces-N id. Default: OCTOPUS_SPACE, else the manifest's <c>octopus: space</c>, else the default space.</summary>
    public string? OctopusSpace { get; set; }

    /// <summary>A file holding the Octopus API key. Default: the OCTOPUS_API_KEY variable.</summary>
    public FilePath? OctopusApiKeyFile { get; set; }
}

/// <summary>Settings of the aliases that run deploy or test commands.</summary>
public class OctoCommandSettings : OctoStateSettings
{
    /// <summary>Bounds each deploy and test command. Default: no limit.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// When the result did not succeed (a build, deployment or test failed), the alias throws so the Cake task fails (default).
    /// Set to false to get the result back and decide in the script.
    /// </summary>
    public bool ThrowOnFailure { get; set; } = true;
}

public sealed class OctoAffectedSettings : OctoSettings
{
    /// <summary>Compare from this revision. Default: the merge-base of HEAD with the default branch.</summary>
    public string? Base { get; set; }

    /// <summary>Compare up to this revision. Default: HEAD.</summary>
    public string? Head { get; set; }

    /// <summary>Also count staged, unstaged and untracked files.</summary>
    public bool IncludeUncommitted { get; set; }
}

public sealed class OctoCiSettings : OctoCommandSettings
{
    /// <summary>The CI build number, recorded in the build information.</summary>
    public string? BuildNumber { get; set; }

    /// <summary>How many independent components build at once. Default: the processor count.</summary>
    public int? MaxParallelism { get; set; }

    /// <summary>Push the new version tags to origin.</summary>
    public bool PushTags { get; set; }

    /// <summary>Bounds each build command. Default: one hour.</summary>
    public TimeSpan? BuildTimeout { get; set; }
}

public sealed class OctoDeploySettings : OctoCommandSettings
{
    /// <summary>The environment to deploy to, e.g. Dev. Required.</summary>
    public string? Environment { get; set; }

    /// <summary>A release version or wildcard (2026.4.0.*). Default: each component's newest release.</summary>
    public string? Version { get; set; }

    /// <summary>Only these components. Default: every deployable component.</summary>
    public ICollection<string> Components { get; } = [];

    /// <summary>Deploy even when the release is current there already, and skip the lifecycle check.</summary>
    public bool Force { get; set; }
}

public sealed class OctoPromoteSettings : OctoCommandSettings
{
    /// <summary>The environment whose current releases are tested and promoted, e.g. Dev. Required.</summary>
    public string? From { get; set; }

    /// <summary>The environment to promote to, e.g. Test. Required.</summary>
    public string? To { get; set; }

    /// <summary>Only these components. Default: every component current in <see cref="From"/>.</summary>
    public ICollection<string> Components { get; } = [];

    /// <summary>Deploy even when the release is current in <see cref="To"/> already.</summary>
    public bool Force { get; set; }
}

public sealed class OctoStatusSettings : OctoStateSettings;
