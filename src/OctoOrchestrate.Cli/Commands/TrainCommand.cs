using System.CommandLine;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>The release-train commands: <c>promote --to</c> (train mode), <c>plan</c>, <c>approve</c>, <c>history</c>, <c>rollback</c>.</summary>
internal static class TrainCommand
{
    public static async Task<int> RunAsync(
        ParseResult parse, MonorepoManifest manifest, ServerOptions servers, Option<string?> stateOption, TrainArguments train, string? to, string? from, bool whatIf,
        string? resume, string? at, int? timeoutSeconds, bool json, CancellationToken cancellationToken, string? tenant = null)
    {
        var stateDirectory = parse.GetValue(stateOption);
        if (resume is not null && (to is not null || from is not null || tenant is not null || train.AnyGiven(parse) && !parse.GetValue(train.Wait) && !parse.GetValue(train.FailFast)))
            throw new BadInputException("--resume runs a stored plan exactly as planned: give only --resume PLAN-ID (with --wait, --wait-timeout, --fail-fast or --json).");
        var notBefore = TrainArguments.ParseAt(at, DateTimeOffset.UtcNow); // a time in the past is refused before anything is written
        // Plans, votes and snapshots stay in the local train store under the state folder, whichever release server deploys.
        var store = FileTrainStore.For(StateFolder.For(manifest.Directory, stateDirectory));
        var relay = ServerOptions.Relay.ToLines(parse.InvocationConfiguration.Error);
        await using var server = await servers.OpenAsync(parse, manifest, stateOption, relay).ConfigureAwait(false);
        var run = train.Run(parse, new StderrProgress(parse.InvocationConfiguration.Error), manifest, server, stateDirectory) with { Timeout = DeployCommand.Timeout(timeoutSeconds) };
        PromotionOutcome outcome;
        if (resume is not null)
            outcome = await TrainPromotion.ResumeAsync(server, store, manifest, resume, run, cancellationToken).ConfigureAwait(false);
        else
        {
            var plan = await TrainPlanner.PlanAsync(server, manifest, to!, train.Promotion(parse, from) with { Tenant = tenant }, train.RequestedBy(parse), cancellationToken: cancellationToken).ConfigureAwait(false)
                with { NotBefore = notBefore };
            plan = await GovernanceOptions.AssessAsync(run, server, plan, cancellationToken).ConfigureAwait(false);
            outcome = whatIf ? new PromotionOutcome(plan, PromotionStatus.AwaitingApproval, [], plan.ApprovalGroups)
                : await TrainPromotion.StartAsync(server, store, manifest, plan, run, cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(parse, servers, server, train, outcome, whatIf, json, cancellationToken).ConfigureAwait(false);
    }

    static async Task<int> WriteAsync(
        ParseResult parse, ServerOptions servers, Release.IReleaseServer server, TrainArguments train, PromotionOutcome outcome, bool whatIf, bool json, CancellationToken cancellationToken)
    {
        var notes = await TrainNotes.WriteAsync(server, outcome.Plan, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(train.NotesFile) is { } notesFile)
        {
            try
            {
                await File.WriteAllTextAsync(Path.GetFullPath(notesFile), notes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new OctoOrchestrateException($"--notes-file: cannot write '{notesFile}': {ex.Message}", ExitCodes.Failed, ex);
            }
        }

        await servers.ReportAsync(parse, server, parse.InvocationConfiguration.Error).ConfigureAwait(false);
        return await TrainOutput.WriteAsync(parse.InvocationConfiguration.Output, json, outcome, notes, whatIf,
            showNotes: whatIf || outcome.Status is PromotionStatus.AwaitingApproval or PromotionStatus.Scheduled, ServerOptions.Requests(server)).ConfigureAwait(false);
    }

    public static Command CreatePlan()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var from = new Option<string?>("--from") { Description = "Source environment. Default: the lifecycle phase before --to." };
        var to = new Option<string>("--to") { Description = "Environment the plan promotes to.", Required = true };
        var train = new TrainArguments();
        var tenant = TenantOptions.Tenant(TenantOptions.TrainDescription);
        var command = new Command("plan", "Prints what 'promote --to ENV' would do (the plan and the release notes); deploys nothing.") { manifest, state, from, to, tenant, json };
        var servers = new ServerOptions();
        foreach (var option in servers.All.Concat(train.All)) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(parse, StateOptions.LoadManifest(parse.GetValue(manifest)), servers, state, train, parse.GetValue(to), parse.GetValue(from),
                whatIf: true, resume: null, at: null, null, parse.GetValue(json), cancellationToken, parse.GetValue(tenant)).ConfigureAwait(false));
        return command;
    }

    public static Command CreateApprove()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var planId = new Argument<string>("plan-id") { Description = "The plan's id, as 'promote' printed it." };
        var by = GovernanceOptions.As(); // the voter: checked against 'teams:' and four eyes, recorded with the vote and in the audit log
        var group = new Option<string>("--group") { Description = "The approval group you vote for, e.g. QA.", Required = true };
        var notes = new Option<string?>("--notes") { Description = "Why; kept with the vote." };
        var reject = new Option<bool>("--reject") { Description = "Reject the plan: nothing of it is ever deployed." };
        var command = new Command("approve", "Approves (or with --reject rejects) a stored train plan for one approval group.") { planId, manifest, state, by, group, notes, reject, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var folder = StateFolder.For(loaded.Directory, parse.GetValue(state));
            var store = FileTrainStore.For(folder);
            var id = parse.GetValue(planId)!;
            var governance = GovernanceOptions.For(GovernanceOptions.Trains, loaded, server: null, parse.GetValue(state), parse.GetValue(by), allowRegression: false, parse.InvocationConfiguration.Error);
            var (decision, waiting) = await governance.VoteAsync(store, id, parse.GetValue(group)!, !parse.GetValue(reject), parse.GetValue(notes), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                await output.WriteLineAsync(CliJson.Serialize(new VoteDocument(id, decision, waiting))).ConfigureAwait(false);
            else
                await output.WriteLineAsync(decision switch
                {
                    PlanDecision.Approved => $"Plan {id} is approved by every group. Run it: octo-orchestrate promote --resume {id}",
                    PlanDecision.Rejected => $"Plan {id} is rejected; nothing of it will be deployed.",
                    _ => $"Vote recorded. Plan {id} still waits for: {string.Join(", ", waiting)}.",
                }).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateHistory()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var environment = new Argument<string>("environment") { Description = "The environment whose train snapshots to list, e.g. Production." };
        var command = new Command("history", "Lists an environment's train snapshots (every promotion and rollback), newest first.") { environment, manifest, state, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var name = loaded.Environments.FirstOrDefault(e => string.Equals(e, parse.GetValue(environment), StringComparison.OrdinalIgnoreCase))
                ?? throw new BadInputException($"Environment '{parse.GetValue(environment)}' is not in the manifest ({string.Join(", ", loaded.Environments)}).");
            var store = FileTrainStore.For(StateFolder.For(loaded.Directory, parse.GetValue(state)));
            var snapshots = await store.ListSnapshotsAsync(name, cancellationToken).ConfigureAwait(false);
            return await TrainOutput.WriteHistoryAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), name, snapshots).ConfigureAwait(false);
        });
        return command;
    }

    public static Command CreateRollback()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var environment = new Option<string>("--env") { Description = "The environment to roll back.", Required = true };
        var snapshot = new Option<string?>("--to") { Description = "The snapshot to return to (see 'history'). Default: the previous successful one." };
        var whatIf = new Option<bool>("--what-if") { Description = "Print the rollback plan; deploy nothing." };
        var train = new TrainArguments();
        var command = new Command("rollback", "Redeploys an earlier train snapshot's versions (only what differs), in order, through the same approvals.")
        {
            manifest, state, environment, snapshot, whatIf, json, train.As, train.FailFast, train.Wait, train.WaitTimeout, train.NotesFile,
        };
        var servers = new ServerOptions();
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var store = FileTrainStore.For(StateFolder.For(loaded.Directory, parse.GetValue(state)));
            await using var server = await servers.OpenAsync(parse, loaded, state, ServerOptions.Relay.ToLines(parse.InvocationConfiguration.Error)).ConfigureAwait(false);
            var env = await Deploy.DeployStage.CheckEnvironmentAsync(server, parse.GetValue(environment)!, cancellationToken).ConfigureAwait(false);
            var plan = await TrainRollback.PlanAsync(server, store, loaded, env, parse.GetValue(snapshot), train.RequestedBy(parse), cancellationToken).ConfigureAwait(false);
            var run = train.Run(parse, new StderrProgress(parse.InvocationConfiguration.Error), loaded, server, parse.GetValue(state));
            plan = await GovernanceOptions.AssessAsync(run, server, plan, cancellationToken).ConfigureAwait(false);
            var outcome = parse.GetValue(whatIf) ? new PromotionOutcome(plan, PromotionStatus.AwaitingApproval, [], plan.ApprovalGroups)
                : await TrainPromotion.StartAsync(server, store, loaded, plan, run, cancellationToken).ConfigureAwait(false);
            return await WriteAsync(parse, servers, server, train, outcome, parse.GetValue(whatIf), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
