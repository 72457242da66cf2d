using System.CommandLine;

namespace OctoOrchestrate.Cli;

/// <summary>What a user is told when a command ends in an exception: one exit code and one readable message per kind of failure.</summary>
internal static class ErrorReport
{
    /// <summary>Set to 1 to see the stack trace of an unexpected error (documented in the README).</summary>
    public const string DebugVariable = "OO_DEBUG";

    public sealed record Failure(int ExitCode, string Message, bool Unexpected = false, bool Canceled = false);

    public static Failure Describe(Exception exception) => exception switch
    {
        OctoOrchestrateException known => new(known.ExitCode, known.Message),
        RunCanceledException signal => new(signal.ExitCode, "canceled; rerun the same command to resume.", Canceled: true),
        OperationCanceledException => new(ExitCodes.Canceled, "canceled; rerun the same command to resume.", Canceled: true),
        UnauthorizedAccessException denied => new(ExitCodes.Failed, $"{denied.Message} Check the permissions of that path (or choose another with --state / --manifest), then rerun."),
        IOException io when IsDiskFull(io) => new(ExitCodes.Failed, $"{io.Message} Free disk space there, then rerun: what succeeded is not done again."),
        DirectoryNotFoundException or FileNotFoundException => new(ExitCodes.Failed, $"{exception.Message} Check that the path exists, then rerun."),
        IOException io => new(ExitCodes.Failed, $"{io.Message} Check that the path is a writable folder or file as expected, then rerun."),
        _ => new(ExitCodes.InternalError, $"internal error ({exception.GetType().Name}): {exception.Message} This is a bug in {CliApp.Name}; rerun with {DebugVariable}=1 to see the stack trace, and report it.", Unexpected: true),
    };

    /// <summary>The message on stderr, and with <c>--json</c> also <c>{"error":{"code","message"}}</c> on stdout so a script parsing stdout sees it.</summary>
    public static void Write(Failure failure, Exception exception, TextWriter output, TextWriter error, bool json)
    {
        var prefix = failure.Canceled ? $"{CliApp.Name}: " : $"{CliApp.Name}: error: ";
        TryWrite(error, Terminal.Safe(prefix + failure.Message, keepLineBreaks: true));
        if (IsDebug()) TryWrite(error, Terminal.Safe(exception.ToString(), keepLineBreaks: true));
        // When stdout itself failed there is nowhere to put the JSON; stderr has said why.
        if (json && exception is not OutputFailedException { Stream: "output" })
            TryWrite(output, CliJson.Serialize(new ErrorDocument(new ErrorBody(failure.ExitCode, failure.Message))));
    }

    /// <summary>The error as the CI server's annotation too; a manifest error points at its file and line.</summary>
    public static void Annotate(Failure failure, Exception exception, CiOutput.CiServer ci)
    {
        if (failure.Canceled) return;
        try
        {
            if (exception is ManifestException manifest) ci.Error(manifest.Message, manifest.File, manifest.Line);
            else ci.Error(failure.Message);
        }
        catch (OctoOrchestrateException)
        {
            // The stream is gone; the exit code still tells.
        }
    }

    static bool IsDebug() => Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 } value && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    // ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    static bool IsDiskFull(IOException io) => (io.HResult & 0xFFFF) is 28 or 0x70 or 0x27;

    static void TryWrite(TextWriter writer, string text)
    {
        try
        {
            writer.WriteLine(text);
            writer.Flush();
        }
        catch (OctoOrchestrateException)
        {
            // The stream itself is gone (a closed or full stdout/stderr): the exit code still tells.
        }
    }
}

/// <summary>The run was ended by a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT); the exit code is 128 + the signal, as a shell reports it.</summary>
internal sealed class RunCanceledException(int exitCode) : Exception("canceled")
{
    public int ExitCode { get; } = exitCode;
}
