using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Local;

/// <summary>
/// The layout of the state folder (default <c>.octo-orchestrate/</c> beside the manifest, git-ignored). Every path built from
/// a name goes through <see cref="ContainedPath"/>, so it stays inside the state folder whatever the name.
/// </summary>
public sealed class StateFolder(string root)
{
    public const string DefaultName = ".octo-orchestrate";

    public string Root { get; } = Path.GetFullPath(root);

    public string LedgerPath => ContainedPath.Under(Root, "ledger.db");

    public string PackagesDirectory => ContainedPath.Under(Root, "packages");

    public string EnvironmentDirectory(string environment) => ContainedPath.Under(Root, "environments", environment);

    public string ComponentDirectory(string environment, string component) => ContainedPath.Under(Root, "environments", environment, component);

    public string InstallDirectory(string environment, string component, string version) => ContainedPath.Under(Root, "environments", environment, component, version);

    /// <summary>A file naming the version currently deployed (a plain file, not a symlink, so it works on every OS).</summary>
    public string CurrentPointer(string environment, string component) => ContainedPath.Under(Root, "environments", environment, component, "current");

    public string DeploymentLog(string environment, string component, string version, long deploymentId) =>
        ContainedPath.Under(Root, "logs", environment, $"{component}.{version}.Deployments-{deploymentId}.log");

    // A tenant's installs: environments/<env>/<tenant>/<component>/<version> (the manifest refuses a tenant named like a component).
    public string ComponentDirectory(string environment, string component, string? tenant) =>
        tenant is null ? ComponentDirectory(environment, component) : ContainedPath.Under(Root, "environments", environment, tenant, component);

    public string InstallDirectory(string environment, string component, string version, string? tenant) =>
        tenant is null ? InstallDirectory(environment, component, version) : ContainedPath.Under(Root, "environments", environment, tenant, component, version);

    public string CurrentPointer(string environment, string component, string? tenant) =>
        tenant is null ? CurrentPointer(environment, component) : ContainedPath.Under(Root, "environments", environment, tenant, component, "current");

    public string DeploymentLog(string environment, string component, string version, long deploymentId, string? tenant) =>
        tenant is null ? DeploymentLog(environment, component, version, deploymentId)
        : ContainedPath.Under(Root, "logs", environment, tenant, $"{component}.{version}.Deployments-{deploymentId}.log");

    /// <summary>The state folder for a manifest: <paramref name="stateDirectory"/> (relative to the current folder) or the default beside the manifest.</summary>
    public static StateFolder For(string manifestDirectory, string? stateDirectory) =>
        new(stateDirectory is null ? Path.Combine(manifestDirectory, DefaultName) : Path.GetFullPath(stateDirectory));
}
