using System.CommandLine;
using System.Globalization;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Run;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>The options shared by <c>promote</c> (train mode), <c>plan</c> and <c>rollback</c>, and their parsing into library options.</summary>
internal sealed class TrainArguments
{
    public Option<string?> Pattern { get; } = new("--pattern") { Description = "Only candidates whose version matches this wildcard, e.g. 2026.4.* (the periods matter: not 2026.40.*)." };
    public Option<string?> When { get; } = new("--when") { Description = "if-newer (default): deploy a candidate newer than the destination's; if-not-current; always (also redeploys the current one)." };
    public Option<bool> AllowDowngrade { get; } = new("--allow-downgrade") { Description = "Deploy a candidate older than the destination's (the plan calls it a rollback)." };
    public Option<string[]> Versions { get; } = new("--version") { Description = "Pin a component's version: --version db=2026.4.0.1 (repeat the flag). An older pinned version is a rollback.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Only { get; } = new("--only") { Description = "Only these components: --only api,web.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Skip { get; } = new("--skip") { Description = "Leave these components out: --skip worker.", AllowMultipleArgumentsPerToken = true };
    public Option<string?> NotFound { get; } = new("--not-found") { Description = "A component without a candidate: skip, warn (default) or error (nothing is deployed)." };
    public Option<string?> Channel { get; } = new("--channel") { Description = "Candidates from this channel. Default: the manifest's default channel." };
    public Option<string?> NotesFile { get; } = new("--notes-file") { Description = "Write the train's release notes (markdown) to this file." };
    public Option<string?> As { get; } = new("--as")
    {
        Description = "Who asks for the promotion: checked against 'teams:', recorded in the plan, snapshot and audit log. Default: OO_USER, else the CI server's user, else the OS user.",
    };

    /// <summary>Not in <see cref="All"/>: promote adds it once for both its modes; a rollback is an intended regression without it.</summary>
    public Option<bool> AllowRegression { get; } = GovernanceOptions.AllowRegression();
    public Option<bool> FailFast { get; } = new("--fail-fast") { Description = "Stop the whole train at the first failure: nothing new starts, what runs finishes." };
    public Option<int?> WaitTimeout { get; } = TimeoutOptions.WaitTimeout();
    public Option<bool> Wait { get; } = new("--wait") { Description = "Wait for the approvals and the --at time instead of exiting 6 (bounded by --wait-timeout)." };

    public IEnumerable<Option> All => [Pattern, When, AllowDowngrade, Versions, Only, Skip, NotFound, Channel, NotesFile, As, FailFast, WaitTimeout, Wait];

    /// <summary>The flags only a train promotion knows: any of them given means train mode for <c>promote --from</c>.</summary>
    public bool AnyGiven(ParseResult parse) => All.Where(o => o != WaitTimeout && o != As).Any(o => parse.GetResult(o) is { Implicit: false });

    public PromotionOptions Promotion(ParseResult parse, string? from) => new(
        from,
        parse.GetValue(Pattern),
        ParseWhen(parse.GetValue(When)),
        parse.GetValue(AllowDowngrade),
        ParsePins(parse.GetValue(Versions) ?? []),
        List(parse.GetValue(Only)),
        List(parse.GetValue(Skip)),
        ParseNotFound(parse.GetValue(NotFound)),
        parse.GetValue(Channel));

    /// <summary>The run's options, with the train's governance as the acting user (audit log in the state folder, on every backend).</summary>
    public TrainRunOptions Run(ParseResult parse, IProgress<string> progress, Manifest.MonorepoManifest manifest, Release.IReleaseServer server, string? stateDirectory)
    {
        var seconds = parse.GetValue(WaitTimeout);
        var limit = seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;
        var guard = GovernanceOptions.For(GovernanceOptions.Trains, manifest, server, stateDirectory, parse.GetValue(As), parse.GetValue(AllowRegression), parse.InvocationConfiguration.Error);
        return new TrainRunOptions(limit, parse.GetValue(FailFast), parse.GetValue(Wait), limit) { Progress = progress, Guard = guard };
    }

    public string RequestedBy(ParseResult parse) => Governance.Actor.Resolve(parse.GetValue(As)).Name;

    static WhenPolicy ParseWhen(string? value) => value switch
    {
        null or "if-newer" => WhenPolicy.IfNewer,
        "if-not-current" => WhenPolicy.IfNotCurrent,
        "always" => WhenPolicy.Always,
        _ => throw new BadInputException($"--when: '{value}' is not one of if-newer, if-not-current, always."),
    };

    static NotFoundPolicy ParseNotFound(string? value) => value switch
    {
        null or "warn" => NotFoundPolicy.Warn,
        "skip" => NotFoundPolicy.Skip,
        "error" => NotFoundPolicy.Error,
        _ => throw new BadInputException($"--not-found: '{value}' is not one of skip, warn, error."),
    };

    static Dictionary<string, string> ParsePins(string[] values)
    {
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = value.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || VersionPatternHasWildcard(parts[1]))
                throw new BadInputException($"--version: '{value}' is not component=version. Write it like --version db=2026.4.0.1 (an exact version).");
            if (!pins.TryAdd(parts[0], parts[1])) throw new BadInputException($"--version: {parts[0]} is pinned twice. Pin each component once.");
        }

        return pins;
    }

    static bool VersionPatternHasWildcard(string version) => Release.VersionPattern.IsWildcard(version);

    static List<string>? List(string[]? values) =>
        values is { Length: > 0 } ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() : null;

    /// <summary><c>--at</c>: an ISO time with its offset (<c>2026-12-02T19:00+01:00</c>); a time in the past is refused.</summary>
    public static DateTimeOffset? ParseAt(string? value, DateTimeOffset now)
    {
        if (value is null) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
            throw new BadInputException($"--at: '{value}' is not a time. Write it like --at 2026-12-02T19:00+01:00.");
        return at > now ? at
            : throw new BadInputException($"--at: {at:u} is in the past (now {now:u}). Give a time still to come.");
    }
}
