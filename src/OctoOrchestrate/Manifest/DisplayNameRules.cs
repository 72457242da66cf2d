namespace OctoOrchestrate.Manifest;

/// <summary>
/// The rule for names people read and type that never become a folder, file or git ref: team names and approval groups
/// (<c>Business Owner</c>), typed as <c>--group "Business Owner"</c> and shown in lists joined by ", ". Letters and digits of any
/// script, single spaces between words, and <c>. _ - &amp; '</c>; starting with a letter or digit. No comma (lists are joined with
/// it), no <c>*</c> (the "every environment" wildcard beside them), no control characters, no leading, trailing or doubled
/// spaces (the name would not match what is typed). <see cref="NameRules"/> stays the rule for names that become folders.
/// </summary>
public static class DisplayNameRules
{
    public const int MaxLength = 100;

    public const string Allowed = "letters, digits, single spaces between words, '.', '_', '-', '&' and ''', starting with a letter or digit";

    /// <summary>What is wrong with <paramref name="name"/>, or null when it is a valid display name.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "is empty";
        if (name.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (!char.IsLetterOrDigit(name[0])) return $"must start with a letter or digit, not '{Printable(name[0])}'";
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '.' or '_' or '-' or '&' or '\''))
                return $"contains '{Printable(c)}'; it may hold only {Allowed}";
        }

        if (name.EndsWith(' ')) return "ends with a space, which nobody types in --group";
        if (name.Contains("  ", StringComparison.Ordinal)) return "holds two spaces in a row; use one space between words";
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>What is wrong with a team member's login (as <c>--as</c>, OO_USER or the CI server gives it), or null.</summary>
    public static string? LoginProblem(string? login)
    {
        if (string.IsNullOrWhiteSpace(login)) return "is empty";
        if (login.Length > 200) return "is longer than 200 characters";
        if (login != login.Trim()) return "starts or ends with a space";
        if (login == "*") return "is '*', which is no wildcard here: list each member's login";
        foreach (var c in login)
        {
            if (char.IsControl(c) || c == ',') return $"contains '{Printable(c)}'";
        }

        return null;
    }

    /// <summary>The manifest error for a bad display name of kind <paramref name="what"/> (e.g. "Team"), or null.</summary>
    internal static ManifestException? Check(string file, int line, string what, string name) =>
        Problem(name) is { } problem ? new ManifestException(file, line, $"{what} name '{Printable(name)}' {problem}.") : null;

    static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();

    static string Printable(string text) => string.Concat((text.Length > MaxLength ? text[..MaxLength] + "…" : text).Select(Printable));
}
