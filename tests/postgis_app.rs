//! The window on the shared database (`--db URL`) against a real PostgreSQL + PostGIS server:
//! it shows the database's facilities, one desktop's rename appears on another within a
//! second, a colleague's change to another field merges with the user's edit, a viewer login
//! finds edit mode disabled with the reason, and the password is in no label.
//!
//! Every test is `#[ignore]`d without a server; run them with
//! `tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored` (CI does).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

#[path = "common/postgis.rs"]
#[expect(
    dead_code,
    reason = "the window tests use part of the database helpers"
)]
mod pg;

#[expect(dead_code, reason = "each test binary uses part of the shared helpers")]
mod common;

#[path = "common/postgis_window.rs"]
mod window;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use pg::TestDb;
use window::{
    SCHOOL_POST, colleague_changes, edit, facility, id, labels_containing, open, open_with_dir,
    saved, set_reachable, step_until, temp_dir,
};
use zhongzhan_map::command::{Command, EditCommand, SelectionOrigin, ViewCommand};
use zhongzhan_map::db::{DbConfig, schema};

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn the_window_on_a_database_shows_its_44_facilities_and_says_it_is_connected() {
    let (db, _store) = TestDb::with_bundled("app_open");
    let mut harness = open(&db.config);
    assert_eq!(harness.state().catalog().len(), 44);
    assert_eq!(harness.state().load_error(), None);
    harness.run();
    let target = db.config.to_string();
    let labels = labels_containing(&harness, &target);
    assert!(labels.iter().any(|l| l.contains("已连接")), "{labels:?}");
    assert!(!labels_containing(&harness, "城管服务站").is_empty());
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_rename_in_one_window_shows_in_another_window_on_the_same_database_within_a_second() {
    let (db, _store) = TestDb::with_bundled("app_live");
    let mut first = open(&db.config);
    let mut second = open(&db.config);
    let mut renamed = facility(first.state(), SCHOOL_POST);
    renamed.name_zh = "改名后的邮政点".into();
    edit(&mut first, renamed.clone());
    assert!(saved(&mut first), "the rename reached the database");

    let shown = step_until(&mut second, Duration::from_secs(1), |app| {
        facility(app, SCHOOL_POST).name_zh == renamed.name_zh
    });
    assert!(shown, "the second window shows the rename within 1 s");
    second.run();
    assert!(!labels_containing(&second, "改名后的邮政点").is_empty());
    assert!(
        !second.state().is_dirty(),
        "a colleague's change is not the user's edit"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_colleagues_change_to_another_field_merges_with_the_users_edit() {
    let (db, mut store) = TestDb::with_bundled("app_merge");
    let mut harness = open(&db.config);
    // A colleague (another client) changes the notes before the user's edit is saved.
    colleague_changes(&mut store, &id(SCHOOL_POST), |theirs| {
        theirs.notes = "colleague's note".into();
    });

    let mut mine = facility(harness.state(), SCHOOL_POST);
    mine.hours = "Mo-Fr 08:00-17:00".into();
    edit(&mut harness, mine);
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());

    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(now.facility.notes, "colleague's note");
    assert_eq!(now.facility.hours, "Mo-Fr 08:00-17:00");
    let shown = step_until(&mut harness, Duration::from_secs(2), |app| {
        let f = facility(app, SCHOOL_POST);
        f.notes == "colleague's note" && f.hours == "Mo-Fr 08:00-17:00"
    });
    assert!(shown, "the window shows both changes");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn the_same_field_changed_by_a_colleague_waits_for_the_users_choice_in_the_merge_dialog() {
    let (db, mut store) = TestDb::with_bundled("app_conflict");
    let mut harness = open(&db.config);
    colleague_changes(&mut store, &id(SCHOOL_POST), |theirs| {
        theirs.notes = "their note".into();
        theirs.hours = "Mo-Su 06:00-07:00".into();
    });

    let mut mine = facility(harness.state(), SCHOOL_POST);
    mine.notes = "my note".into();
    edit(&mut harness, mine);
    let held = step_until(&mut harness, Duration::from_secs(5), |app| {
        app.edit_status().is_some_and(|s| s.contains("notes"))
    });
    assert!(held, "{:?}", harness.state().edit_status());
    let status = harness.state().edit_status().unwrap_or_default().to_owned();
    assert!(
        status.contains("my note") && status.contains("their note"),
        "{status}"
    );
    assert!(harness.state().is_dirty(), "the edit still waits");
    harness.run();
    assert!(harness.query_by_label_contains("1 edit waiting").is_some());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(now.facility.notes, "their note", "never last-save-wins");

    // The merge dialog asks, with the colleague's value beside the user's; keeping mine saves
    // it on top of their version (their other change stays).
    assert!(!labels_containing(&harness, "In the database (colleague)").is_empty());
    // Cancel leaves it waiting; the top bar's button asks again.
    harness.get_by_label("取消 Cancel").click();
    harness.run();
    assert!(labels_containing(&harness, "In the database (colleague)").is_empty());
    harness.get_by_label("解决冲突… Resolve conflicts…").click();
    harness.run();
    harness.get_by_label("my note").click();
    harness.run();
    harness.get_by_label("应用合并 Apply merge").click();
    harness.run();
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(now.facility.notes, "my note");
    assert_eq!(
        now.facility.hours, "Mo-Su 06:00-07:00",
        "their other change kept"
    );
    assert_eq!(facility(harness.state(), SCHOOL_POST), now.facility);
    assert!(labels_containing(&harness, "1 edit waiting").is_empty());
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_viewer_login_finds_edit_mode_disabled_with_the_reason_and_the_password_in_no_label() {
    let (mut db, _store) = TestDb::with_bundled("app_viewer");
    let password = "Viewer-Secret-77";
    let viewer = db.login("viewer", schema::VIEWER_ROLE, password);
    let mut harness = open(&viewer);
    assert_eq!(harness.state().catalog().len(), 44);
    harness.run();
    let target = viewer.to_string();
    let labels = labels_containing(&harness, &target);
    assert!(labels.iter().any(|l| l.contains("只读")), "{labels:?}");

    harness.get_by_label("编辑 Edit").click();
    harness.run();
    assert!(!harness.state().is_editing());
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::SetEditing(true)));
    harness.run();
    assert!(!harness.state().is_editing());
    let status = harness.state().edit_status().unwrap_or_default().to_owned();
    assert!(status.contains("zhongzhan_editor"), "{status}");
    assert!(
        harness
            .query_by_label_contains("zhongzhan_editor")
            .is_some()
    );

    assert!(
        harness
            .query_all_by_label_contains(password)
            .next()
            .is_none()
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_database_that_cannot_be_reached_is_named_in_one_sentence_and_the_bundled_data_is_offered() {
    let password = "Unreachable-Secret-9";
    let config = DbConfig::from_url(&format!(
        "postgresql://someone:{password}@127.0.0.1:1/zhongzhan"
    ))
    .unwrap();
    let mut harness = open(&config);
    let error = harness.state().load_error().unwrap_or_default().to_owned();
    assert!(error.contains("someone@127.0.0.1:1/zhongzhan"), "{error}");
    assert!(!error.contains(password), "{error}");
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains(password)
            .next()
            .is_none()
    );
    harness
        .get_by_label("改用内置数据 Use bundled data")
        .click();
    harness.run();
    assert_eq!(harness.state().catalog().len(), 44);
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn edits_made_while_the_server_is_unreachable_wait_and_are_saved_when_it_is_back() {
    let (mut db, mut store) = TestDb::with_bundled("app_offline");
    let login = db.login("alice", schema::EDITOR_ROLE, "Offline-Secret-1");
    let dir = temp_dir("offline");
    let mut harness = open_with_dir(&login, &dir);
    set_reachable(&db, &login, false);

    let mut renamed = facility(harness.state(), SCHOOL_POST);
    renamed.name_zh = "断网时改的名字".into();
    edit(&mut harness, renamed);
    let offline = step_until(&mut harness, Duration::from_secs(10), |app| {
        app.edit_status().is_some() && app.is_dirty()
    });
    assert!(offline);
    harness.run();
    assert!(!labels_containing(&harness, "1 edit waiting").is_empty());
    assert!(!labels_containing(&harness, "offline").is_empty());
    // The waiting edit is on disk, without the password.
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("断网时改的名字") && !text.contains("Offline-Secret-1"));

    set_reachable(&db, &login, true);
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(now.facility.name_zh, "断网时改的名字");
    harness.step();
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing waits any more"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_window_closed_while_offline_leaves_its_edits_for_the_next_start_which_merges_one_and_asks_about_the_other()
 {
    let (mut db, mut store) = TestDb::with_bundled("app_offline_journal");
    let login = db.login("bob", schema::EDITOR_ROLE, "Journal-Secret-2");
    let dir = temp_dir("journal");
    let mut harness = open_with_dir(&login, &dir);
    set_reachable(&db, &login, false);
    let mut first = facility(harness.state(), SCHOOL_POST);
    first.hours = "Mo-Fr 07:00-08:00".into();
    edit(&mut harness, first);
    let other_id = harness.state().catalog().facilities()[5].id.clone();
    let mut second = harness.state().catalog().by_id(&other_id).unwrap().clone();
    second.notes = "bob's offline note".into();
    edit(&mut harness, second);
    step_until(&mut harness, Duration::from_secs(5), |app| app.is_dirty());
    // The window goes away with the edits unsent (as a crash, or a shutdown, would leave them);
    // a file left by a process that is gone is what the next start adopts.
    drop(harness);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(left.len(), 1);
    let name = left[0].file_name().unwrap().to_str().unwrap().to_owned();
    let dead = dir.join(name.replace(&format!(".{}.", std::process::id()), ".999999997."));
    std::fs::rename(&left[0], &dead).unwrap();

    // Meanwhile a colleague changed another field of the first facility (merges) and the
    // same field of the second (asks).
    colleague_changes(&mut store, &id(SCHOOL_POST), |theirs| {
        theirs.address_zh = "同事改的地址".into();
    });
    colleague_changes(&mut store, &other_id, |theirs| {
        theirs.notes = "colleague's note".into();
    });

    set_reachable(&db, &login, true);
    let mut harness = open_with_dir(&login, &dir);
    let asked = step_until(&mut harness, Duration::from_secs(10), |app| {
        app.edit_status().is_some_and(|s| s.contains("notes"))
    });
    assert!(asked, "{:?}", harness.state().edit_status());
    harness.run();
    assert!(!labels_containing(&harness, "In the database (colleague)").is_empty());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(
        now.facility.hours, "Mo-Fr 07:00-08:00",
        "the offline edit is saved"
    );
    assert_eq!(
        now.facility.address_zh, "同事改的地址",
        "the colleague's change stays"
    );
    let held = store.fetch(&other_id).unwrap().unwrap();
    assert_eq!(
        held.facility.notes, "colleague's note",
        "never last-save-wins"
    );
    harness.get_by_label("bob's offline note").click();
    harness.run();
    harness.get_by_label("应用合并 Apply merge").click();
    harness.run();
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let now = store.fetch(&other_id).unwrap().unwrap();
    assert_eq!(now.facility.notes, "bob's offline note");
    assert!(
        !dead.exists(),
        "the adopted file is gone once its edits are saved"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn the_details_show_who_changed_what_and_an_old_version_comes_back_as_an_undoable_edit() {
    let (db, mut store) = TestDb::with_bundled("app_history");
    let stored = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    let original = stored.facility.clone();
    let mut second = original.clone();
    second.name_zh = "第二版名字".into();
    store.update(&second, stored.version).unwrap();

    let mut harness = open(&db.config);
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::Select(
            id(SCHOOL_POST),
            SelectionOrigin::List,
        )));
    harness.run();
    harness
        .get_by_label("历史版本（数据库） History (database)")
        .click();
    let until = Instant::now() + Duration::from_secs(5);
    while labels_containing(&harness, "v2 · 修改 changed").is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
        harness.run();
    }
    assert!(
        !labels_containing(&harness, "v2 · 修改 changed").is_empty(),
        "version 2 listed"
    );
    let change = format!("name_zh: {} -> 第二版名字", original.name_zh);
    assert!(!labels_containing(&harness, &change).is_empty(), "{change}");

    // The user scrolls the card to the oldest version and restores it.
    let restore_label = "恢复此版本 Restore this version";
    let restore = harness.query_all_by_label(restore_label).last();
    restore
        .expect("a restore button for version 1")
        .scroll_to_me();
    harness.run();
    let restore = harness.query_all_by_label(restore_label).last();
    restore.expect("a restore button for version 1").click();
    harness.run();
    assert!(
        harness.state().is_editing(),
        "restoring turns edit mode on, for Undo"
    );
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(now.facility, original, "version 1 is back");
    assert_eq!(now.version, 3, "as a new version, history kept");

    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::Undo));
    harness.run();
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let now = store.fetch(&id(SCHOOL_POST)).unwrap().unwrap();
    assert_eq!(
        now.facility.name_zh, "第二版名字",
        "undo takes the restore back"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn staff_connect_a_window_on_the_bundled_data_to_the_database_from_the_data_menu() {
    let (mut db, _store) = TestDb::with_bundled("app_connect");
    let password = "Connect-Secret-5";
    let login = db.login("dana", schema::EDITOR_ROLE, password);
    let mut harness = common::harness_for(zhongzhan_map::app::MapApp::new(
        zhongzhan_map::app::DataSource::Bundled,
        None,
    ));
    harness.get_by_label("数据 Data").click();
    harness.run();
    harness
        .get_by_label("连接数据库… Connect database…")
        .click();
    harness.run();
    // The address without the password; the password in its masked field.
    let address = format!(
        "postgresql://{}@{}:{}/{}",
        login.user(),
        login.host(),
        login.port(),
        login.database()
    );
    for (field, text) in [
        ("地址 Address", address.as_str()),
        ("密码 Password", password),
    ] {
        harness.get_by_label(field).focus();
        harness.run();
        harness.get_by_label(field).type_text(text);
        harness.run();
    }
    assert!(
        !labels_containing(&harness, password)
            .iter()
            .any(|l| l.contains(password))
    );
    harness
        .get_by_label(zhongzhan_map::ui::connect_dialog::CONNECT_LABEL)
        .click();
    // Stepped, not run to rest: while it connects the window repaints to retry.
    harness.step();
    let connected = step_until(&mut harness, Duration::from_secs(10), |app| {
        app.catalog().len() == 44 && app.load_error().is_none()
    });
    assert!(connected, "{:?}", harness.state().load_error());
    harness.run();
    let chip = labels_containing(&harness, &login.to_string());
    assert!(
        !chip.is_empty(),
        "{:?}",
        labels_containing(&harness, "127.0.0.1")
    );
    assert!(
        labels_containing(&harness, password).is_empty(),
        "no password shown"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_app -- --include-ignored"]
fn a_colleagues_delete_in_the_middle_leaves_the_users_selection_and_undo_on_their_facilities() {
    let (db, mut store) = TestDb::with_bundled("app_remote_delete");
    let mut harness = open(&db.config);
    let facilities = harness.state().catalog().facilities().to_vec();
    let last = facilities.last().unwrap().clone();
    let middle = facilities[facilities.len() / 2].id.clone();

    // The user renames the last facility (it stays selected) and the edit is saved.
    let mut renamed = last.clone();
    renamed.name_zh = format!("{} 改", last.name_zh).into();
    edit(&mut harness, renamed.clone());
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    assert_eq!(harness.state().selected_id(), Some(&last.id));

    // A colleague deletes a facility in the middle of the list.
    let version = store.fetch(&middle).unwrap().unwrap().version;
    store.delete(&middle, version).unwrap();
    let gone = step_until(&mut harness, Duration::from_secs(1), |app| {
        app.catalog().index_of(&middle).is_none()
    });
    assert!(gone, "the window shows the delete within 1 s");
    assert_eq!(harness.state().catalog().len(), facilities.len() - 1);
    assert_eq!(
        harness.state().selected_id(),
        Some(&last.id),
        "the selection stays on the user's facility"
    );

    // Undo still finds the renamed facility, one place further up, and saves the old name.
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::Undo));
    harness.step();
    assert_eq!(
        facility(harness.state(), last.id.as_str()).name_zh,
        last.name_zh
    );
    assert!(saved(&mut harness), "{:?}", harness.state().edit_status());
    let stored = store.fetch(&last.id).unwrap().unwrap();
    assert_eq!(stored.facility.name_zh, last.name_zh);
    harness.run();
    // Only the status line still names the undone rename; the list and card show the old name.
    let shown = labels_containing(&harness, &renamed.name_zh);
    assert!(shown.iter().all(|l| l.starts_with("撤销")), "{shown:?}");
}
