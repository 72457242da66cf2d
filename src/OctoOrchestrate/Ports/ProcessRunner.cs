using System.Diagnostics;
using System.Text;

namespace OctoOrchestrate.Ports;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, bool OutputTruncated = false)
{
    /// <summary>"exited with code 3", or for a process ended by a signal "killed by SIGKILL (exit 137)".</summary>
    public string ExitDescription => ExitStatus.Describe(ExitCode);
}

/// <summary>A running component command's process group: the leader's pid (= the group id) and its start time in kernel ticks.</summary>
public sealed record CommandGroup(int Id, string Started);

/// <summary>
/// The one place processes start. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no shell quoting) and both
/// streams are drained concurrently (no pipe deadlock). <see cref="RunAsync"/> (git) keeps the whole output;
/// <see cref="RunCommandAsync"/> (component commands) runs in its own process group and keeps only a bounded tail.
/// </summary>
public static class ProcessRunner
{
    /// <summary>After the command exits, output still arriving is read until the pipes are quiet this long …</summary>
    internal static TimeSpan DrainQuiet { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>… but no longer than this: a background process that holds the pipes must not hold the run.</summary>
    internal static TimeSpan DrainLimit { get; set; } = TimeSpan.FromSeconds(5);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Start(fileName, arguments, workingDirectory, environment);
        var outTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }

        return new ProcessResult(process.ExitCode, await outTask.ConfigureAwait(false), await errTask.ConfigureAwait(false), stopwatch.Elapsed);
    }

    /// <summary>
    /// Runs a component command. On Linux it leads its own process group (<see cref="ProcessGroups"/>); a cancel (timeout, Ctrl+C,
    /// SIGTERM) sends SIGTERM to the group, waits <see cref="ProcessGroups.Grace"/>, then SIGKILLs it. Output lines go to
    /// <paramref name="onOutputLine"/>; only the last <see cref="CommandOutput.TailChars"/> characters stay in memory. When the
    /// command exits, reading stops once the pipes are quiet (<see cref="DrainQuiet"/>, at most <see cref="DrainLimit"/>), so a
    /// background child that inherited them (<c>server &amp;</c>) does not hang the run; it is left running.
    /// </summary>
    /// <param name="onStarted">Called with the process group before <paramref name="startSignal"/> is written to the command's
    /// input, so the group can be recorded before the command does anything (the command waits for that line).</param>
    /// <param name="startSignal">Written to the command's input, which is then closed; null closes it at once.</param>
    public static async Task<ProcessResult> RunCommandAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        Action<string>? onOutputLine,
        Action<CommandGroup>? onStarted = null,
        string? startSignal = null,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var grouped = ProcessGroups.Supported;
        var (file, args) = grouped ? ProcessGroups.InNewGroup(fileName, arguments) : (fileName, arguments.ToList());
        var process = Start(file, args, workingDirectory, environment, keepInputOpen: true);
        var output = new CommandOutput(onOutputLine);
        var pumps = Task.WhenAll(output.PumpAsync(process.StandardOutput.BaseStream), output.PumpAsync(process.StandardError.BaseStream));
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            if (grouped) onStarted?.Invoke(new CommandGroup(process.Id, ProcessGroups.StartTicks(process.Id) ?? ""));
            await ReleaseAsync(process, startSignal).ConfigureAwait(false);
            await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || !process.HasExited)
        {
            await EndAsync(process, grouped).ConfigureAwait(false);
            await SettleAsync(output, pumps).ConfigureAwait(false);
            DisposeWhenDrained(process, pumps);
            throw;
        }

        await SettleAsync(output, pumps).ConfigureAwait(false);
        var exitCode = process.ExitCode;
        DisposeWhenDrained(process, pumps);
        return new ProcessResult(exitCode, output.Tail, "", stopwatch.Elapsed, output.Truncated);
    }

    /// <summary>The pipes stay open until every holder lets go: disposing the process earlier would close them under a background child.</summary>
    static void DisposeWhenDrained(Process process, Task pumps) =>
        pumps.ContinueWith(_ => process.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Lets a waiting command go and closes its input (it reads end-of-file from then on).</summary>
    static async Task ReleaseAsync(Process process, string? startSignal)
    {
        try
        {
            if (startSignal is not null) await process.StandardInput.WriteAsync(startSignal).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading its input; its exit code tells the rest.
        }
    }

    /// <summary>Ends a command that must stop now: its whole process group, or (without groups) the process tree .NET can see.</summary>
    static async Task EndAsync(Process process, bool grouped)
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        if (grouped) await ProcessGroups.TerminateAsync(process.Id).ConfigureAwait(false);
        try { process.Kill(entireProcessTree: true); } catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        try { await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { }
    }

    /// <summary>Reads what the exited command left in the pipes, then stops passing output on even if a background child holds them.</summary>
    static async Task SettleAsync(CommandOutput output, Task pumps)
    {
        // Quiet counts from the exit at the earliest: a command silent for an hour may still have its last line in the pipe.
        var since = Stopwatch.StartNew();
        while (!pumps.IsCompleted && Min(output.Idle, since.Elapsed) < DrainQuiet && since.Elapsed < DrainLimit)
            await Task.WhenAny(pumps, Task.Delay(50)).ConfigureAwait(false);
        output.Detach();
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Starts a process with its output streams redirected as UTF-8 and its input closed (or left open for the caller).</summary>
    internal static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool keepInputOpen = false)
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

        if (!keepInputOpen) process.StandardInput.Close();
        return process;
    }
}
