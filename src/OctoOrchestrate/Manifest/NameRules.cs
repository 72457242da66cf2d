namespace OctoOrchestrate.Manifest;

/// <summary>
/// The one rule for every name the manifest gives that ends up in a folder or file name or a git ref (component, environment,
/// packageId, project, channel): ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, and a valid
/// single component of a git ref (<c>git check-ref-format</c>): no "..", no trailing '.', no ".lock" ending. The
/// character set alone already excludes '/', '\', ':', spaces, control characters, <c>@{</c> and <c>~^:?*[</c>; ASCII only
/// because macOS and Windows normalise or fold other characters in file names, so a name would not round-trip.
/// </summary>
public static class NameRules
{
    /// <summary>Long enough for any real name; short enough that <c>name.version.Deployments-N.log</c> fits a file name (255).</summary>
    public const int MaxLength = 100;

    public const string Allowed = "letters, digits, '.', '_' and '-', starting with a letter or digit";

    // Windows refuses these as file or folder names, with any extension.
    static readonly string[] DeviceNames = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    /// <summary>What is wrong with <paramref name="name"/>, or null when it is a valid name.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "is empty";
        if (name.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal) || (name.Length >= 2 && name[1] == ':'))
            return "is a path, not a name: it may not hold '/', '\\', ':' or '..' (each name becomes one folder inside the state folder or artifacts/, never a path elsewhere)";
        if (!char.IsAsciiLetterOrDigit(name[0])) return $"must start with a letter or digit (it names folders and git tags; a leading '{Printable(name[0])}' reads as a path, an option or a hidden file)";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                return $"contains '{Printable(c)}'; it may hold only {Allowed}";
        }

        if (name.EndsWith('.')) return "ends with '.', which git refuses in tag names and Windows drops from file names";
        if (name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase)) return "ends with '.lock', which git refuses in tag names";
        var dot = name.IndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        if (stem.Length is 3 or 4 && DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
            return $"is the Windows device name '{stem}', which cannot be a file or folder";
        return null;
    }

    /// <summary>True when <paramref name="name"/> passes <see cref="Problem"/>.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>The manifest error for a bad <paramref name="name"/> of kind <paramref name="what"/> (e.g. "Environment"), or null.</summary>
    internal static ManifestException? Check(string file, int line, string what, string name) =>
        Problem(name) is { } problem
            ? new ManifestException(file, line, $"{what} name '{Printable(name)}' {problem}. Rename it, e.g. '{Suggest(name)}' (names become folders and git tags).")
            : null;

    /// <summary>A name made valid by replacing what the rule refuses: a hint for the message, never applied silently.</summary>
    internal static string Suggest(string name)
    {
        var chars = new char[Math.Min(name.Length, MaxLength)];
        for (var i = 0; i < chars.Length; i++) chars[i] = char.IsAsciiLetterOrDigit(name[i]) || name[i] is '.' or '_' or '-' ? name[i] : '-';
        var suggestion = new string(chars);
        while (suggestion.Contains("..", StringComparison.Ordinal)) suggestion = suggestion.Replace("..", ".", StringComparison.Ordinal);
        suggestion = suggestion.Trim('.', '-', '_');
        if (suggestion.EndsWith(".lock", StringComparison.OrdinalIgnoreCase)) suggestion = suggestion[..^5] + "-lock";
        return suggestion.Length == 0 || !IsValid(suggestion) ? "my-name" : suggestion;
    }

    static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();

    static string Printable(string text)
    {
        var shown = text.Length > MaxLength ? text[..MaxLength] + "…" : text;
        return string.Concat(shown.Select(Printable));
    }
}
