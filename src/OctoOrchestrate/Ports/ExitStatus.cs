namespace OctoOrchestrate.Ports;

/// <summary>
/// Says how a process ended. On Unix an exit code of 128+N is how a shell (and .NET) reports a process killed by signal N, so
/// "killed by SIGKILL (exit 137)" tells a reader what "137" alone does not (a timeout, the OOM killer, someone's kill -9).
/// </summary>
public static class ExitStatus
{
    // Numbers shared by Linux and macOS; the others differ between them and are reported as plain codes.
    static readonly Dictionary<int, string> Signals = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [8] = "SIGFPE",
        [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
    };

    public static string? SignalName(int exitCode) =>
        !OperatingSystem.IsWindows() && exitCode > 128 && Signals.TryGetValue(exitCode - 128, out var name) ? name : null;

    public static string Describe(int exitCode) =>
        SignalName(exitCode) is { } name ? $"killed by {name} (exit {exitCode})" : $"exited with code {exitCode}";
}
