//! Two windows on the shared database survive a server restart: while the server is down an
//! edit waits (the chip says offline and counts it), and once it is back the edit is saved,
//! the other window — whose live connection died too — shows it, and live updates flow again.
//!
//! Its own test binary, with one test: it stops the server every database test shares
//! (`$ZHONGZHAN_TEST_PG_SERVER` from `tools/with-postgis.sh`), and cargo runs test binaries one
//! after another. `#[ignore]`d without a server; CI runs it with `--include-ignored`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

#[path = "common/postgis.rs"]
#[expect(
    dead_code,
    reason = "the restart test uses part of the database helpers"
)]
mod pg;

#[expect(dead_code, reason = "each test binary uses part of the shared helpers")]
mod common;

#[path = "common/postgis_window.rs"]
#[expect(dead_code, reason = "the restart test uses part of the window helpers")]
mod window;

use std::process::Command as Process;
use std::time::Duration;

use pg::TestDb;
use window::{
    SCHOOL_POST, edit, facility, id, labels_containing, open, open_with_dir, saved, step_until,
    temp_dir,
};
use zhongzhan_map::db::schema;

/// Runs `$ZHONGZHAN_TEST_PG_SERVER stop|start`.
fn server(action: &str) {
    let script = std::env::var("ZHONGZHAN_TEST_PG_SERVER")
        .expect("ZHONGZHAN_TEST_PG_SERVER: run this test through tools/with-postgis.sh");
    let status = Process::new(script).arg(action).status().unwrap();
    assert!(status.success(), "server {action}: {status}");
}

/// The server is down while this lives; it is started again however the test ends.
struct Outage;

impl Outage {
    fn begin() -> Self {
        server("stop");
        Outage
    }
}

impl Drop for Outage {
    fn drop(&mut self) {
        server("start");
    }
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_restart -- --include-ignored"]
fn two_windows_survive_a_server_restart_with_an_edit_made_while_it_was_down() {
    let (mut db, _store) = TestDb::with_bundled("restart");
    let alice = db.login("alice", schema::EDITOR_ROLE, "Restart-Secret-1");
    let bob = db.login("bob", schema::EDITOR_ROLE, "Restart-Secret-2");
    let dir = temp_dir("restart");
    let mut first = open_with_dir(&alice, &dir);
    let mut second = open(&bob);

    let outage = Outage::begin();
    let mut renamed = facility(first.state(), SCHOOL_POST);
    renamed.name_zh = "停机期间改的名字".into();
    edit(&mut first, renamed);
    let offline = step_until(&mut first, Duration::from_secs(10), |app| {
        app.is_dirty() && app.edit_status().is_some()
    });
    assert!(offline);
    first.run();
    assert!(
        !labels_containing(&first, "offline").is_empty(),
        "the chip says offline"
    );
    assert!(!labels_containing(&first, "1 edit waiting").is_empty());
    std::thread::sleep(Duration::from_secs(2));
    drop(outage);

    // Back: the waiting edit is saved (reconnecting backs off up to 30 s) …
    let until_saved = Duration::from_secs(60);
    assert!(
        step_until(&mut first, until_saved, |app| !app.is_dirty()),
        "{:?}",
        first.state().edit_status()
    );
    let stored = db.store().fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(stored.facility.name_zh, "停机期间改的名字");
    // … the other window, whose live connection died too, resynchronises and shows it …
    let shown = step_until(&mut second, Duration::from_secs(60), |app| {
        facility(app, SCHOOL_POST).name_zh == "停机期间改的名字"
    });
    assert!(
        shown,
        "the second window shows the edit made during the outage"
    );
    // … and live updates flow again: the second window's edit reaches the first.
    let other = "school-post-02";
    let mut theirs = facility(second.state(), other);
    theirs.notes = "after the restart".into();
    edit(&mut second, theirs);
    assert!(saved(&mut second));
    let live = step_until(&mut first, Duration::from_secs(5), |app| {
        facility(app, other).notes == "after the restart"
    });
    assert!(live, "a change after the restart is live again");
}
