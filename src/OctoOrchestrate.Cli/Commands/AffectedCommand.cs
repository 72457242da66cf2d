using System.CommandLine;

namespace OctoOrchestrate.Cli.Commands;

internal static class AffectedCommand
{
    public static Command Create() => new("affected", "Lists the components changed between two git revisions, in dependency order.");
}
