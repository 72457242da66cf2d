using OctoOrchestrate.Cli;

namespace OctoOrchestrate.Tests.Support;

public sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>Runs the real command line in-process, capturing both streams.</summary>
public static class CliRun
{
    static readonly SemaphoreSlim CurrentDirectory = new(1, 1);

    public static async Task<CliOutcome> RunAsync(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        await CurrentDirectory.WaitAsync();
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(workingDirectory);
            var exit = await CliApp.RunAsync(args, stdout, stderr);
            return new CliOutcome(exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            CurrentDirectory.Release();
        }
    }
}
