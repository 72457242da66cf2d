using Microsoft.Data.Sqlite;

namespace OctoOrchestrate.Local;

/// <summary>Ordered schema migrations. Never edit a shipped one: append a new entry; <c>user_version</c> = how many ran.</summary>
internal static class LedgerMigrations
{
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            channel TEXT NOT NULL,
            package_path TEXT NOT NULL,
            package_sha256 TEXT NOT NULL,
            release_notes TEXT NOT NULL,
            git_commit TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (component, version));
        CREATE TABLE deployments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            environment TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            owner_pid INTEGER NOT NULL,
            owner_started TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            started_at TEXT,
            completed_at TEXT,
            install_dir TEXT,
            log_path TEXT);
        CREATE INDEX deployments_by_target ON deployments (component, environment, state);
        CREATE TABLE current_deployments (
            component TEXT NOT NULL,
            environment TEXT NOT NULL,
            deployment_id INTEGER NOT NULL REFERENCES deployments(id),
            PRIMARY KEY (component, environment));
        CREATE TABLE leases (
            component TEXT NOT NULL,
            environment TEXT NOT NULL,
            deployment_id INTEGER NOT NULL REFERENCES deployments(id),
            owner_pid INTEGER NOT NULL,
            owner_started TEXT NOT NULL,
            acquired_at TEXT NOT NULL,
            PRIMARY KEY (component, environment));
        CREATE TABLE approvals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            state TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            decided_by TEXT,
            notes TEXT,
            decided_at TEXT);
        CREATE TABLE approval_deployments (
            approval_id INTEGER NOT NULL REFERENCES approvals(id),
            deployment_id INTEGER NOT NULL REFERENCES deployments(id),
            PRIMARY KEY (approval_id, deployment_id));
        """,
        // procs: where the owner runs (machine + PID namespace), its heartbeat, and the deploy command's process group.
        """
        ALTER TABLE deployments ADD COLUMN owner_host TEXT;
        ALTER TABLE deployments ADD COLUMN heartbeat_at TEXT;
        ALTER TABLE deployments ADD COLUMN command_group INTEGER;
        ALTER TABLE deployments ADD COLUMN command_started TEXT;
        """,
        // tenants: a deployment's tenant (NULL = untenanted); what is current is kept per component, environment and tenant
        // ('' = untenanted, so the primary key compares it). SQLite cannot change a primary key: the table is rebuilt.
        """
        ALTER TABLE deployments ADD COLUMN tenant TEXT;
        CREATE TABLE current_deployments_by_tenant (
            component TEXT NOT NULL,
            environment TEXT NOT NULL,
            tenant TEXT NOT NULL DEFAULT '',
            deployment_id INTEGER NOT NULL REFERENCES deployments(id),
            PRIMARY KEY (component, environment, tenant));
        INSERT INTO current_deployments_by_tenant (component, environment, tenant, deployment_id)
            SELECT component, environment, '', deployment_id FROM current_deployments;
        DROP TABLE current_deployments;
        ALTER TABLE current_deployments_by_tenant RENAME TO current_deployments;
        """,
    ];

    public static int Latest => Migrations.Length;

    public static int Version(SqliteConnection connection, SqliteTransaction? transaction) =>
        Convert.ToInt32(connection.Scalar(transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);

    public static void Apply(SqliteConnection connection, SqliteTransaction transaction)
    {
        var version = Version(connection, transaction);
        if (version > Migrations.Length)
            throw new OctoOrchestrateException(
                $"The ledger '{connection.DataSource}' has schema version {version}, newer than this octo-orchestrate knows ({Migrations.Length}). Update octo-orchestrate.",
                ExitCodes.ReleaseServerFailed);
        for (var i = version; i < Migrations.Length; i++)
        {
            connection.Execute(transaction, Migrations[i]);
            connection.Execute(transaction, $"PRAGMA user_version = {i + 1};");
        }
    }
}
