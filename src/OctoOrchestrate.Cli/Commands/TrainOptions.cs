using System.CommandLine;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>Options of the version, build and pack commands.</summary>
internal static class TrainOptions
{
    public static Option<string?> BuildNumber() => new("--build-number")
    {
        Description = "Use this Build (1-65534) for every changed component instead of counting from tags. Also read from OO_BUILD_NUMBER.",
    };

    public static Option<bool> PushTags() => new("--push-tags") { Description = "Push the new component/version tags to origin." };

    public static Option<int?> Parallel() => new("--parallel") { Description = "Components built at once. Default: the number of processors." };
}
