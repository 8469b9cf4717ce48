//! Helpers for the tests against a real PostgreSQL + PostGIS server (`tools/with-postgis.sh`
//! exports `DATABASE_URL` for a superuser): a fresh database per test, so tests run in
//! parallel, dropped again when the test ends; login roles per test; the bundled facilities.
//!
//! Included by `tests/postgis.rs` with `#[path]` rather than through `common/mod.rs`, so the
//! database tests do not link the GUI harness.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly on a broken test server"
)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use postgres::Client;
use zhongzhan_map::db::{DbConfig, Store};
use zhongzhan_map::model::io::load::parse_facilities;
use zhongzhan_map::model::{BUNDLED_FACILITIES, Facility};

/// The superuser URL the script exported.
#[track_caller]
pub fn server() -> DbConfig {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        panic!("DATABASE_URL is not set: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored")
    });
    DbConfig::from_url(&url).expect("DATABASE_URL is a PostgreSQL URL")
}

/// A database of its own for one test, with PostGIS; dropped (with the test's login roles)
/// when this is dropped.
pub struct TestDb {
    /// Superuser login on the test's database.
    pub config: DbConfig,
    admin: DbConfig,
    name: String,
    roles: Vec<String>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// A new, empty database with PostGIS (no app schema yet).
    #[track_caller]
    pub fn new(test: &str) -> Self {
        let admin = server();
        let name = format!(
            "zz_{test}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = admin
            .connect()
            .expect("the test server accepts the superuser");
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let config = admin.with_database(&name);
        config
            .connect()
            .unwrap()
            .batch_execute("CREATE EXTENSION postgis")
            .unwrap();
        Self {
            config,
            admin,
            name,
            roles: Vec::new(),
        }
    }

    /// A new database with the app's schema, and a store on it as the superuser.
    #[track_caller]
    pub fn initialised(test: &str) -> (Self, Store) {
        let db = Self::new(test);
        let mut store = db.store();
        store.init().unwrap();
        (db, store)
    }

    /// Like [`TestDb::initialised`], with the bundled facilities imported.
    #[track_caller]
    pub fn with_bundled(test: &str) -> (Self, Store) {
        let (db, mut store) = Self::initialised(test);
        store.import(&bundled()).unwrap();
        (db, store)
    }

    /// A new connection as the superuser.
    #[track_caller]
    pub fn store(&self) -> Store {
        Store::connect(&self.config).unwrap()
    }

    /// A raw client as the superuser, as psql, QGIS or ogr2ogr would connect.
    #[track_caller]
    pub fn client(&self) -> Client {
        self.config.connect().unwrap()
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A login role in `group` (e.g. `zhongzhan_viewer`) with a password, for this test only;
    /// its configuration on this database.
    #[track_caller]
    pub fn login(&mut self, who: &str, group: &str, password: &str) -> DbConfig {
        let role = format!("{who}_{}", self.name);
        self.client()
            .batch_execute(&format!(
                "CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE {group}"
            ))
            .unwrap();
        self.roles.push(role.clone());
        self.config.with_login(&role, password)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut client) = self.admin.connect() {
            let mut sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE);", self.name);
            for role in &self.roles {
                sql.push_str(&format!("DROP ROLE IF EXISTS {role};"));
            }
            for statement in sql.split_terminator(';') {
                // Best effort: the throwaway cluster goes away anyway.
                client.batch_execute(statement).ok();
            }
        }
    }
}

/// The bundled facilities.
pub fn bundled() -> Vec<Facility> {
    parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
}

/// Waits up to `timeout` for `condition`, polling.
pub fn eventually(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let until = std::time::Instant::now() + timeout;
    while std::time::Instant::now() < until {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    condition()
}

/// Every log line, from every crate, while recording (so a test's own `CREATE ROLE … PASSWORD`
/// is not counted as the app's doing).
pub struct LogCapture {
    recording: AtomicBool,
    lines: Mutex<Vec<String>>,
}

impl LogCapture {
    /// Not recording, no lines.
    pub const fn new() -> Self {
        Self {
            recording: AtomicBool::new(false),
            lines: Mutex::new(Vec::new()),
        }
    }

    /// Makes this the process's logger at trace level (once per test binary).
    pub fn install(&'static self) {
        log::set_logger(self).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    }

    /// Starts or stops recording.
    pub fn record(&self, on: bool) {
        self.recording.store(on, Ordering::Relaxed);
    }

    /// The lines recorded so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        self.recording.load(Ordering::Relaxed)
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.lines.lock().unwrap().push(format!(
                "{} {}: {}",
                record.level(),
                record.target(),
                record.args()
            ));
        }
    }

    fn flush(&self) {}
}
