using System.CommandLine;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var buildNumber = TrainOptions.BuildNumber();
        var json = CommonOptions.Json();
        var command = new Command("version", "Prints the version each changed component gets: train.Build, Build counted from its component/version tags.")
        {
            manifest, buildNumber, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            var plan = await BuildTrain.PlanAsync(monorepo, new BuildTrainOptions { BuildNumber = parse.GetValue(buildNumber) }, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(Json.Serialize(plan)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = Tables.Create("Component", "Reason", "Version", "Previous");
            foreach (var component in plan.Components)
            {
                table.AddPlainRow(component.Component, component.Reasons[0] + (component.Reasons.Count > 1 ? $" (+{component.Reasons.Count - 1} more)" : ""),
                    component.Version + (component.AlreadyTagged ? " (tagged on HEAD)" : ""), component.PreviousVersion ?? "-");
            }

            Tables.Write(output, table);
            await output.WriteLineAsync(plan.Components.Count == 0 ? $"Nothing changed in train {plan.Train}." : $"{plan.Components.Count} component(s) to version in train {plan.Train}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
