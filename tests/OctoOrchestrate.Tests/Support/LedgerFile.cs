using Microsoft.Data.Sqlite;

namespace OctoOrchestrate.Tests.Support;

/// <summary>Direct access to a ledger.db file, as another process (sqlite3, a backup tool) would touch it.</summary>
public static class LedgerFile
{
    public static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=60");
        connection.Open();
        return connection;
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Moves everything from the WAL into the main file, so damage done to the main file is what SQLite reads.</summary>
    public static void Checkpoint(string path) => Scalar(path, "PRAGMA wal_checkpoint(TRUNCATE);");

    /// <summary>Overwrites one page (1-based) with garbage, leaving the header on page 1 intact when <paramref name="page"/> &gt; 1.</summary>
    public static void DamagePage(string path, int page) => DamagePages(path, page, page);

    /// <summary>Overwrites pages <paramref name="first"/> to <paramref name="last"/> (default: the last page) with garbage.</summary>
    public static void DamagePages(string path, int first, int? last = null)
    {
        Checkpoint(path);
        var pageSize = Convert.ToInt32(Scalar(path, "PRAGMA page_size;"), System.Globalization.CultureInfo.InvariantCulture);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        var pages = (int)(file.Length / pageSize);
        if (pages < (last ?? first)) throw new InvalidOperationException($"{path} has fewer than {last ?? first} pages");
        for (var page = first; page <= (last ?? pages); page++)
        {
            file.Seek((long)(page - 1) * pageSize, SeekOrigin.Begin);
            var garbage = new byte[pageSize];
            new Random(page).NextBytes(garbage);
            file.Write(garbage);
        }
    }

    /// <summary>Holds the write lock (BEGIN EXCLUSIVE) until disposed, as a backup or a stuck process would.</summary>
    public static IDisposable HoldWriteLock(string path)
    {
        var connection = Connect(path);
        var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE releases SET release_notes = release_notes WHERE id = -1;"; // takes the write lock
            command.ExecuteNonQuery();
        }

        return new Held(connection, transaction);
    }

    sealed class Held(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
    {
        public void Dispose()
        {
            transaction.Rollback();
            transaction.Dispose();
            connection.Dispose();
        }
    }
}
