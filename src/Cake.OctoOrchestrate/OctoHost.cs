using Cake.Core;
using Cake.Core.IO;
using OctoOrchestrate;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;

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

    public static LocalReleaseServer OpenServer(ICakeContext context, MonorepoManifest manifest, OctoStateSettings settings) =>
        LocalReleaseServer.Open(manifest, StateDirectory(context, settings));

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
