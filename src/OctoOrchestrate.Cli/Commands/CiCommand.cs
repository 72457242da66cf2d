using System.CommandLine;
using System.Globalization;
using OctoOrchestrate.Cli.CiOutput;
using OctoOrchestrate.Cli.Report;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
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
        var ci = CiOption.Create();
        var report = new Option<string?>("--report") { Description = "Write one self-contained HTML page of the run here. Default: artifacts/report.html beside the manifest." };
        var command = new Command("ci", "The main job: affected -> version -> build -> pack -> release -> deploy to Dev -> integration tests -> promote to Test.")
        {
            manifest, state, buildNumber, parallel, pushTags, timeout, buildTimeout, json, ci, report,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var buildLimit = TimeoutOptions.ResolveBuildTimeout(parse.GetValue(buildTimeout));
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            await using var server = LocalReleaseServer.Open(monorepo.Manifest, parse.GetValue(state));
            var options = new CiOptions
            {
                Build = new BuildTrainOptions { BuildNumber = parse.GetValue(buildNumber), MaxParallelism = parse.GetValue(parallel), PushTags = parse.GetValue(pushTags),
                    BuildTimeout = buildLimit },
                Timeout = DeployCommand.Timeout(parse.GetValue(timeout)),
            };
            var error = parse.InvocationConfiguration.Error;
            var result = await LiveProgress.RunAsync(error, progress => CiPipeline.RunAsync(monorepo, server, options, progress, cancellationToken)).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            var summary = RunSummary.From(result, monorepo.Manifest);
            HtmlReport.Write(parse.GetValue(report) ?? HtmlReport.DefaultPath(monorepo.Manifest), result, summary, monorepo.Manifest, DateTimeOffset.UtcNow);
            CiPublisher.Run(CiOption.Server(parse.GetValue(ci), parse.GetValue(json), output, error), result, summary, monorepo.Manifest);
            if (parse.GetValue(json)) await output.WriteLineAsync(Json.Serialize(result)).ConfigureAwait(false);
            else Write(output, error, result, summary);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
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
