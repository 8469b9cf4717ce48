//! Where the shared database is and how to log in: the connection URL (from `--db URL`,
//! `ZHONGZHAN_DB`, `DATABASE_URL` or the private file [`url_file`]), TLS as `sslmode` and
//! `sslrootcert` ask (see [`super::tls`]), opening connections, and keeping the password out
//! of every text the app shows or logs. `Display` shows user, host, port and database only;
//! every error message passes through [`DbConfig::redact`].
//!
//! Connections are the synchronous `postgres` crate's: each one runs its own small tokio
//! runtime inside, so it must live on a plain thread, never inside a tokio task (the crate
//! panics there) and never on the UI thread.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, NoTls};

use super::error::DbError;
use super::tls::{CA_VARIABLE, SYSTEM_STORE, Tls, Trust};

/// Environment variables read for the connection URL, in order (after `--db`).
pub const URL_VARIABLES: [&str; 2] = ["ZHONGZHAN_DB", "DATABASE_URL"];

/// The name of the file in the app's config directory that may hold the URL (see [`url_file`]).
pub const URL_FILE_NAME: &str = "database_url";

/// Permission bits of the URL file that let other users in (group and others): any of them
/// set and the file is refused.
#[cfg(unix)]
const SHARED_MODE_BITS: u32 = 0o077;

/// `application_name` of the app's connections (visible in `pg_stat_activity`).
pub const APPLICATION_NAME: &str = "zhongzhan-map";

/// How long opening a connection may take when the URL does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Shortest secret that is redacted: replacing every `a` of a one-letter password would make
/// messages unreadable and hide nothing.
const MIN_REDACTED_LEN: usize = 3;

/// A parsed connection URL. Cloning is cheap; the password stays inside, and clones share
/// one TLS connector.
#[derive(Clone)]
pub struct DbConfig {
    config: postgres::Config,
    /// The password as given (URL-encoded) and decoded, for redaction.
    secrets: Vec<String>,
    /// The TLS connector; `None` with `sslmode=disable`.
    tls: Option<Tls>,
}

impl DbConfig {
    /// Reads a `postgresql://USER:PASSWORD@HOST:PORT/DATABASE` URL (or a libpq
    /// `key=value` string), with `sslmode` (`disable`, `prefer` — the default —, `require`;
    /// `verify-ca` and `verify-full` mean `require`) and `sslrootcert` (a CA file, or
    /// `system`; else the file in `ZHONGZHAN_DB_CA`), and reads the certificates TLS will
    /// trust. The error never repeats the password.
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        let env_ca = std::env::var(CA_VARIABLE)
            .ok()
            .filter(|v| !v.trim().is_empty());
        Self::from_url_with_ca(url, env_ca)
    }

    /// [`DbConfig::from_url`] with `env_ca` in place of `ZHONGZHAN_DB_CA`.
    fn from_url_with_ca(url: &str, env_ca: Option<String>) -> Result<Self, DbError> {
        let mut secrets = Vec::new();
        if let Some(raw) = raw_url_password(url) {
            secrets.push(raw.to_owned());
        }
        let TlsParams {
            rest,
            sslmode,
            sslrootcert,
        } = split_tls_params(url);
        let mut config: postgres::Config = rest.parse().map_err(|e: postgres::Error| {
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
        let mode = match sslmode.as_deref() {
            None | Some("prefer") => SslMode::Prefer,
            Some("disable") => SslMode::Disable,
            Some("require" | "verify-ca" | "verify-full") => SslMode::Require,
            Some(other) => {
                return Err(DbError::BadUrl {
                    reason: format!(
                        "sslmode={other}: use disable, prefer, require, verify-ca or verify-full"
                    ),
                });
            }
        };
        config.ssl_mode(mode);
        let ca = sslrootcert.or(env_ca).map(|ca| ca.trim().to_owned());
        let trust = match (mode, ca) {
            (SslMode::Disable, _) => None,
            (_, Some(ca)) if ca == SYSTEM_STORE => Some(Trust::SystemStore),
            (_, Some(ca)) => Some(Trust::CaFile(PathBuf::from(ca))),
            (SslMode::Require, None) => Some(Trust::SystemStore),
            (_, None) => Some(Trust::Unchecked),
        };
        let tls = trust.map(Tls::new).transpose()?;
        Ok(Self {
            config,
            secrets,
            tls,
        })
    }

    /// The URL from the command line if given, else from [`URL_VARIABLES`], else from the
    /// file [`url_file`] (refused when other users may read it).
    pub fn from_sources(command_line: Option<&str>) -> Result<Self, DbError> {
        if let Some(url) = command_line {
            return Self::from_url(url);
        }
        if let Some(url) = URL_VARIABLES
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        {
            return Self::from_url(&url);
        }
        let Some(path) = url_file() else {
            return Err(DbError::NoUrl);
        };
        match read_url_file(&path)? {
            Some(url) => Self::from_url(&url).map_err(|error| match error {
                DbError::BadUrl { reason } => DbError::BadUrl {
                    reason: format!("in {}: {reason}", path.display()),
                },
                other => other,
            }),
            None => Err(DbError::NoUrl),
        }
    }

    /// What the server's certificate is checked against; `None` with `sslmode=disable`.
    pub fn trust(&self) -> Option<&Trust> {
        self.tls.as_ref().map(Tls::trust)
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
        // As libpq: a Unix-domain socket is local, TLS does not apply to it.
        #[cfg(unix)]
        if config
            .get_hosts()
            .iter()
            .all(|host| matches!(host, Host::Unix(_)))
            && !config.get_hosts().is_empty()
        {
            config.ssl_mode(SslMode::Disable);
        }
        let connected = match &self.tls {
            Some(tls) => config.connect(tls.connector()),
            None => config.connect(NoTls),
        };
        connected.map_err(|e| {
            let message = self
                .tls
                .as_ref()
                .and_then(|tls| tls.explain(&e, &self.host()))
                .unwrap_or_else(|| describe(&e));
            DbError::Connect {
                target: self.to_string(),
                message: self.redact(&message),
            }
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

/// Where the URL file is: `database_url` in the app's config directory (Linux
/// `~/.config/zhongzhan-map/`, macOS `~/Library/Application Support/cn.Zhongzhan.zhongzhan-map/`,
/// Windows `%APPDATA%\Zhongzhan\zhongzhan-map\config\`); `None` without a home directory.
pub fn url_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "Zhongzhan", crate::APP_ID)
        .map(|dirs| dirs.config_dir().join(URL_FILE_NAME))
}

/// The URL in `path` (its first line that is neither empty nor a `#` comment); `None` when
/// there is no such file or no URL in it. On Unix the file is refused unless only its owner
/// may read it (mode 0600 or 0400): it holds the password.
pub fn read_url_file(path: &Path) -> Result<Option<String>, DbError> {
    let unreadable = |e: std::io::Error| DbError::UrlFile {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // The open file's mode, not the path's: nothing can be swapped in between.
        let mode = file.metadata().map_err(unreadable)?.permissions().mode() & 0o7777;
        if mode & SHARED_MODE_BITS != 0 {
            return Err(DbError::UrlFileNotPrivate {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(unreadable)?;
    Ok(text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned))
}

/// A URL or `key=value` string without its `sslmode` and `sslrootcert` (read here:
/// `tokio-postgres` knows neither `sslrootcert` nor the `verify-*` modes), and their values.
struct TlsParams {
    rest: String,
    sslmode: Option<String>,
    sslrootcert: Option<String>,
}

/// Takes `sslmode` and `sslrootcert` out of a URL's query (percent-decoded) or out of a
/// `key=value` string (quotes and backslashes as libpq reads them); the last one counts. A
/// string that does not read is passed on whole, for the parser to name its problem.
fn split_tls_params(url: &str) -> TlsParams {
    let mut params = TlsParams {
        rest: url.to_owned(),
        sslmode: None,
        sslrootcert: None,
    };
    let mut take = |key: &str, value: String| match key {
        "sslmode" => {
            params.sslmode = Some(value);
            true
        }
        "sslrootcert" => {
            params.sslrootcert = Some(value);
            true
        }
        _ => false,
    };
    let rest = if url.contains("://") {
        let Some((base, query)) = url.split_once('?') else {
            return params;
        };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value = percent_encoding::percent_decode_str(value)
                    .decode_utf8_lossy()
                    .into_owned();
                !take(key, value)
            })
            .collect();
        if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else {
        let Some(pairs) = key_values(url) else {
            return params;
        };
        pairs
            .into_iter()
            .filter(|(key, value, _)| !take(key, value.clone()))
            .map(|(_, _, raw)| raw)
            .collect::<Vec<_>>()
            .join(" ")
    };
    params.rest = rest;
    params
}

/// The pairs of a libpq `key=value` string: key, value (unquoted) and the pair as written.
fn key_values(text: &str) -> Option<Vec<(&str, String, &str)>> {
    let mut pairs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let start = rest;
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace())?;
        let key = rest.get(..key_end)?;
        rest = rest
            .get(key_end..)?
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let (value, after) = key_value(rest)?;
        pairs.push((
            key,
            value,
            start.get(..start.len() - after.len())?.trim_end(),
        ));
        rest = after.trim_start();
    }
    Some(pairs)
}

/// One value of a `key=value` string (`'quoted'` or bare, `\` escaping), and what follows.
fn key_value(text: &str) -> Option<(String, &str)> {
    let (quoted, body) = match text.strip_prefix('\'') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => value.push(chars.next()?.1),
            '\'' if quoted => return Some((value, body.get(at + 1..)?)),
            c if c.is_whitespace() && !quoted => return Some((value, body.get(at..)?)),
            c => value.push(c),
        }
    }
    (!quoted).then_some((value, ""))
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

    /// A CA certificate that signed nothing (`openssl req -x509`, ECDSA P-256, 100 years).
    const UNIT_TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBoTCCAUegAwIBAgIUH9Y6R6HmisJ1/hQ0g7ar96Hd6+8wCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaemhvbmd6aGFuLW1hcCB1bml0IHRlc3QgQ0EwIBcNMjYxMjA3
MTEwODUzWhgPMjEyNjExMTMxMTA4NTNaMCUxIzAhBgNVBAMMGnpob25nemhhbi1t
YXAgdW5pdCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHJB6WXWg
7+bC+z89ADQZ3sNpQ7J4QlJ1W/ikm7Y/Hkb9orUeuroB610fTfvJekUYinyTkF/a
RFFu4IFUOCEbq6NTMFEwHQYDVR0OBBYEFLNnGv/sCh7cIT+JuIQwyK7JrXrrMB8G
A1UdIwQYMBaAFLNnGv/sCh7cIT+JuIQwyK7JrXrrMA8GA1UdEwEB/wQFMAMBAf8w
CgYIKoZIzj0EAwIDSAAwRQIgCU9NMu0s/zbBYzASaRc4mdI9KL0Kc5yOA9eOkArX
eYYCIQDqcl6cyhpXtjzzO+Q/wPsd8vXuPhy0cLTIjp1ZYp1/HQ==
-----END CERTIFICATE-----
";

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
    fn sslmode_and_sslrootcert_choose_what_the_certificate_is_checked_against() {
        let trust = |url: &str, env: Option<&str>| {
            DbConfig::from_url_with_ca(url, env.map(str::to_owned))
                .unwrap()
                .trust()
                .cloned()
        };
        assert_eq!(trust("postgresql://a@h/db", None), Some(Trust::Unchecked));
        assert_eq!(
            trust("postgresql://a@h/db?sslmode=disable", Some("/x")),
            None
        );
        assert_eq!(
            trust(
                "postgresql://a@h/db?sslmode=require&sslrootcert=system",
                None
            ),
            Some(Trust::SystemStore)
        );
        assert_eq!(
            trust("host=h dbname=db sslmode='verify-full'", None),
            Some(Trust::SystemStore)
        );
        // ZHONGZHAN_DB_CA when the URL names no CA; the URL's sslrootcert before it.
        let ca = std::env::temp_dir().join(format!("zhongzhan-unit-ca-{}.pem", std::process::id()));
        std::fs::write(&ca, UNIT_TEST_CA).unwrap();
        let ca_text = ca.display().to_string();
        let from_env = trust("postgresql://a@h/db", Some(&ca_text));
        let from_url = trust(
            &format!("postgresql://a@h/db?sslmode=require&sslrootcert={ca_text}"),
            Some("/no/such/ca.pem"),
        );
        std::fs::remove_file(&ca).ok();
        assert_eq!(from_env, Some(Trust::CaFile(ca.clone())));
        assert_eq!(from_url, Some(Trust::CaFile(ca)));
        let error = DbConfig::from_url_with_ca("postgresql://a@h/db?sslmode=allow", None)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("sslmode=allow: use disable, prefer, require"),
            "{error}"
        );
    }

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_urls_and_key_value_strings() {
        let url = split_tls_params(
            "postgresql://a:p@h/db?application_name=x&sslrootcert=%2Ftmp%2Fmy%20ca.pem&sslmode=require",
        );
        assert_eq!(url.rest, "postgresql://a:p@h/db?application_name=x");
        assert_eq!(url.sslmode.as_deref(), Some("require"));
        assert_eq!(url.sslrootcert.as_deref(), Some("/tmp/my ca.pem"));
        let pairs =
            split_tls_params(r"host=h sslrootcert = '/tmp/it\'s ca.pem' dbname=db sslmode=prefer");
        assert_eq!(pairs.rest, "host=h dbname=db");
        assert_eq!(pairs.sslmode.as_deref(), Some("prefer"));
        assert_eq!(pairs.sslrootcert.as_deref(), Some("/tmp/it's ca.pem"));
        assert_eq!(
            split_tls_params("postgresql://h/db").rest,
            "postgresql://h/db"
        );
    }

    #[test]
    fn the_url_file_is_refused_when_others_may_read_it_and_used_when_private() {
        let path = std::env::temp_dir().join(format!("zhongzhan-url-{}", std::process::id()));
        std::fs::write(&path, "# the bureau's server\npostgresql://a:s3cret@h/db\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let error = read_url_file(&path).unwrap_err().to_string();
            assert!(
                error.contains(&format!("chmod 600 {}", path.display())),
                "{error}"
            );
            assert!(!error.contains("s3cret"), "{error}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let url = read_url_file(&path);
        std::fs::remove_file(&path).ok();
        assert_eq!(url.unwrap().as_deref(), Some("postgresql://a:s3cret@h/db"));
        assert_eq!(read_url_file(&path).unwrap(), None);
    }
}
