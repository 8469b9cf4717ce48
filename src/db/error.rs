//! What can go wrong talking to the shared database, as one error type for the whole `db`
//! module. Every message is built from text that went through the connection's redaction
//! (see [`super::connection::DbConfig::redact`]), so no password ever reaches a log line or a
//! dialog; the server's own error objects are not kept.

use crate::model::FacilityId;
use crate::model::LoadError;

/// A row's version: 1 when inserted, one more with every change (bumped by the database's
/// trigger, whoever made the change).
pub type Version = i64;

/// A save that met a newer version of the row than the one it was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The facility.
    pub id: FacilityId,
    /// The version the save was based on.
    pub expected: Version,
    /// The version in the database now, `None` when the row does not exist.
    pub current: Option<Version>,
    /// Whether someone deleted the facility (a tombstone).
    pub deleted: bool,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.current {
            None => write!(f, "{} is not in the database", self.id),
            Some(current) if self.deleted => write!(
                f,
                "{} was deleted by someone else (version {current}; yours was based on {})",
                self.id, self.expected
            ),
            Some(current) => write!(
                f,
                "{} was changed by someone else: version {current} in the database, yours was based on {}",
                self.id, self.expected
            ),
        }
    }
}

/// Why a database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The connection URL could not be read.
    #[error(
        "not a usable PostgreSQL URL ({reason}); expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    )]
    BadUrl {
        /// What is wrong with it (the password is never included).
        reason: String,
    },
    /// No connection URL was given anywhere.
    #[error(
        "no database given: use --db URL, ZHONGZHAN_DB, DATABASE_URL or a file {} holding the URL",
        super::connection::url_file().map_or_else(|| "database_url in the app's config directory".to_owned(), |p| p.display().to_string())
    )]
    NoUrl,
    /// The URL file can be read or changed by other users, so it is not used.
    #[error(
        "{} holds the database password but other users may read or change it (mode {mode:03o}), so it is not used: run chmod 600 {}",
        path.display(),
        path.display()
    )]
    UrlFileNotPrivate {
        /// The file.
        path: std::path::PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The URL file exists but could not be read.
    #[error("cannot read the database URL from {}: {message}", path.display())]
    UrlFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        message: String,
    },
    /// The CA file given for TLS (`sslrootcert` or `ZHONGZHAN_DB_CA`) is not usable.
    #[error(
        "cannot use {} as the database server's CA ({reason}); give the bureau's CA certificate as a PEM file with sslrootcert=FILE in the URL or ZHONGZHAN_DB_CA=FILE",
        path.display()
    )]
    CaFile {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// `sslmode=require` without a CA file, and the system's certificate store is empty or
    /// unreadable.
    #[error(
        "the system's certificate store has no usable CA ({reason}); give the bureau's CA certificate as a PEM file with sslrootcert=FILE in the URL or ZHONGZHAN_DB_CA=FILE"
    )]
    SystemCertificates {
        /// Why.
        reason: String,
    },
    /// TLS could not be set up at all (a fault of the TLS library's setup, not of the server).
    #[error("cannot set up TLS: {reason}")]
    Tls {
        /// Why.
        reason: String,
    },
    /// The server could not be reached or refused the login.
    #[error("cannot connect to {target}: {message}")]
    Connect {
        /// Host, port, database and user (never the password).
        target: String,
        /// The reason, redacted.
        message: String,
    },
    /// The database has no PostGIS and the user may not install it.
    #[error(
        "PostGIS is not installed in {database} and could not be installed ({message}); as a superuser run: CREATE EXTENSION postgis"
    )]
    NoPostgis {
        /// The database.
        database: String,
        /// The server's reason, redacted.
        message: String,
    },
    /// The database's schema is newer than this app knows.
    #[error(
        "the database's schema is version {found}, this app knows up to {known}: update the app"
    )]
    SchemaTooNew {
        /// The version in the database.
        found: i32,
        /// The newest version this app knows.
        known: i32,
    },
    /// The database has no facilities schema yet.
    #[error("the database has no zhongzhan schema yet: run `db init` first")]
    NotInitialised,
    /// A save met a newer version (see [`Conflict`]).
    #[error("{0}")]
    Conflict(Conflict),
    /// An insert found another facility with the same id.
    #[error("a different facility with id {id} already exists in the database")]
    AlreadyExists {
        /// The id.
        id: FacilityId,
    },
    /// The logged-in role may not do this (e.g. a viewer tried to edit).
    #[error(
        "permission denied: {user} may not {action} (a viewer role; editing needs the zhongzhan_editor role): {message}"
    )]
    PermissionDenied {
        /// The database user.
        user: String,
        /// What was attempted, in words ("edit facilities").
        action: String,
        /// The server's message, redacted.
        message: String,
    },
    /// Rows that do not make facilities (e.g. written by another tool with a bad category).
    #[error(transparent)]
    InvalidRows(#[from] LoadError),
    /// Any other error from the server or the connection.
    #[error("database error{}: {message}", code.as_deref().map(|c| format!(" {c}")).unwrap_or_default())]
    Query {
        /// The SQLSTATE code, when the server gave one.
        code: Option<String>,
        /// The message, redacted.
        message: String,
        /// Whether the connection was closed (by the server, the network or a restart).
        connection_lost: bool,
    },
}

impl DbError {
    /// Whether the connection is gone (the caller should reconnect and resynchronise).
    pub fn is_connection_lost(&self) -> bool {
        match self {
            DbError::Connect { .. } => true,
            // Class 08: connection exceptions; 57P01..03: the server shut the session down.
            DbError::Query {
                code,
                connection_lost,
                ..
            } => {
                *connection_lost
                    || code
                        .as_deref()
                        .is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
            }
            _ => false,
        }
    }
}
