using System.CommandLine;
using System.Globalization;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Local;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>audit</c>: reads the audit log (who released, deployed, approved, was refused, rolled back) or verifies its hash chain.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var actingAs = GovernanceOptions.As();
        var environment = new Option<string?>("--env") { Description = "Only records of this environment." };
        var since = new Option<string?>("--since") { Description = "Only records from this time on: a date/time (2026-12-01, 2026-12-01T10:00Z) or an age (30m, 12h, 7d)." };
        var verify = new Option<bool>("--verify") { Description = "Check the hash chain: exit 1 when a line was edited, removed or inserted." };
        var command = new Command("audit", "Shows the audit log, or verifies that nothing in it was edited or removed.") { manifest, state, environment, since, verify, actingAs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var from = Since(parse.GetValue(since));
            var policy = GovernancePolicy.For(loaded);
            var actor = Actor.Resolve(parse.GetValue(actingAs));
            var env = parse.GetValue(environment);
            if (env is not null && !loaded.Environments.Contains(env, StringComparer.OrdinalIgnoreCase))
                throw new BadInputException($"--env {env}: not in 'environments:' ({string.Join(", ", loaded.Environments)}).");
            var readable = env is null ? loaded.Environments.Any(e => Permissions.MayRead(policy, actor, e)) : Permissions.MayRead(policy, actor, env);
            if (!readable)
                throw new PermissionRefusedException($"{actor} may not read the audit log{(env is null ? "" : " of " + env)}: {Permissions.WhoMay(policy, t => t.Read, env ?? "*", "read")}.");

            // Reading never creates the state folder (a mistyped --state reads as an empty log).
            var log = AuditLog.For(StateFolder.For(loaded.Directory, parse.GetValue(state)));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(verify)) return await WriteVerificationAsync(output, parse.GetValue(json), log).ConfigureAwait(false);

            var records = log.Read()
                .Where(r => env is null || string.Equals(r.Environment, env, StringComparison.OrdinalIgnoreCase))
                .Where(r => from is null || r.At >= from).ToList();
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(new AuditRecordsDocument(log.Path, records))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = Tables.Create("#", "At (UTC)", "Who", "Action", "Environment", "Component", "Version", "Outcome", "Detail");
            foreach (var r in records)
            {
                table.AddPlainRow(r.Sequence.ToString(CultureInfo.InvariantCulture), r.At.UtcDateTime.ToString("u", CultureInfo.InvariantCulture), $"{r.Actor} ({r.ActorSource})", r.Action,
                    r.Environment ?? "-", r.Component ?? "-", r.Version ?? "-", r.Outcome ?? "-", r.Detail ?? "");
            }

            Tables.Write(output, table);
            await output.WriteLineAsync(Terminal.Safe($"{records.Count} record(s) in {log.Path}")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    static async Task<int> WriteVerificationAsync(TextWriter output, bool json, AuditLog log)
    {
        var result = log.Verify();
        if (json) await output.WriteLineAsync(CliJson.Serialize(new AuditVerificationDocument(log.Path, result.Intact, result.Records, result.Problems, result.TornLastLine))).ConfigureAwait(false);
        else
        {
            await output.WriteLineAsync(Terminal.Safe(result.Intact ? $"intact: {result.Records} record(s) in {log.Path}, chain unbroken" : $"TAMPERED: {log.Path}")).ConfigureAwait(false);
            foreach (var problem in result.Problems) await output.WriteLineAsync(Terminal.Safe("  " + problem)).ConfigureAwait(false);
            if (result.TornLastLine is { } torn) await output.WriteLineAsync(Terminal.Safe("  note: " + torn)).ConfigureAwait(false);
        }

        return result.Intact ? ExitCodes.Success : ExitCodes.Failed;
    }

    internal static DateTimeOffset? Since(string? text)
    {
        if (text is null) return null;
        var trimmed = text.Trim();
        if (trimmed.Length > 1 && long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount < 100_000)
        {
            TimeSpan? age = trimmed[^1] switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), 'd' => TimeSpan.FromDays(amount), _ => null };
            if (age is { } a) return DateTimeOffset.UtcNow - a;
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at
            : throw new BadInputException($"--since: '{text}' is neither a date/time (2026-12-01, 2026-12-01T10:00Z) nor an age (30m, 12h, 7d).");
    }
}
