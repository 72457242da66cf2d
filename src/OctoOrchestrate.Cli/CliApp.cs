using System.CommandLine;
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
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("Turns a monorepo into an ordered, only-what-changed release train.");
        // Building every command's options costs start-up time; a named command needs only its own (help and errors alike).
        var named = args.Length > 0 ? Array.Find(Commands, c => c.Name == args[0]) : default;
        foreach (var (_, create) in named.Create is null ? Commands : [named]) root.Subcommands.Add(create());

        var parseResult = root.Parse(args, new ParserConfiguration());
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors) await stderr.WriteLineAsync($"{Name}: error: {error.Message}").ConfigureAwait(false);
            var usage = parseResult.CommandResult.Command is RootCommand ? Name : $"{Name} {parseResult.CommandResult.Command.Name}";
            await stderr.WriteLineAsync($"Run '{usage} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using var cancel = new CancellationTokenSource();
        using var signals = new CancelSignals(cancel);
        try
        {
            var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancel.Token).ConfigureAwait(false);
            if (signals.Received == 0) return exitCode;
            // A stage that records what was canceled (a deployment) returns normally; the run still ends as canceled.
            await stderr.WriteLineAsync($"{Name}: canceled; rerun the same command to resume.").ConfigureAwait(false);
            return signals.ExitCode;
        }
        catch (OctoOrchestrateException ex)
        {
            await stderr.WriteLineAsync($"{Name}: error: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"{Name}: canceled; rerun the same command to resume.").ConfigureAwait(false);
            return signals.ExitCode;
        }
    }
}
