using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Ports;

/// <summary>
/// Runs one manifest command line through the platform shell (<c>bash -c</c>, <c>cmd /c</c> on Windows) with extra environment
/// variables, writing every output line to a log file. Cancellation ends the command's whole process group (<see cref="ProcessRunner"/>).
/// </summary>
public static class ShellCommand
{
    public static async Task<ProcessResult> RunAsync(
        string commandLine,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        string logPath,
        CancellationToken cancellationToken = default,
        Action<CommandGroup>? onStarted = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        var gate = new Lock();
        void Write(string line)
        {
            lock (gate) log.WriteLine(SecretMasker.Mask(line));
        }

        Write($"$ {commandLine}");
        try
        {
            var result = await ComponentShell.RunAsync(commandLine, workingDirectory, environment, Write, cancellationToken, onStarted).ConfigureAwait(false);
            Write($"# {result.ExitDescription} after {result.Duration.TotalSeconds:0.0}s");
            return result;
        }
        catch (OperationCanceledException)
        {
            Write("# stopped: canceled or timed out");
            throw;
        }
    }

    /// <summary>The last lines of a log, to show with a failure (the full log stays on disk; only its end is read).</summary>
    public static string Tail(string logPath, int lines = 20)
    {
        if (!File.Exists(logPath)) return "";
        const int MaxBytes = 16 * 1024;
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - MaxBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var all = text.Split('\n');
        if (start > 0) all = all[1..]; // the first line is cut
        if (all.Length > 0 && all[^1].Length == 0) all = all[..^1];
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
