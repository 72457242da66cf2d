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

    public static string BuildOutput(MonorepoManifest manifest, string component) => ContainedPath.Under(Root(manifest), "build", component);

    public static string Log(MonorepoManifest manifest, string component, string step) => ContainedPath.Under(Root(manifest), "logs", $"{component}.{step}.log");

    public static string Packages(MonorepoManifest manifest) => ContainedPath.Under(Root(manifest), "packages");

    public static string Package(MonorepoManifest manifest, string packageId, string version) => ContainedPath.Under(Root(manifest), "packages", $"{packageId}.{version}.zip");

    public static string BuildInformation(MonorepoManifest manifest, string packageId, string version) =>
        ContainedPath.Under(Root(manifest), "packages", $"{packageId}.{version}.buildinfo.json");
}
