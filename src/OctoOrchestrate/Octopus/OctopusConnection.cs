namespace OctoOrchestrate.Octopus;

/// <summary>
/// Where the Octopus server is and how to talk to it. <see cref="ServerUrl"/> is the server root (a trailing '/' or '/api' given by the
/// user is dropped). The API key is kept out of <see cref="ToString"/> and every message: it only ever goes into the X-Octopus-ApiKey header.
/// </summary>
public sealed class OctopusConnection
{
    OctopusConnection(Uri serverUrl, string apiKey, string? space)
    {
        ServerUrl = serverUrl;
        ApiKey = apiKey;
        Space = space;
    }

    public Uri ServerUrl { get; }

    internal string ApiKey { get; }

    /// <summary>A space name or id (Spaces-N); null = the server's default space.</summary>
    public string? Space { get; }

    /// <param name="source">Names where the URL came from (a flag or a variable), for the error message.</param>
    public static OctopusConnection Create(string serverUrl, string apiKey, string? space = null, string source = "--server")
    {
        var trimmed = serverUrl.Trim().TrimEnd('/');
        if (trimmed.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[..^4];
        if (!Uri.TryCreate(trimmed + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
            throw new BadInputException($"{source}: '{serverUrl}' is not an Octopus server URL. Pass the server's address, e.g. https://octopus.example.com (a trailing /api is fine).");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new BadInputException($"{source}: the URL must not carry credentials. Put the API key in OCTOPUS_API_KEY or a file passed with --api-key-file.");
        apiKey = apiKey.Trim();
        if (apiKey.Length == 0)
            throw new BadInputException("The Octopus API key is empty. Set OCTOPUS_API_KEY, or pass --api-key-file PATH of a file holding the key.");
        if (apiKey.Any(char.IsControl) || apiKey.Contains(' ', StringComparison.Ordinal))
            throw new BadInputException("The Octopus API key contains spaces or control characters. Put only the key (API-…) in OCTOPUS_API_KEY or the --api-key-file.");
        return new OctopusConnection(uri, apiKey, string.IsNullOrWhiteSpace(space) ? null : space.Trim());
    }

    /// <summary>Replaces the key wherever a text might carry it (server messages echo requests sometimes).</summary>
    internal string Redact(string text) => ApiKey.Length == 0 ? text : text.Replace(ApiKey, "API-***", StringComparison.Ordinal);

    public override string ToString() => $"{ServerUrl} (space {Space ?? "default"})";
}
