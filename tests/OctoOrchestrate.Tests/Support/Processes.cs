using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OctoOrchestrate.Tests.Support;

/// <summary>
/// Looks at real processes through /proc (Linux): who is alive, who carries a marker, and sends signals with kill(1). The one place
/// tests ask whether a process (or the leader of a process group: its id is the group's) still runs.
/// </summary>
internal static class Processes
{
    public static bool IsLinux => OperatingSystem.IsLinux();

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int GroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
    }

    /// <summary>Live processes whose environment holds <paramref name="entry"/> (e.g. OO_MANIFEST_DIR=/tmp/x): every command of a run inherits it.</summary>
    public static List<(int Pid, string CommandLine)> WithEnvironment(string entry)
    {
        var found = new List<(int, string)>();
        var needle = Encoding.UTF8.GetBytes(entry + "\0");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environ.AsSpan().IndexOf(needle) < 0 || !IsAlive(pid)) continue;
                found.Add((pid, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, pid.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }

    public static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids) Signal(pid, "KILL");
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing (not hanging) after a generous limit for a loaded machine.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {seconds} s.");
            await Task.Delay(50);
        }
    }

    public static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// The pid a script of <paramref name="owner"/>'s writes with <c>echo $! &gt; file</c>, once the line is complete (the file exists
    /// before echo has written it); fails, not hangs, when the owner exits first or the file never comes.
    /// </summary>
    public static async Task<int> WaitForPidFileAsync(string path, Process owner)
    {
        await CliProcess.WaitForFileAsync(path, owner);
        await WaitUntilAsync(() => File.ReadAllText(path).EndsWith('\n'), $"the pid in {Path.GetFileName(path)}");
        return ReadPid(path);
    }
}
