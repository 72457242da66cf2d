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

    /// <summary>Progress lines go to stderr so stdout holds only the result (table or JSON).</summary>
    public static IProgress<string> Progress(TextWriter error) => new SynchronousProgress(line =>
    {
        lock (error) error.WriteLine(line);
    });

    sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
