namespace OctoOrchestrate.Ports;

/// <summary>
/// The second fence behind <see cref="Manifest.NameRules"/>: every path the tool computes from names (state folder,
/// artifacts) is built here and refused when it would leave its root, before anything is written or deleted there.
/// Path.Combine alone lets an absolute part replace the root and '..' climb out of it.
/// </summary>
public static class ContainedPath
{
    static readonly char[] Separators = ['/', '\\'];

    /// <summary><paramref name="root"/> joined with <paramref name="parts"/>; throws when a part is empty, rooted, holds a separator or '..', or the result is not below the root.</summary>
    public static string Under(string root, params string[] parts)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var path = fullRoot;
        foreach (var part in parts)
        {
            if (part.Length == 0 || part is "." or ".." || part.IndexOfAny(Separators) >= 0 || Path.IsPathRooted(part) || part.Contains('\0'))
                throw Escapes(fullRoot, part);
            path = Path.Join(path, part);
        }

        var full = Path.GetFullPath(path);
        // A file system root ("/", "C:\") keeps its separator after trimming.
        var prefix = Path.EndsInDirectorySeparator(fullRoot) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        return parts.Length == 0 || full.StartsWith(prefix, PathComparison) ? full : throw Escapes(fullRoot, string.Join('/', parts));
    }

    // Windows and macOS file systems ignore case by default, so a folder differing in case is the same folder there.
    static StringComparison PathComparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    static BadInputException Escapes(string root, string part) => new(
        $"The name '{part}' would make a path outside '{root}'. Names may hold only letters, digits, '.', '_' and '-' and may not be '..' or a path; rename it in the manifest.");
}
