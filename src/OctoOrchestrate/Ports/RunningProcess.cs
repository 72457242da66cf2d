using System.Diagnostics;

namespace OctoOrchestrate.Ports;

/// <summary>
/// A started process whose output is collected on <see cref="Wait"/>, without tasks: a short-lived CLI run pays to
/// JIT-compile every async state machine, and a caller can do other work while the process runs.
/// </summary>
internal sealed class RunningProcess : IDisposable
{
    readonly Process process;
    readonly Stopwatch stopwatch = Stopwatch.StartNew();
    readonly Thread stderrReader;
    string standardError = "";
    ProcessResult? result;

    RunningProcess(Process process)
    {
        this.process = process;
        // stderr drains on its own thread so a chatty process cannot block on a full pipe while stdout is read.
        stderrReader = new Thread(ReadStandardError) { IsBackground = true, Name = "stderr reader" };
        stderrReader.Start();
    }

    public static RunningProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment) =>
        new(ProcessRunner.Start(fileName, arguments, workingDirectory, environment));

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        using var running = Start(fileName, arguments, workingDirectory, environment);
        return running.Wait();
    }

    public ProcessResult Wait()
    {
        if (result is not null) return result;
        var standardOutput = process.StandardOutput.ReadToEnd();
        stderrReader.Join();
        process.WaitForExit();
        return result = new ProcessResult(process.ExitCode, standardOutput, standardError, stopwatch.Elapsed);
    }

    /// <summary>
    /// Collects the process first when the caller gave up on it (e.g. the manifest failed to load): closing the streams
    /// under the stderr thread would fail its read and bring the whole process down.
    /// </summary>
    public void Dispose()
    {
        Wait();
        process.Dispose();
    }

    void ReadStandardError() => standardError = process.StandardError.ReadToEnd();
}
