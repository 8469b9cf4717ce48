//! The database schema and its migrations: the `zhongzhan` schema with the `facilities` table
//! (typed columns for the file format's properties, `extra` for unknown ones, a PostGIS
//! geometry, version and audit columns, tombstones), the `facility_history` table, the trigger
//! that versions, audits and announces every change whoever makes it (the app, QGIS,
//! `ogr2ogr`, psql), and the group roles `zhongzhan_viewer` and `zhongzhan_editor`.
//!
//! [`init`] applies the migrations the database lacks, in order, each in its own transaction
//! under an advisory lock, and records them in `zhongzhan.schema_version`; running it again is
//! a no-op. Our tables live in their own schema, not `public`, so they stay apart from
//! PostGIS's tables and whatever else the bureau keeps in the database, and privileges can be
//! granted per schema.

use postgres::Client;

use super::connection::DbConfig;
use super::error::DbError;

/// The schema (namespace) holding the app's tables.
pub const SCHEMA: &str = "zhongzhan";

/// The channel the trigger notifies on every change (payload: JSON with `id`, `version`,
/// `deleted`, `by`).
pub const CHANNEL: &str = "facilities";

/// The read-only group role.
pub const VIEWER_ROLE: &str = "zhongzhan_viewer";

/// The editing group role (insert and update; deletes are tombstones, so no DELETE).
pub const EDITOR_ROLE: &str = "zhongzhan_editor";

/// Key of the advisory lock that serialises concurrent `init`s of one database.
const INIT_LOCK: i64 = 0x7a68_6f6e_677a_6861; // "zhongzha"

/// One step of the schema.
struct Migration {
    version: i32,
    description: &'static str,
    sql: &'static str,
}

/// Every migration, oldest first. Never edit one that was released: add a new one.
const MIGRATIONS: [Migration; 1] = [Migration {
    version: 1,
    description: "facilities with versions, history, change notifications and roles",
    sql: include_str!("schema_v1.sql"),
}];

/// The newest schema version this app knows.
pub fn latest_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// What [`init`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The schema version before.
    pub from_version: i32,
    /// The schema version now.
    pub to_version: i32,
    /// Whether PostGIS had to be installed.
    pub installed_postgis: bool,
}

impl InitReport {
    /// Whether nothing had to be done.
    pub fn was_up_to_date(&self) -> bool {
        self.from_version == self.to_version && !self.installed_postgis
    }
}

/// Creates or migrates the schema. Needs a role that may create schemas (and roles, for the
/// group roles); PostGIS is installed if missing and permitted.
pub fn init(client: &mut Client, config: &DbConfig) -> Result<InitReport, DbError> {
    let installed_postgis = ensure_postgis(client, config)?;
    let from_version = current_version(client, config)?;
    let known = latest_version();
    if from_version > known {
        return Err(DbError::SchemaTooNew {
            found: from_version,
            known,
        });
    }
    if from_version < known {
        // A session-level lock taken before the transactions, not a transaction-level one:
        // a transaction that waited for the lock would still see the catalog as it was
        // before the other desktop's migration (a cached "no such schema").
        client
            .execute("SELECT pg_advisory_lock($1)", &[&INIT_LOCK])
            .map_err(|e| config.error(&e, "set up the schema"))?;
        let migrated = migrate(client, config);
        let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&INIT_LOCK]);
        migrated?;
        unlocked.map_err(|e| config.error(&e, "set up the schema"))?;
    }
    let to_version = current_version(client, config)?;
    Ok(InitReport {
        from_version,
        to_version,
        installed_postgis,
    })
}

/// Applies the migrations the database lacks, each in a transaction; the caller holds the
/// lock.
fn migrate(client: &mut Client, config: &DbConfig) -> Result<(), DbError> {
    const ACTION: &str = "set up the schema (create schemas, tables and roles)";
    let applied = current_version(client, config)?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > applied) {
        let mut tx = client.transaction().map_err(|e| config.error(&e, ACTION))?;
        tx.batch_execute(migration.sql)
            .map_err(|e| config.error(&e, ACTION))?;
        tx.execute(
            "INSERT INTO zhongzhan.schema_version (version, description) VALUES ($1, $2)",
            &[&migration.version, &migration.description],
        )
        .map_err(|e| config.error(&e, ACTION))?;
        tx.commit().map_err(|e| config.error(&e, ACTION))?;
    }
    Ok(())
}

/// The schema version of the database, 0 when it has none; an error when it is newer than
/// this app knows.
pub fn check_version(client: &mut Client, config: &DbConfig) -> Result<i32, DbError> {
    let found = current_version(client, config)?;
    if found == 0 {
        return Err(DbError::NotInitialised);
    }
    if found > latest_version() {
        return Err(DbError::SchemaTooNew {
            found,
            known: latest_version(),
        });
    }
    Ok(found)
}

fn current_version(client: &mut Client, config: &DbConfig) -> Result<i32, DbError> {
    version_in(client).map_err(|e| config.error(&e, "read the schema version"))
}

fn version_in(client: &mut impl postgres::GenericClient) -> Result<i32, postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('zhongzhan.schema_version') IS NOT NULL",
            &[],
        )?
        .try_get(0)?;
    if !exists {
        return Ok(0);
    }
    client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM zhongzhan.schema_version",
            &[],
        )?
        .try_get(0)
}

/// Installs PostGIS if the database lacks it; returns whether it did.
fn ensure_postgis(client: &mut Client, config: &DbConfig) -> Result<bool, DbError> {
    let present: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')",
            &[],
        )
        .and_then(|row| row.try_get(0))
        .map_err(|e| config.error(&e, "check for PostGIS"))?;
    if present {
        return Ok(false);
    }
    client
        .batch_execute("CREATE EXTENSION IF NOT EXISTS postgis")
        .map_err(|e| DbError::NoPostgis {
            database: config.database().to_owned(),
            message: config.redact(&e.to_string()),
        })?;
    Ok(true)
}
