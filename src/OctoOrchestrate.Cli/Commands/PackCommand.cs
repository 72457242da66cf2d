using System.CommandLine;
using OctoOrchestrate.Build;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>build</c> (changed components, no packages or tags) and <c>pack</c> (build, package, tag): one pipeline, two depths.</summary>
internal static class PackCommand
{
    public static Command CreateBuild() => Create("build", "Builds the changed components with their build commands, in dependency order, in parallel where possible.", pack: false);

    public static Command CreatePack() => Create("pack", "Versions, builds and packs the changed components into artifacts/packages, with Octopus build information, and tags each version.", pack: true);

    static Command Create(string name, string description, bool pack)
    {
        var manifest = CommonOptions.Manifest();
        var buildNumber = TrainOptions.BuildNumber();
        var parallel = TrainOptions.Parallel();
        var pushTags = TrainOptions.PushTags();
        var buildTimeout = TimeoutOptions.BuildTimeout();
        var json = CommonOptions.Json();
        var command = new Command(name, description) { manifest, buildNumber, parallel, buildTimeout, json };
        if (pack) command.Options.Add(pushTags);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var buildLimit = TimeoutOptions.ResolveBuildTimeout(parse.GetValue(buildTimeout));
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            var options = new BuildTrainOptions
            {
                BuildTimeout = buildLimit,
                BuildNumber = parse.GetValue(buildNumber),
                MaxParallelism = parse.GetValue(parallel),
                Pack = pack,
                PushTags = pack && parse.GetValue(pushTags),
            };
            var result = await LiveProgress.RunAsync(parse.InvocationConfiguration.Error, progress => BuildTrain.RunAsync(monorepo, options, progress, cancellationToken)).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) await output.WriteLineAsync(Json.Serialize(result)).ConfigureAwait(false);
            else Write(output, parse.InvocationConfiguration.Error, result, monorepo.Manifest.Directory);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    static void Write(TextWriter output, TextWriter error, BuildTrainResult result, string manifestDirectory)
    {
        foreach (var failed in result.Components.Where(c => c.Status == ComponentStatus.Failed)) error.WriteLine(Terminal.Safe(failed.Error ?? "", keepLineBreaks: true));
        var table = Tables.Create("Component", "Reason", "Version", "Status", "Package", "Duration");
        foreach (var c in result.Components)
        {
            table.AddPlainRow(c.Component, c.Status == ComponentStatus.UpToDate ? $"{c.Component}/{c.Version} on HEAD" : c.Reasons[0].ToString(), c.Version, c.Status.ToString(),
                c.PackagePath is null ? "-" : Path.GetRelativePath(manifestDirectory, c.PackagePath), $"{c.Duration.TotalSeconds:0.0}s");
        }

        Tables.Write(output, table);
        var counts = result.Components.GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        output.WriteLine(result.Components.Count == 0 ? $"Nothing changed in train {result.Train}."
            : result.Components.All(c => c.Status == ComponentStatus.UpToDate) ? $"Everything is up to date at {result.Head[..10]}: nothing new to build."
            : string.Join(", ", counts) + ".");
    }
}
