using System.Globalization;
using System.Runtime.InteropServices;

namespace OctoOrchestrate.Ports;

/// <summary>
/// Component commands run in their own process group (a new session) on Linux, so a timeout, a cancel or the recovery of a
/// killed run can end the command together with everything it started, and nothing else.
/// </summary>
/// <remarks>
/// The group comes from util-linux <c>setsid</c> (it calls setsid(2) and execs the command, keeping the pid, because a child that
/// .NET just forked is never a group leader). .NET's <see cref="System.Diagnostics.Process"/> offers no hook between fork and exec,
/// and setpgid(2) from the parent after the start races the child's own forks (and fails once it has exec'd), so a wrapper
/// executable is the only reliable way. Without <c>setsid</c> (Windows, macOS) commands run as before and a cancel ends the
/// process tree .NET can see. Groups are observed through <c>/proc</c>; zombies do not count as running.
/// </remarks>
internal static class ProcessGroups
{
    const int SignalKill = 9;
    const int SignalTerm = 15;
    static readonly Lazy<string?> SetsidPath = new(FindSetsid);

    /// <summary>How long a group gets between SIGTERM and SIGKILL.</summary>
    public static TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(3);

    public static bool Supported => OperatingSystem.IsLinux() && SetsidPath.Value is not null && Directory.Exists("/proc/self");

    /// <summary>The file name and arguments that start <paramref name="fileName"/> as the leader of a new session and process group.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) InNewGroup(string fileName, IEnumerable<string> arguments) =>
        (SetsidPath.Value!, [fileName, .. arguments]);

    /// <summary>Whether any process of group <paramref name="groupId"/> is still running (not a zombie).</summary>
    public static bool IsRunning(int groupId)
    {
        if (!Supported || groupId <= 1) return false;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            if (ReadStat(entry) is { } stat && stat.Group == groupId && stat.State != 'Z' && stat.State != 'X') return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the group a command recorded (leader pid = group id, leader start time) still runs. A live leader with another start
    /// time means the pid was reused and the recorded group is gone (Linux does not reuse a pid while it names a group).
    /// </summary>
    public static bool IsRunning(int groupId, string leaderStarted)
    {
        if (!Supported || groupId <= 1) return false;
        if (StartTicks(groupId) is { } started && started != leaderStarted) return false;
        return IsRunning(groupId);
    }

    /// <summary>The leader's start time as the kernel records it (clock ticks since boot), exact unlike wall-clock start times.</summary>
    public static string? StartTicks(int pid) => ReadStat($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}") is { } stat ? stat.StartTicks : null;

    /// <summary>SIGTERM to the whole group, up to <see cref="Grace"/> for it to end, then SIGKILL. Returns when no member runs (or after the kill).</summary>
    public static async Task TerminateAsync(int groupId)
    {
        if (!Supported || groupId <= 1) return;
        Signal(groupId, SignalTerm);
        var deadline = DateTime.UtcNow + Grace;
        while (IsRunning(groupId) && DateTime.UtcNow < deadline) await Task.Delay(50).ConfigureAwait(false);
        if (!IsRunning(groupId)) return;
        Signal(groupId, SignalKill);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (IsRunning(groupId) && DateTime.UtcNow < deadline) await Task.Delay(20).ConfigureAwait(false);
    }

    /// <summary>The synchronous <see cref="TerminateAsync"/>, for recovery inside a ledger transaction.</summary>
    public static void Terminate(int groupId) => TerminateAsync(groupId).GetAwaiter().GetResult();

    static void Signal(int groupId, int signal)
    {
        // A negative pid addresses the whole process group; ESRCH (nobody left) is fine.
        _ = Kill(-groupId, signal);
    }

    // DllImport, not LibraryImport: its generated code needs unsafe blocks, and this signature marshals nothing.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    static (char State, int Group, string StartTicks)? ReadStat(string procDirectory)
    {
        string text;
        try { text = File.ReadAllText(Path.Combine(procDirectory, "stat")); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }

        // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice
        // threads itrealvalue starttime ..."; comm may hold spaces and parentheses, so fields are counted after its last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20 || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)) return null;
        return (fields[0][0], group, fields[19]);
    }

    static string? FindSetsid()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/bin"]))
        {
            var candidate = Path.Combine(folder, "setsid");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}
