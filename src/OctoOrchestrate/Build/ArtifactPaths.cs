using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Build;

/// <summary>
/// Where build and pack put their files: all under the git-ignored <c>artifacts/</c> beside the manifest, through
/// <see cref="ContainedPath"/> so no name (component, packageId) can point outside it.
/// </summary>
public static class ArtifactPaths
{
    public static string Root(MonorepoManifest manifest) => Path.Combine(manifest.Directory, "artifacts");

    /// <summary><c>artifacts/build/&lt;component&gt;/</c>: holds one folder per build run (and a process-group file while it builds).</summary>
    public static string BuildRuns(MonorepoManifest manifest, string component) => ContainedPath.Under(Root(manifest), "build", component);

    /// <summary>
    /// A fresh <c>OO_OUTPUT</c> per run, <c>artifacts/build/&lt;component&gt;/&lt;run&gt;/</c>: a build left running by a killed run keeps
    /// writing into its own folder, never into the one the rerun packs.
    /// </summary>
    public static string BuildOutput(MonorepoManifest manifest, string component, string run) => ContainedPath.Under(BuildRuns(manifest, component), run);

    public static string Log(MonorepoManifest manifest, string component, string step) => ContainedPath.Under(Root(manifest), "logs", $"{component}.{step}.log");

    public static string Packages(MonorepoManifest manifest) => ContainedPath.Under(Root(manifest), "packages");

    public static string Package(MonorepoManifest manifest, string packageId, string version) => ContainedPath.Under(Root(manifest), "packages", $"{packageId}.{version}.zip");

    public static string BuildInformation(MonorepoManifest manifest, string packageId, string version) =>
        ContainedPath.Under(Root(manifest), "packages", $"{packageId}.{version}.buildinfo.json");
}
