using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OctoOrchestrate.Build;
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
        var command = new Command("ci", "The main job: affected -> version -> build -> pack -> release -> deploy to Dev -> integration tests -> promote to Test.")
        {
            manifest, state, buildNumber, parallel, pushTags, timeout, buildTimeout, actingAs, allowRegression, json,
        };
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var buildLimit = TimeoutOptions.ResolveBuildTimeout(parse.GetValue(buildTimeout));
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            var news = new ServerOptions.Relay();
            await using var server = await servers.OpenAsync(parse, monorepo.Manifest, state, news).ConfigureAwait(false);
            var options = new CiOptions
            {
                Build = new BuildTrainOptions { BuildNumber = parse.GetValue(buildNumber), MaxParallelism = parse.GetValue(parallel), PushTags = parse.GetValue(pushTags),
                    BuildTimeout = buildLimit },
                Timeout = DeployCommand.Timeout(parse.GetValue(timeout)),
                Guard = GovernanceOptions.GuardFor(monorepo.Manifest, server, parse.GetValue(actingAs), parse.GetValue(allowRegression), parse.InvocationConfiguration.Error),
            };
            var error = parse.InvocationConfiguration.Error;
            var result = await LiveProgress.RunAsync(error, progress =>
            {
                news.Target = progress;
                return CiPipeline.RunAsync(monorepo, server, options, progress, cancellationToken);
            }).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) await output.WriteLineAsync(WithRequests(result, server)).ConfigureAwait(false);
            else Write(output, error, result, monorepo.Manifest);
            await servers.ReportAsync(parse, server, error).ConfigureAwait(false);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The result's JSON; with an Octopus server it also carries the run's request count ("octopusRequests").</summary>
    static string WithRequests(CiResult result, Release.IReleaseServer server)
    {
        if (ServerOptions.Requests(server) is not { } requests) return Json.Serialize(result);
        var node = JsonSerializer.SerializeToNode(result, Json.Options)!.AsObject();
        node["octopusRequests"] = JsonSerializer.SerializeToNode(requests, Json.Options);
        return Json.Serialize(node);
    }

    static void Write(TextWriter output, TextWriter error, CiResult result, MonorepoManifest manifest)
    {
        foreach (var failed in result.Build.Components.Where(c => c.Error is not null)) error.WriteLine(Terminal.Safe(failed.Error!, keepLineBreaks: true));
        var stages = result.Stages.Where(s => s.Stage != "release").ToList();
        var table = Tables.Create(["Component", "Reason", "Version", "Build", .. stages.Select(Title), "Duration"]);
        var present = result.Build.Components.Select(c => c.Component).Concat(result.Stages.SelectMany(s => s.Components.Select(c => c.Component))).ToHashSet();
        var names = ManifestGraph.Order(manifest).Select(c => c.Name).Where(present.Contains);
        foreach (var name in names)
        {
            var built = result.Build.Components.FirstOrDefault(c => c.Component == name);
            var outcomes = stages.Select(s => s.Components.FirstOrDefault(c => c.Component == name)).ToList();
            var version = built?.Version ?? outcomes.FirstOrDefault(o => o?.Version is not null)?.Version ?? "-";
            var seconds = (built?.Duration ?? TimeSpan.Zero) + outcomes.Aggregate(TimeSpan.Zero, (sum, o) => sum + (o?.Duration ?? TimeSpan.Zero));
            var reason = built is null ? "unchanged"
                : built.Status == ComponentStatus.UpToDate ? $"{name}/{built.Version} on HEAD"
                : built.Reasons.Count > 0 ? built.Reasons[0].ToString() : "";
            table.AddPlainRow([name, reason, version, built?.Status.ToString() ?? "-", .. outcomes.Select(Cell), seconds.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)]);
        }

        Tables.Write(output, table);
        foreach (var problem in result.Stages.SelectMany(s => s.Components.Where(c => !c.Succeeded).Select(c => (s, c))))
            output.WriteLine(Terminal.Safe($"{problem.c.Component}: {Title(problem.s)} {problem.c.Outcome}: {problem.c.Reason}"));
        output.WriteLine(Verdict(result));
    }

    static string Title(StageResult stage) => stage.Stage switch
    {
        "verify" => $"Tests ({stage.Environment})",
        _ => stage.Environment ?? stage.Stage,
    };

    static string Cell(ComponentOutcome? outcome) => outcome?.Outcome.ToString() ?? "-";

    static string Verdict(CiResult result)
    {
        var deployed = result.Stages.SelectMany(s => s.Components).Count(c => c.Outcome is Outcome.Deployed or Outcome.Passed);
        if (!result.Succeeded) return "Not everything was promoted; see the reasons above. Fix and rerun: what succeeded is not done again.";
        return deployed == 0 && result.Build.Components.All(c => c.Status == ComponentStatus.UpToDate)
            ? "Nothing new: everything is built, released, deployed and promoted already."
            : "Everything changed is released, deployed, tested and promoted.";
    }
}
