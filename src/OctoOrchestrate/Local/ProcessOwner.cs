using System.Diagnostics;
using System.Globalization;

namespace OctoOrchestrate.Local;

/// <summary>
/// Who runs a deployment: a process id plus that process's start time, so a recycled pid is not mistaken for the owner.
/// Deployments and leases record it; when the owner is gone, the next process to look recovers what it left behind.
/// </summary>
internal readonly record struct ProcessOwner(int Pid, string Started)
{
    public static ProcessOwner Current { get; } = Of(Process.GetCurrentProcess());

    public static ProcessOwner Of(Process process) =>
        new(process.Id, process.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

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
