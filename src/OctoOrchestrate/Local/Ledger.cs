using Microsoft.Data.Sqlite;

namespace OctoOrchestrate.Local;

/// <summary>
/// The SQLite file <c>ledger.db</c>. WAL mode and a busy timeout let several processes share one state folder; every change runs in
/// an immediate (write-locking) transaction; the schema is versioned by <c>PRAGMA user_version</c> and migrated on open.
/// Every call maps a SQLite failure to an <see cref="OctoOrchestrateException"/> (exit 5) saying what is wrong (LedgerErrors).
/// </summary>
internal sealed class Ledger
{
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);
    readonly string connectionString;

    Ledger(string path, TimeSpan busyTimeout)
    {
        Path = path;
        BusyTimeout = busyTimeout;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
            Pooling = false,
        }.ToString();
    }

    public string Path { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>
    /// Opens the ledger of <paramref name="state"/>, creating it only in a state folder that holds nothing yet: a missing, empty or
    /// schema-less ledger beside packages/ or environments/ means the record was lost, and starting a new one would redeploy everything.
    /// A corrupt file is refused (PRAGMA quick_check) rather than half-read.
    /// </summary>
    public static Ledger Open(StateFolder state, TimeSpan? busyTimeout = null)
    {
        var path = state.LedgerPath;
        var ledger = new Ledger(path, busyTimeout ?? DefaultBusyTimeout);
        var holds = LedgerTrust.WhatTheStateFolderHolds(state);
        LedgerTrust.RefuseMissingOrEmpty(path, holds);
        ledger.Guard(() =>
        {
            using var connection = ledger.Connect();
            LedgerTrust.RefuseCorrupt(path, connection);
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        });
        // Read first, write only to migrate: a reading command works while another process holds the write lock.
        ledger.Read(connection => { LedgerTrust.RefuseSchemaless(path, connection, null, holds); return 0; });
        if (ledger.Read(connection => LedgerMigrations.Version(connection, null)) != LedgerMigrations.Latest) ledger.Write(LedgerMigrations.Apply); // Apply refuses a newer schema
        return ledger;
    }

    SqliteConnection Connect()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE: other writers wait, nobody sees half of it).</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) => Guard(() =>
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    });

    public void Write(Action<SqliteConnection, SqliteTransaction> work) => Write<object?>((c, t) => { work(c, t); return null; });

    /// <summary>
    /// Like <see cref="Write{T}"/>, but a lock held longer than the busy timeout is waited out (with backoff) until
    /// <paramref name="patience"/> has passed: for writes that must not be lost, such as how a finished deployment ended.
    /// </summary>
    public void WritePatiently(Action<SqliteConnection, SqliteTransaction> work, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                Write(work);
                return;
            }
            catch (OctoOrchestrateException ex) when (ex.InnerException is SqliteException sqlite && LedgerErrors.IsBusy(sqlite) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public T Read<T>(Func<SqliteConnection, T> work) => Guard(() =>
    {
        using var connection = Connect();
        return work(connection);
    });

    void Guard(Action work) => Guard<object?>(() => { work(); return null; });

    T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException ex)
        {
            throw LedgerErrors.Map(Path, ex, BusyTimeout);
        }
    }
}

internal static class SqliteExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static int Execute(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static List<T> Query<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    public static string? NullableString(this SqliteDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));

    public static DateTimeOffset? NullableTime(this SqliteDataReader reader, string column) =>
        reader.NullableString(column) is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
