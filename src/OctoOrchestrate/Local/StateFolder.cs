namespace OctoOrchestrate.Local;

/// <summary>The layout of the state folder (default <c>.octo-orchestrate/</c> beside the manifest, git-ignored).</summary>
public sealed class StateFolder(string root)
{
    public const string DefaultName = ".octo-orchestrate";

    public string Root { get; } = Path.GetFullPath(root);

    public string LedgerPath => Path.Combine(Root, "ledger.db");

    public string PackagesDirectory => Path.Combine(Root, "packages");

    public string EnvironmentDirectory(string environment) => Path.Combine(Root, "environments", environment);

    public string ComponentDirectory(string environment, string component) => Path.Combine(EnvironmentDirectory(environment), component);

    public string InstallDirectory(string environment, string component, string version) => Path.Combine(ComponentDirectory(environment, component), version);

    /// <summary>A file naming the version currently deployed (a plain file, not a symlink, so it works on every OS).</summary>
    public string CurrentPointer(string environment, string component) => Path.Combine(ComponentDirectory(environment, component), "current");

    public string DeploymentLog(string environment, string component, string version, long deploymentId) =>
        Path.Combine(Root, "logs", environment, $"{component}.{version}.Deployments-{deploymentId}.log");

    /// <summary>The state folder for a manifest: <paramref name="stateDirectory"/> (relative to the current folder) or the default beside the manifest.</summary>
    public static StateFolder For(string manifestDirectory, string? stateDirectory) =>
        new(stateDirectory is null ? Path.Combine(manifestDirectory, DefaultName) : Path.GetFullPath(stateDirectory));
}
