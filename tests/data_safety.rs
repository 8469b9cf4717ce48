//! Data safety under real faults, with real processes and real files: `cargo test --test
//! data_safety` runs them all. A child process is this test binary run again with an
//! environment variable naming its job (see [`child`]); the parent kills it with SIGKILL or
//! leaves it running as "another instance", and then checks that no version of the data was
//! lost. (The saving and recovery code's own unit tests — failing writers, a real small tmpfs
//! when run as root, modes, owners, symlinks — sit next to it in `src/model/io/`.)

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{AppHarness, TempDir, build, click, harness_for, select, window};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use zhongzhan_map::app::{BACKUP_COUNT, DataSource, LOAD_IN_BACKGROUND_FROM_BYTES, MapApp};
use zhongzhan_map::command::{Command, EditCommand, FileCommand};
use zhongzhan_map::model::Facility;
use zhongzhan_map::model::io::atomic::backup_path;
use zhongzhan_map::model::io::load::parse_facilities;
use zhongzhan_map::model::io::recovery::{Found, RecoveryStore};
use zhongzhan_map::model::io::save::{save_atomically, to_geojson_text};
use zhongzhan_map::model::io::stranded::find_stranded_saves;
use zhongzhan_map::model::synthetic::{Layout, facility as synthetic_facility, generate};
use zhongzhan_map::ui::edit_bar::{SAVE_LABEL, UNDO_LABEL};
use zhongzhan_map::ui::save_progress::CANCEL_SAVE_LABEL;
use zhongzhan_map::ui::top_bar::EDIT_TOGGLE_LABEL;

const BUNDLED_FACILITIES: &str = include_str!("../data/facilities.geojson");

/// The environment variable that turns this test binary into a child process doing a job.
const CHILD_JOB: &str = "ZHONGZHAN_DATA_SAFETY_CHILD";
/// The file the child works on.
const CHILD_FILE: &str = "ZHONGZHAN_DATA_SAFETY_FILE";
/// The directory a child keeps its recovery copy in.
const CHILD_RECOVERY_DIR: &str = "ZHONGZHAN_DATA_SAFETY_RECOVERY";

/// Not a test of its own: the body of a child process. Without [`CHILD_JOB`] it returns at
/// once; with it, it does that job until it is killed.
#[test]
fn child() {
    let (Ok(job), Ok(file)) = (std::env::var(CHILD_JOB), std::env::var(CHILD_FILE)) else {
        return;
    };
    let path = PathBuf::from(file);
    match job.as_str() {
        // Saves two big versions in turn, for ever.
        "save-forever" => {
            let versions = [big_version(20_000, 1), big_version(20_000, 2)];
            for round in 0.. {
                let text = &versions[round % 2];
                if let Err(error) = save_atomically(&path, text, BACKUP_COUNT) {
                    eprintln!("child: {error}");
                }
            }
        }
        // An instance with unsaved edits: claims its recovery copy, writes it, says so, waits.
        "hold-recovery" => {
            let Ok(dir) = std::env::var(CHILD_RECOVERY_DIR) else {
                return;
            };
            let mut store = RecoveryStore::new(PathBuf::from(dir));
            let source = path.display().to_string();
            let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
            facilities[0].name_zh = "子进程的未保存修改".into();
            store.claim(&source).unwrap();
            store.write(&source, &facilities).unwrap();
            std::fs::write(path.with_extension("ready"), b"ready").unwrap();
            std::thread::sleep(Duration::from_secs(600));
        }
        other => panic!("unknown child job {other}"),
    }
}

fn spawn_child(job: &str, file: &Path, recovery_dir: Option<&Path>) -> Child {
    let mut process = Process::new(std::env::current_exe().unwrap());
    process
        .args(["--exact", "child", "--nocapture", "--test-threads", "1"])
        .env(CHILD_JOB, job)
        .env(CHILD_FILE, file)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(dir) = recovery_dir {
        process.env(CHILD_RECOVERY_DIR, dir);
    }
    process.spawn().unwrap()
}

/// A GeoJSON text of `count` synthetic facilities whose names carry `version`.
fn big_version(count: usize, version: u32) -> String {
    let points = generate(count, Layout::Uniform, 7).unwrap();
    let facilities: Vec<_> = points
        .iter()
        .enumerate()
        .map(|(number, point)| {
            let mut facility = synthetic_facility(point, number);
            facility.name_en = format!("version {version}").into();
            facility
        })
        .collect();
    to_geojson_text(&facilities, Some("kill-test")).unwrap()
}

/// A small deterministic generator of pause lengths (no dependency, reproducible runs).
struct Pauses(u64);

impl Pauses {
    fn next_ms(&mut self, below_ms: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below_ms
    }
}

#[test]
fn a_save_killed_at_thirty_random_moments_leaves_the_file_old_or_new_and_every_backup_valid() {
    let dir = TempDir::new("kill-during-save");
    let path = dir.join("facilities.geojson");
    let original = big_version(20_000, 0);
    std::fs::write(&path, &original).unwrap();
    let versions = [original, big_version(20_000, 1), big_version(20_000, 2)];
    let mut pauses = Pauses(20_261_207);
    for round in 0..30 {
        let mut child = spawn_child("save-forever", &path, None);
        // Test-binary start-up and generating the versions take a while; then saves run back
        // to back, so a pause in this range lands anywhere inside one.
        std::thread::sleep(Duration::from_millis(300 + pauses.next_ms(1_500)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            versions.contains(&text),
            "round {round}: the file is a complete version"
        );
        for generation in 1..=BACKUP_COUNT {
            let backup = backup_path(&path, generation);
            if let Ok(text) = std::fs::read_to_string(&backup) {
                assert!(
                    serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                    "round {round}: {} is valid JSON",
                    backup.display()
                );
            }
        }
        // What a killed save left behind is found at the next start: complete ones offered,
        // partial ones removed; either way nothing is left to fill the disk unnoticed.
        let report = find_stranded_saves(&path, BACKUP_COUNT).unwrap();
        for stranded in &report.offered {
            let text = std::fs::read_to_string(&stranded.path).unwrap();
            assert!(
                versions.contains(&text),
                "round {round}: an offered save is complete"
            );
            std::fs::remove_file(&stranded.path).unwrap();
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".saving"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn wait_for(path: &Path, what: &str) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} did not happen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn another_process_saving_another_file_never_touches_this_ones_recovery_and_it_survives_kill_9() {
    let dir = TempDir::new("two-processes");
    let recovery_dir = dir.join("recovery");
    let (a, b) = (dir.join("a.geojson"), dir.join("b.geojson"));
    for path in [&a, &b] {
        std::fs::write(path, BUNDLED_FACILITIES).unwrap();
    }
    // Process P edits a.geojson and keeps a recovery copy.
    let mut p = spawn_child("hold-recovery", &a, Some(&recovery_dir));
    wait_for(&a.with_extension("ready"), "the child's recovery copy");

    // This process (C) edits b.geojson, writes its own copy, saves and discards it.
    let mut c = RecoveryStore::new(recovery_dir.clone());
    let b_source = b.display().to_string();
    let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
    c.claim(&b_source).unwrap();
    c.write(&b_source, &facilities).unwrap();
    c.discard_own();
    let a_source = a.display().to_string();
    assert!(
        c.stale(&a_source).is_empty(),
        "a live instance's copy is not offered to others"
    );
    assert!(
        !c.others_editing(&a_source).is_empty(),
        "a second instance of a.geojson is told it is being edited"
    );

    // P dies without saving; the next start of a.geojson offers P's edit.
    p.kill().unwrap();
    p.wait().unwrap();
    let next = RecoveryStore::new(recovery_dir);
    let found = next.stale(&a_source);
    let offered: Vec<_> = found
        .iter()
        .filter_map(|found| match found {
            Found::Stale(recovery) => Some(recovery),
            Found::Damaged { .. } => None,
        })
        .collect();
    assert_eq!(offered.len(), 1, "{found:?}");
    assert!(
        offered[0]
            .facilities
            .iter()
            .any(|f| f.name_zh == "子进程的未保存修改")
    );
}

/// A copy of the bundled data in `dir`, opened in the app with recovery in `dir/recovery`.
fn editing_copy(dir: &Path) -> (PathBuf, AppHarness) {
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    (path, harness_for(app))
}

fn facility<'a>(harness: &'a AppHarness, id: &str) -> &'a Facility {
    harness
        .state()
        .catalog()
        .by_id(&zhongzhan_map::model::FacilityId::new(id))
        .unwrap()
}

fn rename(harness: &mut AppHarness, id: &str, name: &str) {
    let mut changed = facility(harness, id).clone();
    changed.name_zh = name.into();
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
            changed,
        ))));
    harness.run();
}

#[test]
fn a_termination_signal_writes_the_latest_edit_to_the_recovery_copy_and_closes_without_asking() {
    let dir = TempDir::new("sigterm");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-03");
    rename(&mut harness, "school-post-03", "第一次修改");
    // The second edit comes within the copy's 2 s interval: only the signal writes it now.
    rename(&mut harness, "school-post-03", "注销前的最后修改");

    assert!(!harness.state().termination_flag().raise());
    harness.run();
    assert!(
        harness.query_by_label_contains("不保存退出").is_none(),
        "no unsaved-edits question is left for nobody to answer"
    );
    drop(harness);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BUNDLED_FACILITIES);

    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    let harness = harness_for(app);
    harness.get_by_label_contains("注销前的最后修改");
}

/// Steps the window (as it idles) until the background save ended, then lets it settle.
fn wait_for_background_save(harness: &mut AppHarness) {
    let started = Instant::now();
    while harness.state().save_status().is_some() {
        assert!(started.elapsed() < Duration::from_secs(60), "the save ends");
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

#[test]
fn a_save_in_the_background_shows_its_progress_and_edits_made_meanwhile_stay_unsaved() {
    let dir = TempDir::new("background-save");
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
    let app = MapApp::new(DataSource::File(path.clone()), None)
        .with_recovery_dir(dir.join("recovery"))
        .with_background_save_from(0);
    let mut harness = harness_for(app);
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-04");
    rename(&mut harness, "school-post-04", "后台保存的修改");

    // Save, and in the same frame (while the worker writes) make another edit.
    let mut meanwhile = facility(&harness, "school-post-05").clone();
    meanwhile.name_zh = "保存期间的修改".into();
    harness
        .state_mut()
        .push_command(Command::File(FileCommand::Save));
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
            meanwhile,
        ))));
    harness.step(); // applies both: the save starts, then the edit
    harness.step();
    // The frame after Save shows the progress row (with *Cancel* until the writing starts).
    assert!(
        harness.query_by_label_contains("正在保存 Saving").is_some()
            || harness.query_by_label_contains("正在写入文件").is_some(),
        "the progress row is shown"
    );

    wait_for_background_save(&mut harness);
    assert!(harness.query_by_label(CANCEL_SAVE_LABEL).is_none());
    assert!(harness.query_by_label_contains("正在保存 Saving").is_none());
    let on_disk = parse_facilities(&std::fs::read_to_string(&path).unwrap(), "disk").unwrap();
    assert!(on_disk.iter().any(|f| f.name_zh == "后台保存的修改"));
    assert!(!on_disk.iter().any(|f| f.name_zh == "保存期间的修改"));
    assert!(
        harness.state().is_dirty(),
        "the edit made during the save still needs saving"
    );
    harness.get_by_label_contains("已保存");
}

#[test]
fn the_conflict_dialog_shows_each_changed_field_with_their_value_and_yours() {
    let dir = TempDir::new("conflict-values");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-06");
    rename(&mut harness, "school-post-06", "我的名字");
    // A colleague renames the same facility in the file meanwhile.
    let mut theirs = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
    if let Some(post) = theirs.iter_mut().find(|f| f.id.0 == "school-post-06") {
        post.name_zh = "同事的名字".into();
    }
    let their_text = to_geojson_text(&theirs, Some("zhongzhan-facilities")).unwrap();
    std::fs::write(&path, &their_text).unwrap();

    click(&mut harness, SAVE_LABEL);
    harness.get_by_label("磁盘上（他人） On disk (theirs)");
    harness.get_by_label("你的 Yours");
    harness.get_by_label("同事的名字");
    harness.get_by_label("我的名字");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        their_text,
        "nothing is written before the user decides"
    );
}

#[test]
fn a_background_save_checks_the_file_just_before_writing_and_asks_when_it_changed() {
    let dir = TempDir::new("conflict-background");
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
    let app = MapApp::new(DataSource::File(path.clone()), None)
        .with_recovery_dir(dir.join("recovery"))
        .with_background_save_from(0);
    let mut harness = harness_for(app);
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-06");
    rename(&mut harness, "school-post-06", "我的名字");
    let their_text = colleague_saves(&path, |list| {
        named(list, "school-post-06").name_zh = "同事的名字".into();
    });
    click(&mut harness, SAVE_LABEL);
    wait_for_background_save(&mut harness);
    harness.get_by_label("磁盘上（他人） On disk (theirs)");
    harness.get_by_label("同事的名字");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        their_text,
        "nothing written"
    );
    assert!(harness.state().is_dirty());
}

/// Writes the bundled data with `change` applied as a colleague's version of the file.
fn colleague_saves(path: &Path, change: impl FnOnce(&mut Vec<Facility>)) -> String {
    let mut theirs = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
    change(&mut theirs);
    let text = to_geojson_text(&theirs, Some("zhongzhan-facilities")).unwrap();
    std::fs::write(path, &text).unwrap();
    text
}

fn named<'a>(list: &'a mut [Facility], id: &str) -> &'a mut Facility {
    list.iter_mut().find(|f| f.id.0 == id).unwrap()
}

#[test]
fn reload_and_merge_combines_edits_to_different_fields_and_facilities_without_asking() {
    let dir = TempDir::new("merge-clean");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-07");
    rename(&mut harness, "school-post-07", "我改的名字");
    colleague_saves(&path, |theirs| {
        named(theirs, "school-post-07").notes = "同事的备注".into();
        named(theirs, "school-post-08").name_zh = "同事改的名字".into();
    });

    click(&mut harness, SAVE_LABEL);
    click(&mut harness, "重新载入并合并 Reload and merge");
    assert!(harness.state().dialog().is_none(), "nothing to ask");
    let merged = facility(&harness, "school-post-07");
    assert_eq!(merged.name_zh, "我改的名字");
    assert_eq!(merged.notes, "同事的备注");
    assert_eq!(facility(&harness, "school-post-08").name_zh, "同事改的名字");
    harness.get_by_label_contains("已合并");

    click(&mut harness, SAVE_LABEL);
    assert!(
        harness.state().dialog().is_none(),
        "the file is now the merge's base"
    );
    let on_disk = parse_facilities(&std::fs::read_to_string(&path).unwrap(), "disk").unwrap();
    assert!(
        on_disk
            .iter()
            .any(|f| f.name_zh == "我改的名字" && f.notes == "同事的备注")
    );
    assert!(on_disk.iter().any(|f| f.name_zh == "同事改的名字"));
}

#[test]
fn reload_and_merge_asks_about_the_same_field_and_the_merge_can_be_undone() {
    let dir = TempDir::new("merge-asks");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-09");
    rename(&mut harness, "school-post-09", "我的名字");
    colleague_saves(&path, |theirs| {
        named(theirs, "school-post-09").name_zh = "同事的名字".into();
        named(theirs, "school-post-10").notes = "同事的备注".into();
    });

    click(&mut harness, SAVE_LABEL);
    click(&mut harness, "重新载入并合并 Reload and merge");
    assert!(matches!(
        harness.state().dialog(),
        Some(zhongzhan_map::ui::dialogs::Dialog::Merge { .. })
    ));
    // Both values are offered; theirs is chosen until the user picks mine.
    click(&mut harness, "我的名字");
    click(&mut harness, "应用合并 Apply merge");
    assert_eq!(facility(&harness, "school-post-09").name_zh, "我的名字");
    assert_eq!(facility(&harness, "school-post-10").notes, "同事的备注");

    click(&mut harness, UNDO_LABEL);
    assert_eq!(
        facility(&harness, "school-post-09").name_zh,
        "同事的名字",
        "one undo shows the version on disk"
    );
    assert!(!harness.state().is_dirty(), "which is what the file holds");
}

#[test]
fn after_the_first_copy_edits_go_to_the_journal_and_a_crash_replays_them() {
    let dir = TempDir::new("journal");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-11");
    rename(&mut harness, "school-post-11", "写进完整副本");
    let files = |suffix: &str| -> Vec<PathBuf> {
        std::fs::read_dir(dir.join("recovery"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect()
    };
    let copies = files(".recovery.geojson");
    assert_eq!(copies.len(), 1, "the first edit writes a full copy");
    let copy_before = std::fs::read(&copies[0]).unwrap();

    // The next edit, after the copy interval, is appended to the journal instead.
    std::thread::sleep(Duration::from_millis(2_100));
    rename(&mut harness, "school-post-12", "只写进日志");
    let journals = files(".recovery.journal");
    assert_eq!(journals.len(), 1);
    let journal = std::fs::read_to_string(&journals[0]).unwrap();
    assert_eq!(journal.lines().count(), 1, "one line for one edit");
    assert!(journal.contains("只写进日志"));
    assert_eq!(
        std::fs::read(&copies[0]).unwrap(),
        copy_before,
        "the full copy is not rewritten"
    );

    drop(harness); // a crash: nothing saved
    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    let mut harness = harness_for(app);
    harness.get_by_label_contains("只写进日志");
    click(&mut harness, zhongzhan_map::ui::dialogs::RESTORE_LABEL);
    assert_eq!(facility(&harness, "school-post-11").name_zh, "写进完整副本");
    assert_eq!(facility(&harness, "school-post-12").name_zh, "只写进日志");
}

#[test]
fn a_second_window_on_a_file_being_edited_says_so_and_can_stay_read_only() {
    let dir = TempDir::new("second-window");
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
    // The first window holds the file's lock as a running instance does.
    let mut first = RecoveryStore::new(dir.join("recovery"));
    first.claim(&path.display().to_string()).unwrap();

    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    let mut harness = harness_for(app);
    harness.get_by_label("另一个窗口正在编辑此文件 Another window is editing this file");
    click(&mut harness, "只读打开 Open read-only");
    assert!(harness.state().dialog().is_none());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    assert!(
        !harness.state().is_editing(),
        "the edit toggle does nothing in a read-only window"
    );
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::SetEditing(true)));
    harness.run();
    assert!(!harness.state().is_editing(), "edit mode stays off");
    harness.get_by_label_contains("此窗口为只读");
    drop(first);
}

#[test]
fn a_big_file_is_read_in_the_background_and_nothing_is_edited_or_saved_before_it_is_there() {
    let dir = TempDir::new("background-load");
    let path = dir.join("big.geojson");
    let text = big_version(14_000, 1);
    assert!(text.len() as u64 >= LOAD_IN_BACKGROUND_FROM_BYTES);
    std::fs::write(&path, &text).unwrap();
    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    assert!(app.is_loading(), "the window opens before the file is read");
    assert_eq!(app.catalog().len(), 0);
    let mut harness = build(window(), app);
    harness.step();
    // While it reads: the row says so, and edit mode and Save wait (the empty stand-in is
    // never written over the file).
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::SetEditing(true)));
    harness
        .state_mut()
        .push_command(Command::File(FileCommand::Save));
    harness.step();
    // (Reading and indexing 14 000 facilities takes seconds in a test build; two frames take
    // milliseconds.)
    assert!(harness.state().is_loading());
    assert!(!harness.state().is_editing());
    assert!(
        harness
            .query_by_label_contains("正在读取 Reading")
            .is_some()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // The row's bar says how far it is, in percent, never going back.
    let bar_percent = |harness: &AppHarness| {
        // (The spinner beside it is a progress indicator without a value.)
        harness
            .query_all_by_role(Role::ProgressIndicator)
            .find_map(|bar| bar.accesskit_node().numeric_value())
    };
    let mut percents = Vec::new();
    let started = Instant::now();
    while harness.state().is_loading() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the file is read"
        );
        percents.extend(bar_percent(&harness));
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    assert!(!percents.is_empty(), "a bar shows while the file is read");
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert!(
        percents.iter().any(|p| *p > 0.0 && *p < 100.0),
        "the bar moves while the file is parsed: {percents:?}"
    );
    harness.run();
    assert_eq!(bar_percent(&harness), None, "the bar goes once it is read");
    assert_eq!(harness.state().catalog().len(), 14_000);
    assert!(
        harness
            .query_by_label_contains("正在读取 Reading")
            .is_none()
    );
    click(&mut harness, EDIT_TOGGLE_LABEL);
    assert!(
        harness.state().is_editing(),
        "editing works once it is read"
    );
}
