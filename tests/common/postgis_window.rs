//! The window on the shared database in tests: opening it on a real server and stepping it
//! as a window idles, editing, waiting for saves, reading what it shows, and cutting a login
//! off the server. Used by `tests/postgis_app.rs` and `tests/postgis_restart.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on bad fixtures"
)]

use std::time::{Duration, Instant};

use egui_kittest::kittest::{NodeT, Queryable};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, EditCommand};
use zhongzhan_map::db::DbConfig;
use zhongzhan_map::model::{Facility, FacilityId};

use super::common::{self, AppHarness};
use super::pg::TestDb;
use zhongzhan_map::db::Store;

/// The facility most tests edit.
pub const SCHOOL_POST: &str = "school-post-01";

pub fn id(text: &str) -> FacilityId {
    FacilityId::new(text)
}

/// The app on the database, once it answered (stepped with short sleeps, as a window idles).
pub fn open(config: &DbConfig) -> AppHarness {
    open_app(MapApp::new(
        DataSource::Database(Box::new(config.clone())),
        None,
    ))
}

/// The app on the database keeping its waiting edits in `dir` (as the real window does in the
/// user's data directory).
pub fn open_with_dir(config: &DbConfig, dir: &std::path::Path) -> AppHarness {
    let app = MapApp::new(DataSource::Database(Box::new(config.clone())), None)
        .with_recovery_dir(dir.to_path_buf());
    open_app(app)
}

pub fn open_app(app: MapApp) -> AppHarness {
    let mut harness = common::build(common::window(), app);
    let loaded = step_until(&mut harness, Duration::from_secs(10), |app| {
        !app.catalog().is_empty() || app.load_error().is_some()
    });
    assert!(loaded, "the app read the database within 10 s");
    harness.run();
    harness
}

/// Steps the window every 10 ms until `condition` holds or `timeout` passed.
pub fn step_until(
    harness: &mut AppHarness,
    timeout: Duration,
    mut condition: impl FnMut(&MapApp) -> bool,
) -> bool {
    let until = Instant::now() + timeout;
    loop {
        harness.step();
        if condition(harness.state()) {
            return true;
        }
        if Instant::now() >= until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The text (label, or value for plain labels) of every widget whose text contains `text`.
pub fn labels_containing(harness: &AppHarness, text: &str) -> Vec<String> {
    harness
        .query_all_by_label_contains(text)
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect()
}

pub fn facility(app: &MapApp, facility: &str) -> Facility {
    app.catalog()
        .by_id(&id(facility))
        .expect("the facility")
        .clone()
}

pub fn edit(harness: &mut AppHarness, changed: Facility) {
    let app = harness.state_mut();
    app.push_command(Command::Edit(EditCommand::SetEditing(true)));
    app.push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
        changed,
    ))));
    harness.step();
    assert!(
        harness.state().is_editing(),
        "{:?}",
        harness.state().edit_status()
    );
}

/// Steps until the app has no edit waiting for the database (the chip shows none).
pub fn saved(harness: &mut AppHarness) -> bool {
    step_until(harness, Duration::from_secs(10), |app| !app.is_dirty())
}

/// The server refuses `login` from now on and drops its sessions (as an outage does for this
/// desktop), or lets it in again.
pub fn set_reachable(db: &TestDb, login: &DbConfig, reachable: bool) {
    let role = login.user();
    let mut client = db.client();
    let grant = if reachable { "LOGIN" } else { "NOLOGIN" };
    client
        .batch_execute(&format!("ALTER ROLE {role} {grant}"))
        .unwrap();
    if !reachable {
        client
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
                &[&role],
            )
            .unwrap();
    }
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("postgis-app-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A colleague (another client, as QGIS or another desktop) changes facility `id` in the
/// database through `store`.
pub fn colleague_changes(store: &mut Store, id: &FacilityId, change: impl FnOnce(&mut Facility)) {
    let stored = store.fetch(id).unwrap().unwrap();
    let mut theirs = stored.facility;
    change(&mut theirs);
    store.update(&theirs, stored.version).unwrap();
}
