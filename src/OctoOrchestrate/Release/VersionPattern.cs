using System.Text.RegularExpressions;

namespace OctoOrchestrate.Release;

/// <summary>Wildcard version patterns (<c>2026.4.1.*</c>) as channels and release selection use them; the periods matter.</summary>
public static class VersionPattern
{
    public static bool IsWildcard(string pattern) => pattern.Contains('*', StringComparison.Ordinal);

    public static bool Matches(string? pattern, string version) =>
        pattern is null || (IsWildcard(pattern)
            ? Regex.IsMatch(version, "^" + Regex.Escape(pattern).Replace(@"\*", "[0-9A-Za-z.+-]*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1))
            : string.Equals(pattern, version, StringComparison.OrdinalIgnoreCase));

    /// <summary>Orders Year.Minor.Patch.Build versions numerically (text comparison would put .10 before .9).</summary>
    public static int Compare(string a, string b) =>
        System.Version.TryParse(a, out var left) && System.Version.TryParse(b, out var right) ? left.CompareTo(right) : string.CompareOrdinal(a, b);
}
