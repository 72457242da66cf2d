namespace OctoOrchestrate.Local;

/// <summary>
/// Checks the state folder before the ledger is touched, so a bad <c>--state</c> is bad input (exit 2, naming the flag and the reason)
/// instead of a crash: a file, a virtual file system (/proc, /sys, /dev), a folder that cannot be created or written.
/// </summary>
internal static class StateFolderCheck
{
    static readonly string[] VirtualFileSystems = ["/proc", "/sys", "/dev"];

    /// <summary>Makes sure the folder exists and is writable, creating it if needed.</summary>
    public static void EnsureWritable(StateFolder state, bool givenByFlag)
    {
        RefuseUnusable(state, givenByFlag);
        try
        {
            Directory.CreateDirectory(state.Root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Bad(state, givenByFlag, $"cannot be created ({ex.Message})");
        }

        var probe = Path.Combine(state.Root, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Bad(state, givenByFlag, $"is not writable ({ex.Message})");
        }
    }

    /// <summary>For reading commands: true when there is a state folder to read; never creates one.</summary>
    public static bool Exists(StateFolder state, bool givenByFlag)
    {
        RefuseUnusable(state, givenByFlag);
        return Directory.Exists(state.Root);
    }

    static void RefuseUnusable(StateFolder state, bool givenByFlag)
    {
        if (VirtualFileSystems.FirstOrDefault(v => state.Root == v || state.Root.StartsWith(v + "/", StringComparison.Ordinal)) is { } virtualFs && !OperatingSystem.IsWindows())
            throw Bad(state, givenByFlag, $"is under {virtualFs}, a virtual file system that cannot hold the ledger and installs");
        if (File.Exists(state.Root))
            throw Bad(state, givenByFlag, "is a file, not a folder");
    }

    static BadInputException Bad(StateFolder state, bool givenByFlag, string reason) => new(givenByFlag
        ? $"--state '{state.Root}' {reason}. Pass a folder this user can write (it is created if missing)."
        : $"The state folder '{state.Root}' (the default, beside the manifest) {reason}. Pass a writable folder with --state.");
}
