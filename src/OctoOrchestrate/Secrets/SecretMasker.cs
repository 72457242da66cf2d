using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OctoOrchestrate.Secrets;

/// <summary>
/// Replaces secret values with <see cref="Replacement"/> in every line the tool writes (logs, console, JSON, build information).
/// A value is secret when its environment variable is listed under the manifest's <c>secrets:</c> or its name looks secret
/// (<see cref="LooksSecret"/>). Values shorter than <see cref="MinimumLength"/> characters (and <c>true</c>/<c>false</c>) are
/// left alone: masking every "1" or "yes" would make output unreadable without protecting anything. Credentials inside URLs
/// are removed as well (<see cref="UrlCredentials"/>). Process-wide on purpose: the values come from this process's environment,
/// which every command it starts inherits.
/// </summary>
public static class SecretMasker
{
    public const string Replacement = "***";
    public const int MinimumLength = 4;

    // Parts of variable names that hold secrets by convention (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, NUGET_API_KEY, ...).
    static readonly string[] SecretNameParts =
    [
        "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "API_KEY", "APIKEY", "PRIVATE_KEY", "PRIVATEKEY",
        "CREDENTIAL", "ACCESS_KEY", "ACCESSKEY", "SIGNING_KEY", "CONNECTION_STRING", "CONNECTIONSTRING",
    ];

    static readonly SearchValues<char> JsonEscaped = SearchValues.Create("\"\\");
    static readonly Lock Gate = new();
    static readonly HashSet<string> ListedNames = new(StringComparer.Ordinal);
    static string[]? values;

    /// <summary>True for names such as <c>GITHUB_TOKEN</c>, <c>db_password</c> or <c>OCTOPUS_API_KEY</c> (case-insensitive).</summary>
    public static bool LooksSecret(string variableName)
    {
        var upper = variableName.ToUpperInvariant().Replace('-', '_');
        return Array.Exists(SecretNameParts, upper.Contains);
    }

    /// <summary>Masks the values of these environment variables from now on (the manifest's <c>secrets:</c>).</summary>
    public static void AddVariableNames(IEnumerable<string> names)
    {
        lock (Gate)
        {
            foreach (var name in names)
            {
                if (ListedNames.Add(name)) values = null;
            }
        }
    }

    /// <summary><paramref name="text"/> with every secret value and URL credential replaced by <see cref="Replacement"/>.</summary>
    public static string Mask(string text)
    {
        if (text.Length == 0) return text;
        foreach (var secret in Values())
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }

        return UrlCredentials.Redact(text);
    }

    /// <summary>Null stays null, so optional fields can be masked in place.</summary>
    public static string? MaskOptional(string? text) => text is null ? null : Mask(text);

    static string[] Values()
    {
        if (values is { } known) return known;
        lock (Gate)
        {
            if (values is not null) return values;
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                if (variable.Key is not string name || variable.Value is not string value) continue;
                if (ListedNames.Contains(name) || LooksSecret(name)) AddForms(found, value);
            }

            // Longest first: a secret that contains another is masked whole, not left with a visible remainder.
            return values = [.. found.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal)];
        }
    }

    /// <summary>A value as it may appear in output: each line of it (a PEM key prints line by line), JSON-escaped, URL-escaped.</summary>
    static void AddForms(HashSet<string> found, string value)
    {
        foreach (var line in value.Split('\n'))
        {
            var part = line.TrimEnd('\r');
            if (part.Length < MinimumLength || part.Equals("true", StringComparison.OrdinalIgnoreCase) || part.Equals("false", StringComparison.OrdinalIgnoreCase)) continue;
            found.Add(part);
            // Only a value with characters JSON escapes has another JSON form; checking first keeps the encoder off the start-up path.
            if (part.AsSpan().IndexOfAny(JsonEscaped) >= 0 || part.Any(c => c < ' ' || c > '~'))
                found.Add(JsonEncodedText.Encode(part, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
            found.Add(Uri.EscapeDataString(part));
        }
    }
}
