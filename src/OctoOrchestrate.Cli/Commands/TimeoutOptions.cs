using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>
/// <c>--timeout</c> (deploy and test commands) and <c>--build-timeout</c> (build commands): whole seconds from 1 to a week. 0 or a
/// negative number used to mean "no limit" silently; now any value outside the range is an error naming the flag (exit 2).
/// </summary>
internal static class TimeoutOptions
{
    public const int MaxSeconds = 7 * 24 * 3600;
    public const string BuildTimeoutVariable = "OO_BUILD_TIMEOUT";

    public static Option<int?> Timeout() => Seconds("--timeout", "Fail a deploy or test command that runs longer than this many seconds (1-604800); its whole process group is ended.");

    public static Option<int?> WaitTimeout() => Seconds("--wait-timeout",
        "Cancel a deployment (or testIn test) that runs longer than this many seconds (1-604800); with --wait, also how long to wait for approvals.");

    public static Option<int?> BuildTimeout() => Seconds("--build-timeout",
        $"Fail a build command that runs longer than this many seconds (1-604800). Also read from {BuildTimeoutVariable}. Default: {BuildTrainOptions.DefaultBuildTimeout.TotalSeconds:0}.");

    /// <summary>The build timeout: the flag, else <c>OO_BUILD_TIMEOUT</c>, else the default.</summary>
    public static TimeSpan ResolveBuildTimeout(int? flag)
    {
        if (flag is { } seconds) return TimeSpan.FromSeconds(seconds);
        var variable = Environment.GetEnvironmentVariable(BuildTimeoutVariable);
        if (string.IsNullOrEmpty(variable)) return BuildTrainOptions.DefaultBuildTimeout;
        return TryParse(variable, out var fromVariable) ? TimeSpan.FromSeconds(fromVariable)
            : throw new BadInputException($"{BuildTimeoutVariable}='{variable}' is not valid: {Expected}. Fix or unset the variable.");
    }

    const string Expected = "expected a whole number of seconds from 1 to 604800 (7 days)";

    static Option<int?> Seconds(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (TryParse(text, out var seconds)) return seconds;
            result.AddError($"{name}: '{text}' is not valid: {Expected}.");
            return null;
        },
    };

    static bool TryParse(string text, out int seconds) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= MaxSeconds;
}
