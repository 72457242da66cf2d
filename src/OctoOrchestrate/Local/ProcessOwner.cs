using System.Diagnostics;
using System.Globalization;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Local;

/// <summary>
/// Who runs a deployment: a process id plus that process's start time, so a recycled pid is not mistaken for the owner, plus the
/// machine and PID namespace it runs in (<see cref="Host"/>), because a pid means something only there. Deployments and leases
/// record it; when the owner is gone, the next process to look recovers what it left behind.
/// </summary>
internal readonly record struct ProcessOwner(int Pid, string Started, string? Host = null)
{
    public static ProcessOwner Current { get; } = Of(Process.GetCurrentProcess()) with { Host = CurrentHost };

    public static string CurrentHost => HostIdentity.Current;

    public static ProcessOwner Of(Process process) =>
        new(process.Id, process.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether the owner's pid can be looked up here: an owner recorded on another machine or in another PID namespace cannot
    /// (its pid may be anything here), so it is judged by its heartbeat instead. Rows from before hosts were recorded count as local.
    /// </summary>
    public bool IsLocal => Host is null || Host == CurrentHost;

    public bool IsAlive()
    {
        if (Pid == Current.Pid) return Started == Current.Started;
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited) return false;
            var started = process.StartTime.ToUniversalTime();
            // Start times are derived from clock ticks: allow rounding, but not a different process on a recycled pid.
            return Math.Abs((started - DateTime.Parse(Started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)).TotalSeconds) < 2;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
