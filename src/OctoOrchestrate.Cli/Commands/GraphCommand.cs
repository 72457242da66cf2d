using System.CommandLine;
using OctoOrchestrate.Cli.Graph;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>graph</c>: the components, their <c>uses</c> and <c>deployAfter</c> edges and waves as Mermaid, DOT or JSON.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var format = new Option<string>("--format") { Description = "mermaid (GitHub renders it in markdown), dot (Graphviz) or json.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot", "json");
        var baseRef = new Option<string?>("--base") { Description = "Highlight the components changed since this revision (as 'affected --base')." };
        var headRef = new Option<string?>("--head") { Description = "With --base: compare up to this revision. Default: HEAD." };
        var command = new Command("graph", "Draws the release train: components by wave, uses and deployAfter edges, the changed ones highlighted.")
        {
            manifest, format, baseRef, headRef,
        };
        command.SetAction(parse =>
        {
            var (baseName, headName) = (parse.GetValue(baseRef), parse.GetValue(headRef));
            var monorepo = Monorepo.Load(parse.GetValue(manifest));
            var changed = new HashSet<string>(StringComparer.Ordinal);
            if (baseName is not null || headName is not null)
            {
                foreach (var component in monorepo.Affected(baseName, headName).Components) changed.Add(component.Name);
            }

            parse.InvocationConfiguration.Output.Write(GraphFormats.Write(TrainGraph.From(monorepo.Manifest, changed), parse.GetValue(format) ?? "mermaid"));
            return ExitCodes.Success;
        });
        return command;
    }
}
