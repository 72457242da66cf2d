using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Ports;

/// <summary>
/// Runs one manifest command line through the platform shell (<c>bash -c</c>, <c>cmd /c</c> on Windows) with extra environment
/// variables, writing every output line to a log file. Cancellation kills the whole process tree (<see cref="ProcessRunner"/>).
/// </summary>
public static class ShellCommand
{
    public static async Task<ProcessResult> RunAsync(
        string commandLine,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        string logPath,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        var gate = new Lock();
        void Write(string line)
        {
            lock (gate) log.WriteLine(SecretMasker.Mask(line));
        }

        Write($"$ {commandLine}");
        var result = await ComponentShell.RunAsync(commandLine, workingDirectory, environment, Write, cancellationToken).ConfigureAwait(false);
        Write($"# exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.0}s");
        return result;
    }

    /// <summary>The last lines of a log, to show with a failure (the full log stays on disk).</summary>
    public static string Tail(string logPath, int lines = 20)
    {
        if (!File.Exists(logPath)) return "";
        var all = File.ReadAllLines(logPath);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
