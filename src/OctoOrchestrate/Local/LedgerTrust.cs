using Microsoft.Data.Sqlite;

namespace OctoOrchestrate.Local;

/// <summary>
/// Whether ledger.db can be trusted before anything reads or writes it. A new ledger is only right for a state folder with nothing in
/// it: beside packages/ or environments/, a missing, empty (0 bytes) or schema-less ledger means the record was lost, and treating it as
/// new would report nothing deployed and redeploy everything. A corrupt one is refused instead of being read until it breaks.
/// </summary>
internal static class LedgerTrust
{
    /// <summary>The folders of the state folder that only fill once something was released or deployed (partial copies do not count).</summary>
    public static IReadOnlyList<string> WhatTheStateFolderHolds(StateFolder state) =>
        new[] { (Path: state.PackagesDirectory, Name: "packages/"), (Path: Path.Combine(state.Root, "environments"), Name: "environments/") }
            .Where(f => Directory.Exists(f.Path) && Directory.EnumerateFileSystemEntries(f.Path).Any(e => !e.EndsWith(".tmp", StringComparison.Ordinal)))
            .Select(f => f.Name)
            .ToList();

    public static void RefuseMissingOrEmpty(string ledgerPath, IReadOnlyList<string> holds)
    {
        if (holds.Count == 0) return;
        var file = new FileInfo(ledgerPath);
        if (!file.Exists) throw Lost(ledgerPath, "is missing", holds);
        if (file.Length == 0) throw Lost(ledgerPath, "is empty (0 bytes)", holds);
    }

    public static void RefuseSchemaless(string ledgerPath, SqliteConnection connection, SqliteTransaction? transaction, IReadOnlyList<string> holds)
    {
        if (holds.Count == 0) return;
        var version = Convert.ToInt64(connection.Scalar(transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(connection.Scalar(transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), System.Globalization.CultureInfo.InvariantCulture);
        if (version == 0 && tables == 0) throw Lost(ledgerPath, "has no schema (no tables)", holds);
    }

    /// <summary>PRAGMA quick_check reads every page (cheap for a ledger), so damage past page 1 is found on open, not in the middle of a deployment.</summary>
    public static void RefuseCorrupt(string ledgerPath, SqliteConnection connection)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA quick_check(5);";
        var problems = new List<string>();
        using (var reader = check.ExecuteReader())
        {
            while (reader.Read()) problems.Add(reader.GetString(0));
        }

        if (problems is ["ok"]) return;
        throw new OctoOrchestrateException(
            $"The ledger '{ledgerPath}' is corrupt (quick_check: {string.Join("; ", problems)}). Restore ledger.db from a backup (or try " +
            "'sqlite3 ledger.db .recover'); deleting it loses the record of every release and deployment.", ExitCodes.ReleaseServerFailed);
    }

    static OctoOrchestrateException Lost(string ledgerPath, string what, IReadOnlyList<string> holds) => new(
        $"The ledger '{ledgerPath}' {what}, but its state folder holds {string.Join(" and ", holds)}: the record of what was released and deployed " +
        "is lost, and a new ledger would redeploy everything. Restore ledger.db from a backup; to really start over, move the whole state folder aside.",
        ExitCodes.ReleaseServerFailed);
}
