//! Where the shared database is and how to log in: the connection URL (from `--db URL`,
//! `ZHONGZHAN_DB` or `DATABASE_URL`), opening connections, and keeping the password out of
//! every text the app shows or logs. `Display` shows user, host, port and database only; every
//! error message passes through [`DbConfig::redact`].
//!
//! Connections are the synchronous `postgres` crate's: each one runs its own small tokio
//! runtime inside, so it must live on a plain thread, never inside a tokio task (the crate
//! panics there) and never on the UI thread.

use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, NoTls};

use super::error::DbError;

/// Environment variables read for the connection URL, in order (after `--db`).
pub const URL_VARIABLES: [&str; 2] = ["ZHONGZHAN_DB", "DATABASE_URL"];

/// `application_name` of the app's connections (visible in `pg_stat_activity`).
pub const APPLICATION_NAME: &str = "zhongzhan-map";

/// How long opening a connection may take when the URL does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Shortest secret that is redacted: replacing every `a` of a one-letter password would make
/// messages unreadable and hide nothing.
const MIN_REDACTED_LEN: usize = 3;

/// A parsed connection URL. Cloning is cheap; the password stays inside.
#[derive(Clone)]
pub struct DbConfig {
    config: postgres::Config,
    /// The password as given (URL-encoded) and decoded, for redaction.
    secrets: Vec<String>,
}

impl DbConfig {
    /// Reads a `postgresql://USER:PASSWORD@HOST:PORT/DATABASE` URL (or a libpq
    /// `key=value` string). The error never repeats the password.
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        let mut secrets = Vec::new();
        if let Some(raw) = raw_url_password(url) {
            secrets.push(raw.to_owned());
        }
        let config: postgres::Config = url.parse().map_err(|e: postgres::Error| {
            let reason = redact_with(&secrets, &describe(&e));
            DbError::BadUrl { reason }
        })?;
        if let Some(password) = config.get_password() {
            secrets.push(String::from_utf8_lossy(password).into_owned());
        }
        secrets.retain(|s| s.chars().count() >= MIN_REDACTED_LEN);
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        if config.get_dbname().is_none() {
            return Err(DbError::BadUrl {
                reason: "no database name".to_owned(),
            });
        }
        if !matches!(config.get_ssl_mode(), SslMode::Disable | SslMode::Prefer) {
            return Err(DbError::BadUrl {
                reason: "sslmode=require: TLS connections are not built in yet; use a local or tunnelled connection".to_owned(),
            });
        }
        Ok(Self { config, secrets })
    }

    /// The URL from the command line if given, else from [`URL_VARIABLES`].
    pub fn from_sources(command_line: Option<&str>) -> Result<Self, DbError> {
        if let Some(url) = command_line {
            return Self::from_url(url);
        }
        URL_VARIABLES
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
            .map_or(Err(DbError::NoUrl), |url| Self::from_url(&url))
    }

    /// The login name (or `?` when the URL gives none).
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or("?")
    }

    /// The database name.
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or("?")
    }

    /// The first host, as text.
    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(Host::Tcp(host)) => host.clone(),
            #[cfg(unix)]
            Some(Host::Unix(path)) => path.display().to_string(),
            None => "localhost".to_owned(),
        }
    }

    /// The first port (PostgreSQL's 5432 when the URL gives none).
    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    /// The same server and login, another database.
    pub fn with_database(&self, database: &str) -> Self {
        let mut copy = self.clone();
        copy.config.dbname(database);
        copy
    }

    /// The same server and database, another login.
    pub fn with_login(&self, user: &str, password: &str) -> Self {
        let mut copy = self.clone();
        copy.config.user(user).password(password);
        if password.chars().count() >= MIN_REDACTED_LEN {
            copy.secrets.push(password.to_owned());
            copy.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
        copy
    }

    /// `text` with every occurrence of the password replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        redact_with(&self.secrets, text)
    }

    /// Opens a connection named [`APPLICATION_NAME`]. Blocks: call it on a worker thread.
    pub fn connect(&self) -> Result<Client, DbError> {
        self.connect_named(APPLICATION_NAME)
    }

    /// Opens a connection with its own `application_name` (e.g. the listener's).
    pub fn connect_named(&self, application_name: &str) -> Result<Client, DbError> {
        let mut config = self.config.clone();
        config.application_name(application_name);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.connect(NoTls).map_err(|e| DbError::Connect {
            target: self.to_string(),
            message: self.redact(&describe(&e)),
        })
    }

    /// The module's error for a failed statement; `action` says what was attempted, in words,
    /// for a permission error ("edit facilities").
    pub(crate) fn error(&self, error: &postgres::Error, action: &str) -> DbError {
        let code = error.code().map(|c| c.code().to_owned());
        let message = self.redact(&describe(error));
        if code.as_deref() == Some("42501") {
            return DbError::PermissionDenied {
                user: self.user().to_owned(),
                action: action.to_owned(),
                message,
            };
        }
        DbError::Query {
            code,
            message,
            connection_lost: error.is_closed(),
        }
    }
}

impl std::fmt::Display for DbConfig {
    /// `user@host:port/database`: never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}@{}:{}/{}",
            self.user(),
            self.host(),
            self.port(),
            self.database()
        )
    }
}

/// Two configurations are equal when they name the same login on the same server and
/// database with the same password (compared without ever being printed).
impl PartialEq for DbConfig {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
            && self.config.get_password() == other.config.get_password()
    }
}

impl Eq for DbConfig {}

impl std::fmt::Debug for DbConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DbConfig({self})")
    }
}

/// The server's message with its detail and hint, or the client's error text with its causes
/// (the crate's `Display` leaves them out: "error connecting to server" alone says little).
pub(crate) fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; hint: {hint}"));
            }
            text
        }
        None => {
            let mut text = error.to_string();
            let mut cause = std::error::Error::source(error);
            while let Some(inner) = cause {
                text.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            text
        }
    }
}

fn redact_with(secrets: &[String], text: &str) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |text, secret| {
            text.replace(secret.as_str(), "***")
        })
}

/// The password part of `scheme://user:password@host/…` as written (still URL-encoded).
fn raw_url_password(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    Some(password).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "postgresql://alice:s3cr%40t-pw@db.example:6543/zhongzhan";

    #[test]
    fn display_shows_user_host_port_and_database_but_not_the_password() {
        let config = DbConfig::from_url(URL).unwrap();
        assert_eq!(config.to_string(), "alice@db.example:6543/zhongzhan");
        assert_eq!(
            format!("{config:?}"),
            "DbConfig(alice@db.example:6543/zhongzhan)"
        );
    }

    #[test]
    fn the_password_is_redacted_encoded_and_decoded() {
        let config = DbConfig::from_url(URL).unwrap();
        assert_eq!(
            config.redact("login s3cr%40t-pw / s3cr@t-pw failed"),
            "login *** / *** failed"
        );
    }

    #[test]
    fn a_bad_url_names_the_problem_without_the_password() {
        let error = DbConfig::from_url("postgresql://bob:hunter22@host:notaport/db")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter22"), "{error}");
        assert!(error.contains("not a usable PostgreSQL URL"), "{error}");
        let error = DbConfig::from_url("postgresql://bob:hunter22@host:5432")
            .unwrap_err()
            .to_string();
        assert!(error.contains("no database name"), "{error}");
    }

    #[test]
    fn another_login_keeps_the_server_and_redacts_its_password_too() {
        let config = DbConfig::from_url(URL)
            .unwrap()
            .with_login("viewer1", "pw-viewer");
        assert_eq!(config.to_string(), "viewer1@db.example:6543/zhongzhan");
        assert_eq!(config.redact("pw-viewer and s3cr@t-pw"), "*** and ***");
    }

    #[test]
    fn tls_modes_are_refused_until_tls_is_built_in() {
        let error = DbConfig::from_url("postgresql://a:b@h/db?sslmode=require").unwrap_err();
        assert!(error.to_string().contains("TLS"), "{error}");
    }
}
