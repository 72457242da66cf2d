namespace OctoOrchestrate;

/// <summary>The process exit codes, mapped from exceptions in one place (the CLI's entry point).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int GitFailed = 3;
    public const int MissingHistory = 4;
    public const int ReleaseServerFailed = 5;

    /// <summary>A train promotion was stored and waits: for its approvals, or for its <c>--at</c> time. Nothing was deployed.</summary>
    public const int Waiting = 6;

    /// <summary>An unexpected error (a bug): one line on stderr, the stack trace with OO_DEBUG=1.</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Canceled = 130;
}

/// <summary>Every error the library reports to a user: the message says what is wrong and how to fix it.</summary>
public class OctoOrchestrateException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Bad input: a flag, a file or a value the user gave. Nothing has been written when it is thrown.</summary>
public class BadInputException(string message) : OctoOrchestrateException(message, ExitCodes.BadInput);

/// <summary>An error in the manifest, located at a file and line.</summary>
public sealed class ManifestException(string file, int line, string message)
    : BadInputException(line > 0 ? $"{file}({line}): {message}" : $"{file}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

public sealed class GitException(string message, Exception? inner = null) : OctoOrchestrateException(message, ExitCodes.GitFailed, inner);

/// <summary>History needed for an answer is not in the clone (shallow clone, missing tags): never answer with a smaller set.</summary>
public sealed class MissingHistoryException(string message) : OctoOrchestrateException(message, ExitCodes.MissingHistory);
