using Microsoft.Data.Sqlite;

// Applies database/migrations/*.sql in name order, each once, recorded in schema_migrations.
// Usage: OctoPetShop.Migrator apply|verify <database file> [migrations folder]
if (args.Length < 2 || args[0] is not ("apply" or "verify"))
{
    Console.Error.WriteLine("usage: OctoPetShop.Migrator apply|verify <database file> [migrations folder]");
    return 2;
}

var databaseFile = Path.GetFullPath(args[1]);
var folder = args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "migrations");
var scripts = Directory.GetFiles(folder, "*.sql").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
if (args[0] == "verify" && !File.Exists(databaseFile))
{
    Console.Error.WriteLine($"{databaseFile} does not exist: run 'apply' first.");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!);
using var connection = new SqliteConnection($"Data Source={databaseFile}");
connection.Open();
Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
var applied = new HashSet<string>();
using (var read = connection.CreateCommand())
{
    read.CommandText = "SELECT name FROM schema_migrations";
    using var reader = read.ExecuteReader();
    while (reader.Read()) applied.Add(reader.GetString(0));
}

var pending = scripts.Where(s => !applied.Contains(Path.GetFileName(s))).ToList();
if (args[0] == "verify")
{
    foreach (var script in pending) Console.Error.WriteLine($"not applied: {Path.GetFileName(script)}");
    Console.WriteLine(pending.Count == 0 ? $"ok: {scripts.Count} migrations applied to {databaseFile}" : "");
    return pending.Count == 0 ? 0 : 1;
}

foreach (var script in pending)
{
    using var transaction = connection.BeginTransaction();
    Execute(connection, File.ReadAllText(script), transaction);
    Execute(connection, $"INSERT INTO schema_migrations(name, applied_at) VALUES ('{Path.GetFileName(script)}', datetime('now'))", transaction);
    transaction.Commit();
    Console.WriteLine($"applied {Path.GetFileName(script)}");
}

Console.WriteLine($"{databaseFile}: {scripts.Count - pending.Count} already applied, {pending.Count} applied now");
return 0;

static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
{
    using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
