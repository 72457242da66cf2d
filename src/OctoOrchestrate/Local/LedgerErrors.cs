using Microsoft.Data.Sqlite;

namespace OctoOrchestrate.Local;

/// <summary>
/// Turns a SQLite failure at the ledger's edge into the error a user can act on (exit 5): the ledger is corrupt, stayed locked past
/// the wait, cannot be written, or the disk is full. Every ledger call goes through here, so no SqliteException escapes as a crash.
/// </summary>
internal static class LedgerErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); SqliteErrorCode carries the primary code in its low byte.
    const int Perm = 3, Busy = 5, Locked = 6, ReadOnly = 8, IoErr = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADatabase = 26;

    public static bool IsBusy(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) is Busy or Locked;

    public static OctoOrchestrateException Map(string ledgerPath, SqliteException ex, TimeSpan busyTimeout)
    {
        var what = (ex.SqliteErrorCode & 0xFF) switch
        {
            Corrupt or NotADatabase =>
                $"is corrupt ({ex.Message}). Restore ledger.db from a backup (or try 'sqlite3 ledger.db .recover'); deleting it loses the record of every release and deployment.",
            Busy or Locked =>
                $"stayed locked by another process for longer than the {busyTimeout.TotalSeconds:0} s wait ({ex.Message}). Find the process holding it (e.g. 'fuser {ledgerPath}') and rerun when it is done.",
            ReadOnly or Perm or CantOpen =>
                $"cannot be opened for writing ({ex.Message}). Check that the state folder and ledger.db are writable by this user and not on a read-only mount.",
            Full => $"cannot be written: the disk is full ({ex.Message}). Free space, then rerun.",
            IoErr when DiskIsFull(ledgerPath) => $"cannot be written: the disk is full ({ex.Message}). Free space, then rerun.",
            IoErr => $"failed with an I/O error ({ex.Message}). Check the disk holding the state folder.",
            _ => $"failed: {ex.Message}",
        };
        return new OctoOrchestrateException($"The ledger '{ledgerPath}' {what}", ExitCodes.ReleaseServerFailed, ex);
    }

    /// <summary>True when the volume holding <paramref name="path"/> has (almost) no space left: SQLite reports a full tmpfs as an I/O error.</summary>
    public static bool DiskIsFull(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent) folder = parent;
            return new DriveInfo(folder).AvailableFreeSpace < 64 * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
