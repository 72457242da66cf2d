using System.Diagnostics;
using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Ports;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration);

/// <summary>
/// The one place processes start. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no shell quoting),
/// both streams are drained concurrently (no pipe deadlock, no size cap) and cancellation kills the whole process tree.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onOutputLine = null,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Start(fileName, arguments, workingDirectory, environment);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outTask = Pump(process.StandardOutput, stdout, onOutputLine);
        var errTask = Pump(process.StandardError, stderr, onOutputLine);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }

        await Task.WhenAll(outTask, errTask).ConfigureAwait(false);
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
    }

    /// <summary>Starts a process with its input closed and its output streams redirected as UTF-8.</summary>
    internal static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var variable in environment) startInfo.Environment[variable.Key] = variable.Value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new OctoOrchestrateException($"Cannot start '{fileName}': {ex.Message}. Is it installed and on PATH?", ExitCodes.Failed, ex);
        }

        process.StandardInput.Close();
        return process;
    }

    static async Task Pump(StreamReader reader, StringBuilder sink, Action<string>? onLine)
    {
        if (onLine is null)
        {
            sink.Append(await reader.ReadToEndAsync().ConfigureAwait(false));
            return;
        }

        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } read)
        {
            // A component command's lines go to logs and the console: secrets are masked before anything sees them.
            var line = SecretMasker.Mask(read);
            lock (sink) sink.Append(line).Append('\n');
            onLine(line);
        }
    }
}
