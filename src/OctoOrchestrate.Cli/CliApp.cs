using System.CommandLine;
using OctoOrchestrate.Cli.CiOutput;
using OctoOrchestrate.Cli.Commands;

namespace OctoOrchestrate.Cli;

/// <summary>The command line: parses, runs one command, and maps every exception to an exit code here and nowhere else.</summary>
public static class CliApp
{
    public const string Name = "octo-orchestrate";

    static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("affected", AffectedCommand.Create),
        ("ci", CiCommand.Create),
        ("version", VersionCommand.Create),
        ("build", PackCommand.CreateBuild),
        ("pack", PackCommand.CreatePack),
        ("status", StatusCommand.Create),
        ("deploy", DeployCommand.Create),
        ("promote", PromoteCommand.Create),
        ("plan", TrainCommand.CreatePlan),
        ("approve", TrainCommand.CreateApprove),
        ("history", TrainCommand.CreateHistory),
        ("rollback", TrainCommand.CreateRollback),
        ("audit", AuditCommand.Create),
        ("check-permissions", CheckPermissionsCommand.Create),
        ("graph", GraphCommand.Create),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = new OutputWriter(stdout ?? Console.Out, "output");
        var error = new OutputWriter(stderr ?? Console.Error, "error");
        try
        {
            return await RunCommandAsync(args, output, error).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var failure = ErrorReport.Describe(ex);
            ErrorReport.Write(failure, ex, output, error, CommonOptions.WantsJson(args));
            ErrorReport.Annotate(failure, ex, CiOption.Server(CiOption.FromArgs(args), CommonOptions.WantsJson(args), output, error));
            return failure.ExitCode;
        }
    }

    /// <summary>What the parser says about a command line without running it (for checking documented pipelines).</summary>
    internal static IReadOnlyList<string> CheckCommandLine(string[] args)
    {
        var root = new RootCommand();
        foreach (var (_, create) in Commands) root.Subcommands.Add(create());
        return root.Parse(args, new ParserConfiguration()).Errors.Select(ParseErrors.Readable).ToList();
    }

    static async Task<int> RunCommandAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Turns a monorepo into an ordered, only-what-changed release train.");
        // Building every command's options costs start-up time; a named command needs only its own (help and errors alike).
        var named = args.Length > 0 ? Array.Find(Commands, c => c.Name == args[0]) : default;
        foreach (var (_, create) in named.Create is null ? Commands : [named]) root.Subcommands.Add(create());

        var parseResult = root.Parse(args, new ParserConfiguration());
        if (parseResult.Errors.Count > 0)
        {
            var usage = parseResult.CommandResult.Command is RootCommand ? Name : $"{Name} {parseResult.CommandResult.Command.Name}";
            var message = string.Join('\n', parseResult.Errors.Select(ParseErrors.Readable)) + $"\nRun '{usage} --help' for usage.";
            throw new BadInputException(message);
        }

        using var cancel = new CancellationTokenSource();
        using var signals = new CancelSignals(cancel);
        try
        {
            var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancel.Token).ConfigureAwait(false);
            // A stage that records what was canceled (a deployment) returns normally; the run still ends as canceled.
            if (signals.Received != 0) throw new RunCanceledException(signals.ExitCode);
            return exitCode;
        }
        catch (OperationCanceledException) when (signals.Received != 0)
        {
            throw new RunCanceledException(signals.ExitCode);
        }
    }
}
