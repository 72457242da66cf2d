namespace OctoOrchestrate.Ports;

/// <summary>
/// This machine and PID namespace, because a pid or a process group id means something only there: on Linux the boot id (another
/// machine, or this one rebooted) plus the pid namespace's inode (another container sharing the folder); elsewhere the machine name.
/// </summary>
internal static class HostIdentity
{
    public static string Current { get; } = Read();

    static string Read()
    {
        if (!OperatingSystem.IsLinux()) return Environment.MachineName;
        try
        {
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            var pidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget ?? "pid:[?]";
            return $"{boot}/{pidNamespace}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Environment.MachineName;
        }
    }
}
