using Cake.Core;
using Cake.Core.IO;
using OctoOrchestrate;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.Release;

namespace Cake.OctoOrchestrate;

/// <summary>Where the aliases meet Cake: paths resolved against Cake's working directory (not the process's), and the release server.</summary>
internal static class OctoHost
{
    public static string WorkingDirectory(ICakeContext context) => context.Environment.WorkingDirectory.FullPath;

    public static string? ManifestPath(ICakeContext context, OctoSettings settings) =>
        settings.Manifest is { } manifest ? manifest.MakeAbsolute(context.Environment).FullPath : null;

    public static string? StateDirectory(ICakeContext context, OctoStateSettings settings) =>
        settings.StateDirectory is { } state ? state.MakeAbsolute(context.Environment).FullPath : null;

    public static Monorepo LoadMonorepo(ICakeContext context, OctoSettings settings) =>
        Monorepo.Load(ManifestPath(context, settings), WorkingDirectory(context));

    /// <summary>The manifest alone, for the aliases that need no git (deploy, promote, status).</summary>
    public static MonorepoManifest LoadManifest(ICakeContext context, OctoSettings settings) =>
        ManifestLoader.Load(ManifestLoader.Locate(ManifestPath(context, settings), WorkingDirectory(context)));

    public static IReleaseServer OpenServer(ICakeContext context, MonorepoManifest manifest, OctoStateSettings settings) =>
        Octopus(context, manifest, settings) is { } connection
            ? OctopusReleaseServer.Open(manifest, connection, new OctopusOptions { Progress = new CakeProgress(context.Log) })
            : LocalReleaseServer.Open(manifest, RefuseOctopusOnly(context, settings));

    /// <summary>For reading (OctoStatus): Octopus as always; a local state folder is never created, so without one the answer is null.</summary>
    public static IReleaseServer? OpenExistingServer(ICakeContext context, MonorepoManifest manifest, OctoStateSettings settings) =>
        Octopus(context, manifest, settings) is { } connection
            ? OctopusReleaseServer.Open(manifest, connection, new OctopusOptions { Progress = new CakeProgress(context.Log) })
            : LocalReleaseServer.OpenExisting(manifest, RefuseOctopusOnly(context, settings));

    /// <summary>
    /// The Octopus connection the settings ask for, resolved like the CLI's ServerOptions: the URL from the settings, else OCTOPUS_URL,
    /// else the manifest; the key from <see cref="OctoStateSettings.OctopusApiKeyFile"/>, else OCTOPUS_API_KEY; the space from the settings,
    /// else OCTOPUS_SPACE, else the manifest. Null = the embedded server. Variables are read through Cake's environment.
    /// </summary>
    public static OctopusConnection? Octopus(ICakeContext context, MonorepoManifest manifest, OctoStateSettings settings)
    {
        string? Variable(string name) => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
        (string Url, string Source)? server =
            !string.IsNullOrWhiteSpace(settings.OctopusServer) ? (settings.OctopusServer, $"{settings.GetType().Name}.OctopusServer")
            : Variable("OCTOPUS_URL") is { } variable ? (variable, "OCTOPUS_URL")
            : manifest.Octopus?.Server is { } fromManifest && !string.IsNullOrWhiteSpace(fromManifest) ? (fromManifest, $"'octopus: server' in {manifest.FilePath}")
            : null;
        if (server is not { } found) return null;
        var space = settings.OctopusSpace is { Length: > 0 } named && !string.IsNullOrWhiteSpace(named) ? named : Variable("OCTOPUS_SPACE") ?? manifest.Octopus?.Space;
        return OctopusConnection.Create(found.Url, ApiKey(context, settings, Variable("OCTOPUS_API_KEY")), space, found.Source);
    }

    static string ApiKey(ICakeContext context, OctoStateSettings settings, string? fromVariable)
    {
        if (settings.OctopusApiKeyFile is { } file)
        {
            var path = file.MakeAbsolute(context.Environment).FullPath;
            try
            {
                return File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"{settings.GetType().Name}.OctopusApiKeyFile: cannot read '{path}' ({ex.GetType().Name}). Give a readable file holding only the key.");
            }
        }

        return fromVariable ?? throw new BadInputException(
            $"An Octopus server needs an API key: set OCTOPUS_API_KEY, or {settings.GetType().Name}.OctopusApiKeyFile to a file holding it (a key is never a setting: settings get logged).");
    }

    static string? RefuseOctopusOnly(ICakeContext context, OctoStateSettings settings) =>
        settings.OctopusSpace is not null || settings.OctopusApiKeyFile is not null
            ? throw new BadInputException($"{settings.GetType().Name}.OctopusSpace and OctopusApiKeyFile are for an Octopus server: set OctopusServer (or OCTOPUS_URL) too.")
            : StateDirectory(context, settings);

    public static TimeSpan? Positive(TimeSpan? timeout, string name) => timeout switch
    {
        null => null,
        { } value when value > TimeSpan.Zero => value,
        { } value => throw new BadInputException($"{name}: {value} is not a positive duration. Leave it unset for no limit."),
    };

    /// <summary>Cake aliases are synchronous; Cake runs scripts with no synchronization context, so waiting here cannot deadlock.</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new BadInputException($"{name} is required: set it in the settings, e.g. new {name.Split('.')[0]} {{ {name.Split('.')[1]} = \"Dev\" }}.");
    }
}
