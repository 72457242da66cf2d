using System.Globalization;

namespace OctoOrchestrate.Version;

/// <summary>
/// An explicit Build number: the <c>--build-number</c> flag, else the <c>OO_BUILD_NUMBER</c> environment variable (for example
/// set from a CI counter). Without one, Build is counted from the component's tags, which is what you normally want.
/// </summary>
public static class BuildNumberOverride
{
    public const string Flag = "--build-number";
    public const string EnvironmentVariable = "OO_BUILD_NUMBER";

    public static int? Resolve(string? flagValue, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(flagValue)) return Parse(flagValue, Flag);
        var fromEnvironment = environment(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : Parse(fromEnvironment, EnvironmentVariable);
    }

    static int Parse(string value, string source) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= ComponentVersion.MaxPart
            ? number
            : throw new BadInputException(
                $"{source} '{value}' is not a build number: give a whole number from 1 to {ComponentVersion.MaxPart} (version parts stop at {ComponentVersion.MaxPart}), or leave it out to count from the component's tags.");
}
