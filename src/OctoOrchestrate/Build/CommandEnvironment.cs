using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Build;

/// <summary>
/// The <c>OO_*</c> variables every component command gets (see the conventions: build adds OO_OUTPUT). The Octopus API key is
/// removed from their environment: a build or test script that prints its environment must not put the key in a log.
/// </summary>
public static class CommandEnvironment
{
    public static Dictionary<string, string?> For(MonorepoManifest manifest, string component, string version, string commit) =>
        For(component, version, manifest.Directory, commit);

    public static Dictionary<string, string?> For(string component, string version, string manifestDirectory, string commit) => new()
    {
        ["OO_COMPONENT"] = component,
        ["OO_VERSION"] = version,
        ["OO_MANIFEST_DIR"] = manifestDirectory,
        ["OO_COMMIT"] = commit,
        ["OCTOPUS_API_KEY"] = null,
    };
}
