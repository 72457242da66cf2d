using System.Text.RegularExpressions;

namespace OctoOrchestrate.Secrets;

/// <summary>
/// Credentials inside URLs, for every scheme: the user-info part (<c>https://user:token@host</c>, <c>ssh://git:pw@host</c>,
/// <c>ftp://u:p@host</c>, <c>https://token@host</c>) and query parameters named like secrets (<c>?access_token=</c>,
/// <c>&amp;sig=</c>, <c>?password=</c>). A bare ssh user (<c>ssh://git@host</c>) is an identity, not a secret, and stays.
/// </summary>
public static partial class UrlCredentials
{
    /// <summary>A URL fit to publish (build information's VcsRoot): credentials and secret parameters removed.</summary>
    public static string WithoutCredentials(string url)
    {
        var withoutUser = UserInfo().Replace(url, m => IsCredential(m) ? m.Groups["scheme"].Value : m.Value);
        var fragmentAt = withoutUser.IndexOf('#', StringComparison.Ordinal);
        var (beforeFragment, fragment) = fragmentAt < 0 ? (withoutUser, "") : (withoutUser[..fragmentAt], withoutUser[fragmentAt..]);
        var queryAt = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        if (queryAt < 0) return withoutUser;
        var kept = beforeFragment[(queryAt + 1)..].Split('&').Where(p => !IsSecretParameter(p.Split('=')[0])).ToList();
        return beforeFragment[..queryAt] + (kept.Count == 0 ? "" : "?" + string.Join('&', kept)) + fragment;
    }

    /// <summary>Free text (a log line, a message) with every URL credential replaced by <see cref="SecretMasker.Replacement"/>.</summary>
    public static string Redact(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
            text = UserInfo().Replace(text, m => IsCredential(m) ? m.Groups["scheme"].Value + SecretMasker.Replacement + "@" : m.Value);
        if (text.Contains('=', StringComparison.Ordinal) && (text.Contains('?', StringComparison.Ordinal) || text.Contains('&', StringComparison.Ordinal)))
            text = Parameter().Replace(text, m => IsSecretParameter(m.Groups["name"].Value) ? m.Groups["lead"].Value + SecretMasker.Replacement : m.Value);
        return text;
    }

    static bool IsCredential(Match userInfo) =>
        userInfo.Groups["user"].Value.Contains(':', StringComparison.Ordinal)
        || !userInfo.Groups["scheme"].Value.StartsWith("ssh", StringComparison.OrdinalIgnoreCase) && !userInfo.Groups["scheme"].Value.StartsWith("git+ssh", StringComparison.OrdinalIgnoreCase);

    static bool IsSecretParameter(string name) => SecretParameterName().IsMatch(Uri.UnescapeDataString(name));

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?<user>[^\s/?#@""'<>]+)@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<lead>[?&](?<name>[A-Za-z0-9_.\-%]+)=)(?<value>[^&#\s""'<>]*)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"token|secret|passw|pwd|apikey|api_key|api-key|access_key|private_key|credential|signature|^sig$|^key$|^code$|^auth", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameterName();
}
