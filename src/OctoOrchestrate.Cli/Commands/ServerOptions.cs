using System.CommandLine;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>
/// Which release server a command uses: Octopus Deploy when <c>--server</c> or OCTOPUS_URL is given (key from OCTOPUS_API_KEY or
/// <c>--api-key-file</c>, never a flag value), else the embedded local server in <c>--state</c>.
/// </summary>
internal sealed class ServerOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = "Octopus Deploy server URL (or OCTOPUS_URL; a trailing / or /api is fine). The API key comes from OCTOPUS_API_KEY or --api-key-file. Default: the embedded local server." };

    public Option<string?> ApiKeyFile { get; } = new("--api-key-file") { Description = "File holding the Octopus API key (instead of OCTOPUS_API_KEY)." };

    public Option<string?> Space { get; } = new("--space") { Description = "Octopus space name or Spaces-N id (or OCTOPUS_SPACE). Default: the default space." };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Print the Octopus requests of the run, counted by route, on stderr." };

    public Option<double?> PollInterval { get; } = new("--poll-interval") { Description = "Seconds between the polls of the Octopus tasks a run waits for (default 2, growing to 10 while nothing changes)." };

    public IEnumerable<Option> All => [Server, ApiKeyFile, Space, Verbose, PollInterval];

    public async Task<IReleaseServer> OpenAsync(ParseResult parse, MonorepoManifest manifest, Option<string?> state, IProgress<string>? progress = null)
    {
        if (ResolveUrl(parse, manifest) is not { } server)
        {
            RefuseServerOnlyFlags(parse);
            return LocalReleaseServer.Open(manifest, parse.GetValue(state));
        }

        var (url, source) = server;
        var key = await ReadKeyAsync(parse.GetValue(ApiKeyFile)).ConfigureAwait(false);
        var space = parse.GetValue(Space) ?? Environment.GetEnvironmentVariable("OCTOPUS_SPACE") ?? manifest.Octopus?.Space;
        var options = new OctopusOptions { Progress = progress };
        if (parse.GetValue(PollInterval) is { } seconds)
        {
            options = seconds is > 0 and <= 600 ? options with { PollInterval = TimeSpan.FromSeconds(seconds) }
                : throw new BadInputException($"--poll-interval {seconds}: give a number of seconds between 0 and 600, e.g. --poll-interval 5.");
        }

        return OctopusReleaseServer.Open(manifest, OctopusConnection.Create(url, key, space, source), options);
    }

    /// <summary>
    /// The Octopus server URL and where it came from (for error messages): --server, else OCTOPUS_URL, else the manifest's
    /// <c>octopus: server</c>; null = the embedded local server. The one place that decides whether a command goes to Octopus.
    /// </summary>
    public (string Url, string Source)? ResolveUrl(ParseResult parse, MonorepoManifest manifest) =>
        parse.GetValue(Server) is { } flag && !string.IsNullOrWhiteSpace(flag) ? (flag, "--server")
        : Environment.GetEnvironmentVariable("OCTOPUS_URL") is { } variable && !string.IsNullOrWhiteSpace(variable) ? (variable, "OCTOPUS_URL")
        : manifest.Octopus?.Server is { } fromManifest && !string.IsNullOrWhiteSpace(fromManifest) ? (fromManifest, $"'octopus: server' in {manifest.FilePath}")
        : null;

    /// <summary>Whether the command goes to Octopus (see <see cref="ResolveUrl"/>).</summary>
    public bool Configured(ParseResult parse, MonorepoManifest manifest) => ResolveUrl(parse, manifest) is not null;

    /// <summary>
    /// For reading commands (status): a local state folder is never created, so without one the answer is null ("nothing deployed");
    /// an Octopus server is opened as for every command.
    /// </summary>
    public async Task<IReleaseServer?> OpenExistingAsync(ParseResult parse, MonorepoManifest manifest, Option<string?> state)
    {
        if (Configured(parse, manifest)) return await OpenAsync(parse, manifest, state).ConfigureAwait(false);
        RefuseServerOnlyFlags(parse);
        return LocalReleaseServer.OpenExisting(manifest, parse.GetValue(state));
    }

    void RefuseServerOnlyFlags(ParseResult parse)
    {
        if (parse.GetValue(ApiKeyFile) is not null || parse.GetValue(Space) is not null)
            throw new BadInputException("--api-key-file and --space are for an Octopus server: pass --server URL (or set OCTOPUS_URL) too.");
    }

    static async Task<string> ReadKeyAsync(string? file)
    {
        if (file is not null)
        {
            try
            {
                return (await File.ReadAllTextAsync(file).ConfigureAwait(false)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"--api-key-file: cannot read '{file}' ({ex.GetType().Name}). Pass a readable file holding only the key.");
            }
        }

        return Environment.GetEnvironmentVariable("OCTOPUS_API_KEY") is { Length: > 0 } key ? key
            : throw new BadInputException("An Octopus server needs an API key: set OCTOPUS_API_KEY, or pass --api-key-file PATH (a key is never taken as a flag value, so it stays out of shell history and process lists).");
    }

    /// <summary>--verbose: the run's Octopus requests by route on stderr (nothing for the local server).</summary>
    public async Task ReportAsync(ParseResult parse, IReleaseServer server, TextWriter error)
    {
        if (!parse.GetValue(Verbose) || server is not OctopusReleaseServer octopus) return;
        await error.WriteLineAsync($"Octopus requests: {octopus.RequestCount}").ConfigureAwait(false);
        foreach (var (route, count) in octopus.RequestCounts) await error.WriteLineAsync($"  {count,5}  {route}").ConfigureAwait(false);
    }

    /// <summary>Forwards the backend's news (a deployment waiting for a manual intervention) to whatever shows progress once the run starts.</summary>
    public sealed class Relay : IProgress<string>
    {
        public IProgress<string>? Target { get; set; }

        public void Report(string value) => Target?.Report(value);

        public static Relay ToLines(TextWriter error) => new() { Target = new Lines(error) };

        sealed class Lines(TextWriter error) : IProgress<string>
        {
            public void Report(string value)
            {
                lock (error) error.WriteLine(value);
            }
        }
    }

    /// <summary>The count for --json: total and per route; null for the local server.</summary>
    public static OctopusRequestsDocument? Requests(IReleaseServer server) =>
        server is OctopusReleaseServer octopus ? new OctopusRequestsDocument(octopus.RequestCount, octopus.RequestCounts) : null;
}
