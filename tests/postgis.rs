//! The shared database against a real PostgreSQL 15 + PostGIS 3 server: the schema, import and
//! export through the model, versions and conflicts, merging, history, live notifications and
//! reconnection, roles, the password staying secret, TLS (the bureau's CA, a wrong CA, none),
//! and GDAL reading the table.
//!
//! Every test is `#[ignore]`d without a server; run them with
//! `tools/with-postgis.sh cargo test --test postgis -- --include-ignored` (CI does). Each test
//! makes its own database, so they run in parallel.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

#[path = "common/postgis.rs"]
mod pg;

use std::collections::HashMap;
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

use pg::{LogCapture, TestDb, bundled, eventually};
use zhongzhan_map::db::{
    DbConfig, DbError, Listener, ListenerEvent, Operation, RemoteChange, SaveOutcome, Store, Trust,
    schema,
};
use zhongzhan_map::model::io::file_source::{FileFormat, FileSource};
use zhongzhan_map::model::io::save::to_geojson_text;
use zhongzhan_map::model::source::{FacilitySource, WriteReport};
use zhongzhan_map::model::{BUNDLED_FACILITIES, Facility, FacilityGeometry, FacilityId};

const SCHOOL_POST: &str = "school-post-01";

fn id(text: &str) -> FacilityId {
    FacilityId::new(text)
}

/// The bundled facility `id` as stored, with its version.
fn stored(store: &mut Store, facility: &str) -> (Facility, i64) {
    let stored = store.fetch(&id(facility)).unwrap().expect("the facility");
    (stored.facility, stored.version)
}

fn listen(db: &TestDb) -> Listener {
    let listener = Listener::spawn(db.config.clone(), Box::new(|| {})).unwrap();
    let first = listener.events().recv_timeout(Duration::from_secs(10));
    assert_eq!(first, Ok(ListenerEvent::Listening));
    listener
}

/// The next event, skipping nothing; `None` after `timeout`.
fn next_event(listener: &Listener, timeout: Duration) -> Option<ListenerEvent> {
    listener.events().recv_timeout(timeout).ok()
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn init_creates_the_schema_once_and_a_second_init_changes_nothing() {
    let db = TestDb::new("init");
    let mut store = db.store();
    assert!(matches!(store.check_schema(), Err(DbError::NotInitialised)));
    let first = store.init().unwrap();
    assert_eq!(first.from_version, 0);
    assert_eq!(first.to_version, schema::latest_version());
    assert!(!first.installed_postgis, "the test database has PostGIS");
    let second = store.init().unwrap();
    assert!(second.was_up_to_date(), "{second:?}");
    assert_eq!(store.check_schema().unwrap(), schema::latest_version());

    let mut client = db.client();
    let versions: i64 = client
        .query_one("SELECT count(*) FROM zhongzhan.schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, i64::from(schema::latest_version()));
    let geometry_type: String = client
        .query_one(
            "SELECT type || ':' || srid FROM geometry_columns WHERE f_table_schema = 'zhongzhan' AND f_table_name = 'facilities'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(geometry_type, "GEOMETRY:4326");
    let gist: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = 'zhongzhan' AND indexdef LIKE '%USING gist (geom)%')",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(gist, "a GiST index on the geometry");
    // Concurrent inits of a fresh database (two desktops set up at once) both succeed.
    let other = TestDb::new("init_race");
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let config = other.config.clone();
            std::thread::spawn(move || Store::connect(&config).unwrap().init().map(|_| ()))
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn the_bundled_data_exported_after_an_import_is_the_same_file_byte_for_byte() {
    let (_db, mut store) = TestDb::initialised("roundtrip");
    let report = store.import(&bundled()).unwrap();
    assert_eq!(report.inserted, 44);
    let exported = store.export().unwrap();
    let text = to_geojson_text(&exported, Some("zhongzhan-facilities")).unwrap();
    assert!(
        text == BUNDLED_FACILITIES,
        "the export differs from data/facilities.geojson"
    );
    assert_eq!(exported, bundled());

    // Importing the same file again changes nothing, not even versions.
    let again = store.import(&bundled()).unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 44));
    assert!(
        store
            .versions()
            .unwrap()
            .values()
            .all(|row| row.version == 1)
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn the_bundled_file_goes_to_the_database_and_back_through_the_source_trait_byte_for_byte() {
    let (mut db, _admin) = TestDb::initialised("source_trait");
    let password = "Sekr1t-S0urce";
    let editor = db.login("source_editor", schema::EDITOR_ROLE, password);
    let mut store = Store::connect(&editor).unwrap();
    let dir = std::env::temp_dir().join(format!("zhongzhan-source-trait-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("facilities.geojson");
    std::fs::write(&input, BUNDLED_FACILITIES).unwrap();
    let output = dir.join("exported.geojson");

    // The same code moves any source to any other: file → database → file.
    fn copy(from: &mut dyn FacilitySource, to: &mut dyn FacilitySource) -> WriteReport {
        let read = from.read_all().unwrap();
        to.write_all(&read.facilities).unwrap()
    }
    let into_database = copy(
        &mut FileSource::new(&input, FileFormat::GeoJson),
        &mut store,
    );
    assert_eq!(into_database.written_count, 44);
    assert_eq!(
        into_database.details,
        "(44 inserted, 0 updated, 0 unchanged)"
    );
    let out_of_database = copy(
        &mut store,
        &mut FileSource::new(&output, FileFormat::GeoJson),
    );
    assert_eq!(out_of_database.written_count, 44);
    assert!(
        std::fs::read_to_string(&output).unwrap() == BUNDLED_FACILITIES,
        "file → database → file differs from data/facilities.geojson"
    );

    let check = store.check().unwrap();
    assert_eq!((check.facility_count, check.error_count()), (44, 0));
    let described = store.describe();
    assert!(
        described.contains(db.name()) && described.contains(editor.user()),
        "{described}"
    );
    assert!(
        !described.contains(password),
        "the password leaked: {described}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn unknown_properties_and_full_precision_coordinates_survive_the_database() {
    let (_db, mut store) = TestDb::initialised("extra");
    let source = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"zeta":1.50,"id":"a","category":"school-post","name_zh":"甲","alpha":{"nested":[1,2,{"z":null,"a":true}]},"name":"from QGIS"},"geometry":{"type":"Point","coordinates":[113.17123456789012,35.23098765432109]}},{"type":"Feature","properties":{"id":"b","category":"fruit-vendor-area","name_zh":"乙"},"geometry":{"type":"Polygon","coordinates":[[[113.1,35.2],[113.10000000000001,35.2],[113.1,35.20000000000001],[113.1,35.2]],[[113.1,35.2],[113.1000001,35.2],[113.1,35.2000001],[113.1,35.2]]]}}]}"#;
    let facilities = zhongzhan_map::model::io::load::parse_facilities(source, "test").unwrap();
    store.import(&facilities).unwrap();
    let exported = store.export().unwrap();
    assert_eq!(exported, facilities);
    assert_eq!(
        to_geojson_text(&exported, None).unwrap(),
        to_geojson_text(&facilities, None).unwrap()
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_save_based_on_a_stale_version_is_a_conflict_and_writes_nothing() {
    let (db, mut mine) = TestDb::with_bundled("stale");
    let mut theirs = db.store();
    let (facility, version) = stored(&mut mine, SCHOOL_POST);

    let mut their_edit = facility.clone();
    their_edit.notes = "theirs".into();
    assert_eq!(theirs.update(&their_edit, version).unwrap(), version + 1);

    let mut my_edit = facility.clone();
    my_edit.notes = "mine".into();
    match mine.update(&my_edit, version) {
        Err(DbError::Conflict(conflict)) => {
            assert_eq!(conflict.expected, version);
            assert_eq!(conflict.current, Some(version + 1));
            assert!(conflict.to_string().contains("changed by someone else"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(stored(&mut mine, SCHOOL_POST).0.notes, "theirs");
    // A delete based on the stale version is refused too.
    assert!(matches!(
        mine.delete(&id(SCHOOL_POST), version),
        Err(DbError::Conflict(_))
    ));
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn two_desktops_racing_on_one_row_lose_no_update() {
    let (db, mut store) = TestDb::with_bundled("race");
    let (start, version) = stored(&mut store, SCHOOL_POST);

    // Both save from the same version at the same moment: exactly one wins, the other is told.
    let barrier = Arc::new(Barrier::new(2));
    let results: Vec<Result<i64, DbError>> = ["A", "B"]
        .into_iter()
        .map(|who| {
            let (config, barrier, mut edit) =
                (db.config.clone(), Arc::clone(&barrier), start.clone());
            std::thread::spawn(move || {
                let mut store = Store::connect(&config).unwrap();
                edit.notes = who.into();
                barrier.wait();
                store.update(&edit, version)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .any(|r| matches!(r, Err(DbError::Conflict(_)))),
        "{results:?}"
    );

    // Then each saves ten edits of its own field as fast as it can, merging on conflicts.
    const ROUNDS: usize = 10;
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = ["notes", "hours"]
        .into_iter()
        .map(|field| {
            let (config, barrier) = (db.config.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let mut store = Store::connect(&config).unwrap();
                barrier.wait();
                let mut merged = 0;
                for round in 0..ROUNDS {
                    let (base, version) = stored(&mut store, SCHOOL_POST);
                    let mut mine = base.clone();
                    let value = format!("{field} {round}");
                    match field {
                        "notes" => mine.notes = value.into(),
                        _ => mine.hours = value.into(),
                    }
                    match store.save_merging(&base, &mine, version).unwrap() {
                        SaveOutcome::Saved { merged: true, .. } => merged += 1,
                        SaveOutcome::Saved { .. } => {}
                        other => panic!("disjoint edits must merge: {other:?}"),
                    }
                }
                merged
            })
        })
        .collect();
    let merges: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let (last, last_version) = stored(&mut store, SCHOOL_POST);
    assert_eq!(last.notes, format!("notes {}", ROUNDS - 1));
    assert_eq!(last.hours, format!("hours {}", ROUNDS - 1));
    // One version per save: the first race's winner, then every one of the 20 saves.
    assert_eq!(
        last_version,
        version + 1 + 2 * ROUNDS as i64,
        "{merges} merges"
    );
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn edits_of_different_fields_merge_and_the_same_field_reports_both_values() {
    let (db, mut mine) = TestDb::with_bundled("merge");
    let mut theirs = db.store();
    let (base, version) = stored(&mut mine, SCHOOL_POST);

    let mut their_edit = base.clone();
    their_edit.name_en = "Guard post, east gate".into();
    their_edit.notes = "theirs".into();
    theirs.update(&their_edit, version).unwrap();

    // I moved it: a different field, so it merges and is saved.
    let mut my_move = base.clone();
    my_move.geometry = FacilityGeometry::Point(geo::Point::new(113.18, 35.24));
    match mine.save_merging(&base, &my_move, version).unwrap() {
        SaveOutcome::Saved {
            facility,
            version: saved,
            merged,
        } => {
            assert!(merged);
            assert_eq!(saved, version + 2);
            assert_eq!(facility.name_en, "Guard post, east gate");
            assert_eq!(facility.geometry, my_move.geometry);
            assert_eq!(stored(&mut mine, SCHOOL_POST).0, *facility);
        }
        other => panic!("expected a merged save, got {other:?}"),
    }

    // I change the notes they changed too: a conflict with both values, nothing saved.
    let mut my_notes = base.clone();
    my_notes.notes = "mine".into();
    match mine.save_merging(&base, &my_notes, version).unwrap() {
        SaveOutcome::Conflicts { theirs, merge } => {
            assert_eq!(theirs.version, version + 2);
            assert_eq!(merge.conflicts.len(), 1, "{:?}", merge.conflicts);
            let conflict = &merge.conflicts[0];
            assert_eq!(conflict.field, "notes");
            assert_eq!(conflict.mine, Some(serde_json::json!("mine")));
            assert_eq!(conflict.theirs, Some(serde_json::json!("theirs")));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(stored(&mut mine, SCHOOL_POST).0.notes, "theirs");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn history_runs_from_version_one_without_gaps_and_names_who_changed_which_field() {
    let (db, mut store) = TestDb::with_bundled("history");
    let (mut facility, mut version) = stored(&mut store, SCHOOL_POST);
    for round in 0..5 {
        facility.notes = format!("round {round}").into();
        version = store.update(&facility, version).unwrap();
    }
    // A no-op save makes no version.
    assert_eq!(store.update(&facility, version).unwrap(), version);
    // An edit outside the app (psql, QGIS) is versioned and recorded too.
    db.client()
        .batch_execute("UPDATE zhongzhan.facilities SET hours = 'Mo-Fr 07:00-08:00' WHERE id = 'school-post-01'")
        .unwrap();
    store.delete(&id(SCHOOL_POST), version + 1).unwrap();

    let history = store.history(&id(SCHOOL_POST)).unwrap();
    let versions: Vec<i64> = history.iter().map(|e| e.version).collect();
    assert_eq!(versions, (1..=8).collect::<Vec<i64>>());
    assert_eq!(history[0].operation, Operation::Insert);
    assert_eq!(history[1].operation, Operation::Update);
    assert_eq!(history[7].operation, Operation::Delete);
    assert!(history.iter().all(|e| e.changed_by == db.config.user()));
    assert!(
        history
            .windows(2)
            .all(|w| w[0].changed_at <= w[1].changed_at)
    );
    let second = &history[1];
    assert_eq!(second.changes.len(), 1, "{:?}", second.changes);
    assert_eq!(second.changes[0].field, "notes");
    assert_eq!(second.changes[0].old, serde_json::json!(""));
    assert_eq!(second.changes[0].new, serde_json::json!("round 0"));
    assert_eq!(history[6].changes[0].field, "hours");
    assert_eq!(history[7].changes[0].field, "deleted");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_change_is_announced_after_its_commit_and_never_after_a_rollback() {
    let (db, mut store) = TestDb::with_bundled("notify");
    let listener = listen(&db);
    let (mut facility, version) = stored(&mut store, SCHOOL_POST);
    facility.notes = "announced".into();

    let mut client = db.client();
    let sql = "UPDATE zhongzhan.facilities SET notes = $1 WHERE id = $2";
    let mut rolled_back = client.transaction().unwrap();
    rolled_back.execute(sql, &[&"never", &SCHOOL_POST]).unwrap();
    rolled_back.rollback().unwrap();
    assert_eq!(next_event(&listener, Duration::from_millis(600)), None);

    let mut committed = client.transaction().unwrap();
    committed
        .execute(sql, &[&"announced", &SCHOOL_POST])
        .unwrap();
    assert_eq!(
        next_event(&listener, Duration::from_millis(600)),
        None,
        "nothing before the commit"
    );
    committed.commit().unwrap();
    match next_event(&listener, Duration::from_secs(1)) {
        Some(ListenerEvent::Changed(notice)) => {
            assert_eq!(notice.id, id(SCHOOL_POST));
            assert_eq!(notice.version, version + 1);
            assert!(!notice.deleted);
            assert_eq!(notice.by, db.config.user());
        }
        other => panic!("expected the change within 1 s, got {other:?}"),
    }
    store.delete(&id(SCHOOL_POST), version + 1).unwrap();
    assert!(matches!(
        next_event(&listener, Duration::from_secs(1)),
        Some(ListenerEvent::Changed(notice)) if notice.deleted && notice.version == version + 2
    ));
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn the_listener_reconnects_after_its_connection_is_killed_and_asks_for_a_resync() {
    let (db, mut store) = TestDb::with_bundled("reconnect");
    let wakes = Arc::new(Mutex::new(0_usize));
    let listener = Listener::spawn(
        db.config.clone(),
        Box::new({
            let wakes = Arc::clone(&wakes);
            move || *wakes.lock().unwrap() += 1
        }),
    )
    .unwrap();
    assert_eq!(
        next_event(&listener, Duration::from_secs(10)),
        Some(ListenerEvent::Listening)
    );
    let snapshot = store.load_all().unwrap();

    let killed: bool = db
        .client()
        .query_one(
            "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
            &[&Listener::APPLICATION_NAME],
        )
        .unwrap()
        .get(0);
    assert!(killed, "the listener's backend was found and terminated");
    // Changed while the listener may be away: not announced, found by the resync.
    let (mut facility, version) = stored(&mut store, SCHOOL_POST);
    facility.notes = "during the outage".into();
    store.update(&facility, version).unwrap();

    let mut events = Vec::new();
    let resynced = eventually(Duration::from_secs(10), || {
        events.extend(listener.events().try_iter());
        events.contains(&ListenerEvent::ResyncNeeded)
    });
    assert!(resynced, "{events:?}");
    assert!(
        matches!(events.first(), Some(ListenerEvent::ConnectionLost { .. })),
        "{events:?}"
    );
    assert!(
        *wakes.lock().unwrap() >= 3,
        "the app is woken for each event"
    );

    let changes = store.changes_since(&snapshot.versions).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(
        matches!(&changes[0], RemoteChange::Upserted(s) if s.facility.notes == "during the outage")
    );

    // And it hears new changes again.
    facility.notes = "after".into();
    store.update(&facility, version + 1).unwrap();
    let heard = eventually(Duration::from_secs(2), || {
        listener
            .events()
            .try_iter()
            .any(|e| matches!(e, ListenerEvent::Changed(n) if n.version == version + 2))
    });
    assert!(heard);
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_viewer_reads_but_may_not_edit_and_an_editor_may_edit_but_not_delete_rows() {
    let (mut db, _store) = TestDb::with_bundled("roles");
    let viewer = db.login("viewer", schema::VIEWER_ROLE, "viewer-pass-1");
    let editor = db.login("editor", schema::EDITOR_ROLE, "editor-pass-2");

    let mut as_viewer = Store::connect(&viewer).unwrap();
    assert_eq!(as_viewer.load_all().unwrap().catalog.len(), 44);
    assert!(!as_viewer.can_edit().unwrap());
    let (mut facility, version) = stored(&mut as_viewer, SCHOOL_POST);
    facility.notes = "viewer was here".into();
    let denied = as_viewer.update(&facility, version).unwrap_err();
    assert!(
        matches!(denied, DbError::PermissionDenied { .. }),
        "{denied:?}"
    );
    let message = denied.to_string();
    assert!(message.contains("permission denied"), "{message}");
    assert!(message.contains(viewer.user()), "{message}");
    assert!(message.contains("zhongzhan_editor"), "{message}");

    let mut as_editor = Store::connect(&editor).unwrap();
    assert!(as_editor.can_edit().unwrap());
    let new_version = as_editor.update(&facility, version).unwrap();
    let history = as_editor.history(&id(SCHOOL_POST)).unwrap();
    assert_eq!(
        history.last().unwrap().changed_by,
        editor.user(),
        "audit names the login"
    );
    as_editor.delete(&id(SCHOOL_POST), new_version).unwrap();
    let purge = editor.connect().unwrap().execute(
        "DELETE FROM zhongzhan.facilities WHERE id = 'school-post-02'",
        &[],
    );
    assert_eq!(
        purge.unwrap_err().code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    // Nobody can forge the history.
    let forged = editor.connect().unwrap().execute(
        "INSERT INTO zhongzhan.facility_history VALUES ('x', 1, 'insert', 'someone', now(), '{}')",
        &[],
    );
    assert!(forged.is_err());
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn the_password_appears_in_no_message_display_or_log_line() {
    static CAPTURE: LogCapture = LogCapture::new();
    CAPTURE.install();

    let (mut db, _store) = TestDb::with_bundled("secret");
    let password = "Sekr1t-Pa55word";
    let viewer = db.login("secret_viewer", schema::VIEWER_ROLE, password);
    CAPTURE.record(true);
    let mut texts = vec![viewer.to_string(), format!("{viewer:?}")];

    // A working login that is refused an edit, and its listener.
    let mut store = Store::connect(&viewer).unwrap();
    let (facility, version) = stored(&mut store, SCHOOL_POST);
    texts.push(
        store
            .update(&facility, version + 1)
            .unwrap_err()
            .to_string(),
    );
    texts.push(store.config().to_string());
    // Wrong password, wrong database, nobody listening on the port, a malformed URL.
    let wrong = db
        .config
        .with_login(viewer.user(), &format!("{password}-wrong"));
    texts.push(Store::connect(&wrong).err().unwrap().to_string());
    texts.push(
        Store::connect(&viewer.with_database("no_such_database"))
            .err()
            .unwrap()
            .to_string(),
    );
    let closed_port = format!("postgresql://{}:{password}@127.0.0.1:1/x", viewer.user());
    let config = zhongzhan_map::db::DbConfig::from_url(&closed_port).unwrap();
    texts.push(Store::connect(&config).err().unwrap().to_string());
    let bad_url = format!("postgresql://{}:{password}@127.0.0.1:port/x", viewer.user());
    texts.push(
        zhongzhan_map::db::DbConfig::from_url(&bad_url)
            .unwrap_err()
            .to_string(),
    );
    let listener = Listener::spawn(wrong, Box::new(|| {})).unwrap();
    match next_event(&listener, Duration::from_secs(10)) {
        Some(ListenerEvent::ConnectionLost { message }) => texts.push(message),
        other => panic!("expected a failed login, got {other:?}"),
    }
    drop(listener);
    CAPTURE.record(false);

    assert!(
        texts
            .iter()
            .any(|t| t.contains("password authentication failed")),
        "{texts:#?}"
    );
    for text in &texts {
        assert!(!text.contains(password), "the password leaked: {text}");
    }
    let lines = CAPTURE.lines();
    assert!(
        !lines.is_empty(),
        "the client logs something at trace level"
    );
    for line in lines.iter() {
        assert!(
            !line.contains(password),
            "the password leaked into a log line: {line}"
        );
    }
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn gdal_lists_the_facilities_table_with_every_feature() {
    let Ok(version) = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
    else {
        assert!(
            std::env::var_os("REQUIRE_GDAL").is_none(),
            "REQUIRE_GDAL is set but ogrinfo is missing"
        );
        eprintln!("ogrinfo not found: install gdal-bin to check that GDAL reads the table");
        return;
    };
    assert!(version.status.success());
    let (db, mut store) = TestDb::with_bundled("gdal");
    store.delete(&id(SCHOOL_POST), 1).unwrap();

    let summary = |layer: &str| {
        let output = std::process::Command::new("ogrinfo")
            .args(["-ro", "-so"])
            .arg(format!(
                "PG:host={} port={} dbname={} user={}",
                db.config.host(),
                db.config.port(),
                db.name(),
                db.config.user()
            ))
            .arg(layer)
            .env(
                "PGPASSWORD",
                std::env::var("PGPASSWORD").unwrap_or_default(),
            )
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "ogrinfo {layer}: {}{text}",
            String::from_utf8_lossy(&output.stderr)
        );
        text
    };
    let table = summary("zhongzhan.facilities");
    assert!(table.contains("Feature Count: 44"), "{table}");
    assert!(
        table.contains("EPSG\",4326") || table.contains("EPSG:4326") || table.contains("4326"),
        "{table}"
    );
    for field in [
        "name_zh",
        "category",
        "position_precision",
        "version",
        "deleted",
    ] {
        assert!(
            table.contains(&format!("{field}: ")),
            "{field} missing:\n{table}"
        );
    }
    let current = summary("zhongzhan.current_facilities");
    assert!(current.contains("Feature Count: 43"), "{current}");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn deleted_facilities_are_not_loaded_and_a_resync_reports_them() {
    let (_db, mut store) = TestDb::with_bundled("tombstone");
    let before = store.load_all().unwrap();
    store.delete(&id(SCHOOL_POST), 1).unwrap();

    let after = store.load_all().unwrap();
    assert_eq!(after.catalog.len(), 43);
    assert!(after.catalog.by_id(&id(SCHOOL_POST)).is_none());
    assert!(
        !store
            .export()
            .unwrap()
            .iter()
            .any(|f| f.id == id(SCHOOL_POST))
    );
    let row = store.versions().unwrap()[&id(SCHOOL_POST)];
    assert!(
        row.deleted && row.version == 2,
        "the tombstone stays: {row:?}"
    );
    assert_eq!(
        store.changes_since(&before.versions).unwrap(),
        vec![RemoteChange::Removed {
            id: id(SCHOOL_POST),
            version: Some(2)
        }]
    );
    assert!(store.changes_since(&after.versions).unwrap().is_empty());
    // Editing a deleted facility is a conflict that says so.
    let facility = before.catalog.by_id(&id(SCHOOL_POST)).unwrap().clone();
    match store.update(&facility, 2) {
        Err(DbError::Conflict(conflict)) => assert!(conflict.deleted, "{conflict}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Importing it again brings it back, with the next version.
    let report = store.import(&[facility]).unwrap();
    assert_eq!(report.inserted, 1);
    assert_eq!(store.load_all().unwrap().versions[&id(SCHOOL_POST)], 3);
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_retried_insert_does_not_duplicate_and_a_different_facility_cannot_take_its_id() {
    let (_db, mut store) = TestDb::initialised("insert");
    let mut facility = bundled()[3].clone();
    facility.id = id("school-post-new-7f3a");
    assert_eq!(store.insert(&facility).unwrap(), 1);
    assert_eq!(store.insert(&facility).unwrap(), 1, "a retry is a success");
    assert_eq!(store.load_all().unwrap().catalog.len(), 1);
    let mut other = facility.clone();
    other.name_zh = "别的".into();
    assert!(matches!(
        store.insert(&other),
        Err(DbError::AlreadyExists { .. })
    ));
    let known: HashMap<FacilityId, i64> = HashMap::new();
    assert_eq!(store.changes_since(&known).unwrap().len(), 1);
}

/// The test server's URL with `query` appended (`sslmode=…&sslrootcert=…`).
fn server_url(query: &str) -> String {
    let url = std::env::var("DATABASE_URL").expect("tools/with-postgis.sh exports DATABASE_URL");
    format!("{url}?{query}")
}

/// A CA file exported by tools/with-postgis.sh: `ZHONGZHAN_TEST_CA` signed the server's
/// certificate, `ZHONGZHAN_TEST_OTHER_CA` signed nothing.
fn test_ca(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| panic!("tools/with-postgis.sh exports {variable}"))
}

/// Whether `client`'s own session is encrypted, as the server sees it.
fn encrypted(client: &mut postgres::Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn sslmode_require_with_the_bureaus_ca_encrypts_the_worker_and_the_listener_connection() {
    let ca = test_ca("ZHONGZHAN_TEST_CA");
    let url = server_url(&format!("sslmode=require&sslrootcert={ca}"));
    let config = DbConfig::from_url(&url).unwrap();
    assert_eq!(config.trust(), Some(&Trust::CaFile(ca.into())));
    let mut client = config.connect().unwrap();
    assert!(encrypted(&mut client), "the session is encrypted");

    let listener = Listener::spawn(config, Box::new(|| {})).unwrap();
    let first = next_event(&listener, Duration::from_secs(10));
    assert_eq!(first, Some(ListenerEvent::Listening));
    let listener_encrypted: bool = client
        .query_one(
            "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1",
            &[&Listener::APPLICATION_NAME],
        )
        .unwrap()
        .get(0);
    assert!(listener_encrypted, "the listener's session is encrypted");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_certificate_from_another_ca_is_refused_naming_the_ca_and_not_the_password() {
    let password = std::env::var("PGPASSWORD").unwrap();
    let other = test_ca("ZHONGZHAN_TEST_OTHER_CA");
    let wrong_ca =
        DbConfig::from_url(&server_url(&format!("sslmode=require&sslrootcert={other}"))).unwrap();
    let error = wrong_ca.connect().err().unwrap().to_string();
    assert!(
        error.contains(&format!(
            "127.0.0.1:{}/zhongzhan: the server's certificate is not signed by the CA in {other}",
            wrong_ca.port()
        )),
        "{error}"
    );
    assert!(!error.contains(&password), "the password leaked: {error}");

    // Without a CA file the system store is asked, which does not know the bureau's CA.
    let system = DbConfig::from_url(&server_url("sslmode=require")).unwrap();
    let error = system.connect().err().unwrap().to_string();
    assert!(
        error.contains("not signed by a CA in this computer's certificate store")
            && error.contains("sslrootcert=/path/ca.pem"),
        "{error}"
    );
    assert!(!error.contains(&password), "the password leaked: {error}");
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn sslmode_disable_connects_in_clear_and_the_default_prefers_tls() {
    let clear = DbConfig::from_url(&server_url("sslmode=disable")).unwrap();
    assert!(!encrypted(&mut clear.connect().unwrap()));
    let default = pg::server();
    assert_eq!(default.trust(), Some(&Trust::Unchecked));
    assert!(encrypted(&mut default.connect().unwrap()));
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: run tools/with-postgis.sh cargo test --test postgis -- --include-ignored"]
fn a_certificate_for_other_host_names_is_refused_naming_the_names_it_holds() {
    let env = |name: &str| std::env::var(name).unwrap();
    let url = format!(
        "host=db.example hostaddr=127.0.0.1 port={} user={} password={} dbname=zhongzhan sslmode=verify-full sslrootcert={}",
        env("PGPORT"),
        env("PGUSER"),
        env("PGPASSWORD"),
        test_ca("ZHONGZHAN_TEST_CA")
    );
    let error = DbConfig::from_url(&url)
        .unwrap()
        .connect()
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("/zhongzhan: the server's certificate is not made out to db.example but to 127.0.0.1, localhost"),
        "{error}"
    );
    assert!(
        !error.contains(&env("PGPASSWORD")),
        "the password leaked: {error}"
    );
}
