using System.CommandLine;
using OctoOrchestrate.Cli.CiOutput;
using OctoOrchestrate.Detect;

namespace OctoOrchestrate.Cli.Commands;

internal static class AffectedCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var baseRef = new Option<string?>("--base") { Description = "Compare from this revision. Default: the merge-base of HEAD with the default branch." };
        var headRef = new Option<string?>("--head") { Description = "Compare up to this revision. Default: HEAD." };
        var uncommitted = CommonOptions.IncludeUncommitted();
        var json = CommonOptions.Json();
        var explain = new Option<bool>("--explain") { Description = "Show the chain of reasons behind each component." };
        var ci = CiOption.Create();
        var command = new Command("affected", "Lists the components changed between two git revisions, in dependency order.")
        {
            manifest, baseRef, headRef, uncommitted, json, explain, ci,
        };
        // Synchronous on purpose: every async state machine on this path is JIT-compiled at start-up.
        command.SetAction(parse =>
        {
            DetectTimings.Mark("parsed");
            var (baseName, headName) = (parse.GetValue(baseRef), parse.GetValue(headRef));
            var monorepo = Monorepo.Load(parse.GetValue(manifest), null, BaseResolver.ExplicitRevisions(baseName, headName), out var commits,
                prefetchRangeDiff: !parse.GetValue(uncommitted));
            var result = monorepo.Affected(BaseResolver.ResolveRange(monorepo.Git, baseName, headName, commits), parse.GetValue(uncommitted));
            DetectTimings.Mark("computed");
            var output = parse.InvocationConfiguration.Output;
            CiPublisher.Affected(CiOption.Server(parse.GetValue(ci), parse.GetValue(json), output, parse.InvocationConfiguration.Error), result, monorepo.Manifest);
            if (parse.GetValue(json))
            {
                if (output is OutputWriter whole) whole.WriteLineWhole(AffectedResultJson.Serialize(result));
                else output.WriteLine(AffectedResultJson.Serialize(result));
                DetectTimings.Mark("written");
                return ExitCodes.Success;
            }

            Write(output, result, parse.GetValue(explain));
            return ExitCodes.Success;
        });
        return command;
    }

    static void Write(TextWriter output, AffectedResult result, bool explain)
    {
        output.WriteLine(Terminal.Safe($"base {Short(result.Base)} ({result.BaseReason}) .. head {Short(result.Head)}"));
        var table = Tables.Create("Component", "Reason");
        var byName = result.Components.ToDictionary(c => c.Name);
        foreach (var component in result.Components)
        {
            var lines = explain
                ? component.Reasons.Select(r => Chain(r, byName))
                : [component.Reasons[0] + (component.Reasons.Count > 1 ? $" (+{component.Reasons.Count - 1} more)" : "")];
            table.AddPlainRow([component.Name], lines);
        }

        foreach (var removed in result.Removed) table.AddPlainRow(removed, "removed");
        Tables.Write(output, table);
        output.WriteLine(result.Components.Count == 0 && result.Removed.Count == 0
            ? "Nothing changed."
            : $"{result.Components.Count} changed, {result.Removed.Count} removed.");
    }

    static string Chain(AffectedReason reason, IReadOnlyDictionary<string, AffectedComponent> byName) =>
        reason.Kind == ReasonKind.Uses && byName.TryGetValue(reason.Component!, out var used)
            ? $"{reason} <- {Chain(used.Reasons[0], byName)}"
            : reason.Kind == ReasonKind.Uses ? $"{reason} <- removed" : reason.ToString();

    static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;
}
