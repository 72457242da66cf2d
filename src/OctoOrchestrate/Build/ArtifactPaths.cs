using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Build;

/// <summary>Where build and pack put their files: all under the git-ignored <c>artifacts/</c> beside the manifest.</summary>
public static class ArtifactPaths
{
    public static string Root(MonorepoManifest manifest) => Path.Combine(manifest.Directory, "artifacts");

    public static string BuildOutput(MonorepoManifest manifest, string component) => Path.Combine(Root(manifest), "build", component);

    public static string Log(MonorepoManifest manifest, string component, string step) => Path.Combine(Root(manifest), "logs", $"{component}.{step}.log");

    public static string Packages(MonorepoManifest manifest) => Path.Combine(Root(manifest), "packages");

    public static string Package(MonorepoManifest manifest, string packageId, string version) => Path.Combine(Packages(manifest), $"{packageId}.{version}.zip");

    public static string BuildInformation(MonorepoManifest manifest, string packageId, string version) =>
        Path.Combine(Packages(manifest), $"{packageId}.{version}.buildinfo.json");
}
