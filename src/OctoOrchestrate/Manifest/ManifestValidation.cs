using OctoOrchestrate.Detect;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// The loader's rules checked again on a manifest that did not come straight from the YAML (the cache): the same name,
/// glob and graph rules, so whatever a cache file holds, only a manifest the loader would also accept is used.
/// </summary>
internal static class ManifestValidation
{
    public static bool IsValid(MonorepoManifest manifest)
    {
        if (!ComponentVersion.TryParse(manifest.Train + ".1", out _)) return false;
        if (!AllValid(manifest.GlobalFiles, g => Glob.Problem(g) is null)) return false;
        if (manifest.Environments.Count == 0 || !AllValid(manifest.Environments, NameRules.IsValid) || !Unique(manifest.Environments)) return false;
        var defaults = 0;
        var channelNames = new List<string>(manifest.Channels.Count);
        foreach (var channel in manifest.Channels)
        {
            if (!NameRules.IsValid(channel.Name)) return false;
            if (channel.IsDefault) defaults++;
            channelNames.Add(channel.Name);
        }

        if (defaults != 1 || !Unique(channelNames)) return false;
        foreach (var component in manifest.Components)
        {
            if (!NameRules.IsValid(component.Name) || !NameRules.IsValid(component.PackageId) || !NameRules.IsValid(component.Project)) return false;
            if (component.Paths.Count == 0 || !AllValid(component.Paths, p => Glob.Problem(p) is null)) return false;
            if (AllValid(component.Paths, p => p.StartsWith('!'))) return false; // only exclusions: owns no file
        }

        try
        {
            ManifestGraph.Validate(manifest);
            return true;
        }
        catch (BadInputException)
        {
            return false;
        }
    }

    static bool AllValid(IReadOnlyList<string> values, Func<string, bool> rule)
    {
        foreach (var value in values)
        {
            if (!rule(value)) return false;
        }

        return true;
    }

    static bool Unique(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name)) return false;
        }

        return true;
    }
}
