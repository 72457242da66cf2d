using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OctoOrchestrate.Cli.CiOutput;
using OctoOrchestrate.Cli.Progress;
using OctoOrchestrate.Cli.Report;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>ci</c>: the main job, from changed files to releases promoted to Test, with one summary table at the end.</summary>
internal static class CiCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var buildNumber = TrainOptions.BuildNumber();
        var parallel = TrainOptions.Parallel();
        var pushTags = TrainOptions.PushTags();
        var timeout = StateOptions.TimeoutSeconds();
        var buildTimeout = TimeoutOptions.BuildTimeout();
        var json = CommonOptions.Json();
        var servers = new ServerOptions();
        var actingAs = GovernanceOptions.As();
        var allowRegression = GovernanceOptions.AllowRegression();
        var ci = CiOption.Create();
        var report = new Option<string?>("--report") { Description = "Write one self-contained HTML page of the run here. Default: artifacts/report.html beside the manifest." };
        var command = new Command("ci", "The main job: affected -> version -> build -> pack -> release -> deploy to Dev -> integration tests -> promote to Test.")
        {
            manifest, state, buildNumber, parallel, pushTags, timeout, buildTimeout, actingAs, allowRegression, json, ci, report,
        };
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var phases = new PhaseClock();
            phases.Start("load");
            var buildLimit = TimeoutOptions.ResolveBuildTimeout(parse.GetValue(buildTimeout));
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            var news = new ServerOptions.Relay();
            await using var server = await servers.OpenAsync(parse, monorepo.Manifest, state, news).ConfigureAwait(false);
            var options = new CiOptions
            {
                Build = new BuildTrainOptions { BuildNumber = parse.GetValue(buildNumber), MaxParallelism = parse.GetValue(parallel), PushTags = parse.GetValue(pushTags),
                    BuildTimeout = buildLimit },
                Timeout = DeployCommand.Timeout(parse.GetValue(timeout)),
                Guard = GovernanceOptions.For(GovernanceOptions.Deployments, monorepo.Manifest, server, parse.GetValue(state), parse.GetValue(actingAs), parse.GetValue(allowRegression), parse.InvocationConfiguration.Error),
            };
            var error = parse.InvocationConfiguration.Error;
            phases.Start("build");
            var result = await LiveProgress.RunAsync(error, display =>
            {
                var progress = phases.Watch(display);
                news.Target = progress;
                return CiPipeline.RunAsync(monorepo, server, options, progress, cancellationToken);
            }).ConfigureAwait(false);
            phases.Start("summary");
            var output = parse.InvocationConfiguration.Output;
            var summary = RunSummary.From(result, monorepo.Manifest);
            HtmlReport.Write(parse.GetValue(report) ?? HtmlReport.DefaultPath(monorepo.Manifest), result, summary, monorepo.Manifest, DateTimeOffset.UtcNow);
            CiPublisher.Run(CiOption.Server(parse.GetValue(ci), parse.GetValue(json), output, error), result, summary, monorepo.Manifest);
            if (parse.GetValue(json)) await output.WriteLineAsync(WithRequests(result, server)).ConfigureAwait(false);
            else Write(output, error, result, summary);
            await servers.ReportAsync(parse, server, error).ConfigureAwait(false);
            await error.WriteLineAsync(phases.Summary()).ConfigureAwait(false);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The result's JSON; with an Octopus server it also carries the run's request count ("octopusRequests").</summary>
    static string WithRequests(CiResult result, Release.IReleaseServer server)
    {
        if (ServerOptions.Requests(server) is not { } requests) return Json.Serialize(result);
        var node = JsonSerializer.SerializeToNode(result, CliJson.Contract<CiResult>())!.AsObject();
        node["octopusRequests"] = JsonSerializer.SerializeToNode(requests, CliJson.Contract<OctopusRequestsDocument>());
        return node.ToJsonString(CliJson.Options);
    }

    static void Write(TextWriter output, TextWriter error, CiResult result, RunSummary summary)
    {
        foreach (var failed in result.Build.Components.Where(c => c.Error is not null)) error.WriteLine(Terminal.Safe(failed.Error!, keepLineBreaks: true));
        var table = Tables.Create(["Component", "Reason", "Version", "Build", .. summary.StageTitles, "Duration"]);
        foreach (var row in summary.Rows) table.AddPlainRow([row.Component, row.Reason, row.Version, row.Build, .. row.Stages, RunSummary.Seconds(row.Duration)]);
        Tables.Write(output, table);
        foreach (var problem in result.Stages.SelectMany(s => s.Components.Where(c => !c.Succeeded).Select(c => (s, c))))
            output.WriteLine(Terminal.Safe($"{problem.c.Component}: {RunSummary.Title(problem.s)} {problem.c.Outcome}: {problem.c.Reason}"));
        output.WriteLine(summary.Verdict);
    }
}
