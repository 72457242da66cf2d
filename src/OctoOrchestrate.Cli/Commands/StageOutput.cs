using System.Globalization;
using OctoOrchestrate.Deploy;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>Prints stage results: one summary table per stage, or all of them as one JSON document.</summary>
internal static class StageOutput
{
    public static async Task<int> WriteAsync(TextWriter output, bool json, params StageResult[] stages)
    {
        if (json)
        {
            await output.WriteLineAsync(CliJson.Serialize(new StagesDocument(stages.All(s => s.Succeeded), stages))).ConfigureAwait(false);
        }
        else
        {
            foreach (var stage in stages)
            {
                await output.WriteLineAsync($"{stage.Stage}{(stage.Environment is null ? "" : " to " + stage.Environment)}: {(stage.Succeeded ? "succeeded" : "FAILED")} in {Seconds(stage.Duration)}").ConfigureAwait(false);
                var table = Tables.Create("Component", "Version", "Outcome", "Duration", "Reason");
                foreach (var c in stage.Components)
                    table.AddPlainRow(c.Tenant is null ? c.Component : $"{c.Component} ({c.Tenant})", c.Version ?? "-", c.Outcome.ToString(), c.Duration is { } d ? Seconds(d) : "-", c.Reason ?? "");
                Tables.Write(output, table);
            }
        }

        return stages.All(s => s.Succeeded) ? ExitCodes.Success : ExitCodes.Failed;
    }

    static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
