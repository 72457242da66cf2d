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
    string standardError = "";
    ProcessResult? result;

    RunningProcess(Process process) => this.process = process;

    public static RunningProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment) =>
        new(ProcessRunner.Start(fileName, arguments, workingDirectory, environment));

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        using var running = Start(fileName, arguments, workingDirectory, environment);
        return running.Wait();
    }

    /// <summary>Whether the process has ended (output may still wait in its pipes for <see cref="Wait"/>).</summary>
    public bool HasExited => process.HasExited;

    public ProcessResult Wait()
    {
        if (result is not null) return result;
        string standardOutput;
        if (process.HasExited)
        {
            // Exited, so not blocked on a full pipe: all it wrote is already in the pipes, and one thread reads both. A
            // process started early (the range diff beside rev-parse) is usually done by now, and starting a thread costs
            // a wait for the scheduler at every start.
            standardOutput = process.StandardOutput.ReadToEnd();
            ReadStandardError();
        }
        else
        {
            // stderr drains on its own thread so a chatty process cannot block on a full pipe while stdout is read.
            var stderrReader = new Thread(ReadStandardError) { IsBackground = true, Name = "stderr reader" };
            stderrReader.Start();
            standardOutput = process.StandardOutput.ReadToEnd();
            stderrReader.Join();
        }

        process.WaitForExit();
        return result = new ProcessResult(process.ExitCode, standardOutput, standardError, stopwatch.Elapsed);
    }

    /// <summary>Collects the process first when the caller gave up on it (e.g. the manifest failed to load).</summary>
    public void Dispose()
    {
        Wait();
        process.Dispose();
    }

    void ReadStandardError() => standardError = process.StandardError.ReadToEnd();
}
