//! GUI tests of edit mode, driven as bureau staff would: toggle edit mode, add a point by
//! clicking the map, name it in the form, drag a marker, draw an area, delete with
//! confirmation, undo/redo, save (and be asked when someone else changed the file), import
//! AMap coordinates, export CSV, quit with unsaved edits, get them back after a crash.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use std::path::{Path, PathBuf};

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{
    AppHarness, TempDir, click, click_at, drag, harness, harness_for, harness_with, moment, retype,
    select,
};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, EditCommand, FileCommand, ViewCommand};
use zhongzhan_map::model::io::load::parse_facilities;
use zhongzhan_map::model::io::save::backup_path;
use zhongzhan_map::model::{BUNDLED_FACILITIES, Facility, FacilityGeometry, FacilityId, Precision};
use zhongzhan_map::ui::dialogs::{
    CONFIRM_DELETE_LABEL, Dialog, FILE_OK_LABEL, OVERWRITE_LABEL, PATH_LABEL, RESTORE_LABEL,
};
use zhongzhan_map::ui::edit_bar::{
    ADD_POINT_LABEL, DRAW_AREA_LABEL, REDO_LABEL, SAVE_LABEL, UNDO_LABEL,
};
use zhongzhan_map::ui::edit_form;
use zhongzhan_map::ui::top_bar::EDIT_TOGGLE_LABEL;

/// A copy of the bundled data in `dir`, opened in the app with recovery in `dir/recovery`.
fn editing_copy(dir: &Path) -> (PathBuf, AppHarness) {
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    (path, harness_for(app))
}

fn on_disk(path: &Path) -> Vec<Facility> {
    parse_facilities(&std::fs::read_to_string(path).unwrap(), "disk").unwrap()
}

/// The middle of the map, left of the details card.
fn map_spot(harness: &AppHarness, dx: f32, dy: f32) -> egui::Pos2 {
    let left = harness.get_by_label("放大 +").rect().left();
    egui::pos2(left + 320.0 + dx, 520.0 + dy)
}

fn facility<'a>(harness: &'a AppHarness, id: &str) -> &'a Facility {
    harness
        .state()
        .catalog()
        .by_id(&FacilityId::new(id))
        .unwrap()
}

#[test]
fn adding_a_point_naming_it_and_saving_writes_the_file_with_a_backup() {
    let dir = TempDir::new("edit-add");
    let (path, mut harness) = editing_copy(dir.path());
    let before = harness.state().catalog().len();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    click(&mut harness, ADD_POINT_LABEL);
    let spot = map_spot(&harness, 0.0, 0.0);
    click_at(&mut harness, spot);
    assert_eq!(harness.state().catalog().len(), before + 1);
    let id = harness.state().selected_id().unwrap().clone();
    assert_eq!(id.as_str(), "convenience-sales-point-new-01");
    harness.get_by_label(edit_form::CARD_TITLE);

    let name = harness.get_by_label("名称 Name (中文) *");
    name.focus();
    name.type_text("·幸福路");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        facility(&harness, id.as_str()).name_zh,
        "新临时便民销售点·幸福路"
    );
    assert!(harness.state().is_dirty());
    harness.get_by_label_contains("未保存 unsaved changes");

    click(&mut harness, SAVE_LABEL);
    assert!(
        !harness.state().is_dirty(),
        "{:?}",
        harness.state().edit_status()
    );
    let saved = on_disk(&path);
    assert_eq!(saved.len(), before + 1);
    let added = saved.iter().find(|f| f.id == id).unwrap();
    assert_eq!(added.name_zh, "新临时便民销售点·幸福路");
    assert_ne!(added.provenance.precision, Precision::Surveyed);
    assert!(added.provenance.method.contains("clicking the map"));
    assert_eq!(
        std::fs::read_to_string(backup_path(&path, 1)).unwrap(),
        BUNDLED_FACILITIES,
        "the previous version is kept beside the file"
    );
}

#[test]
fn deleting_asks_first_and_undo_redo_buttons_bring_it_back_and_forth() {
    let mut harness = harness();
    let total = harness.state().catalog().len();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-03");
    harness.get_by_label(edit_form::DELETE_LABEL).scroll_to_me();
    harness.run();
    click(&mut harness, edit_form::DELETE_LABEL);
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ConfirmDelete { .. })
    ));
    assert_eq!(
        harness.state().catalog().len(),
        total,
        "nothing deleted yet"
    );
    click(&mut harness, CONFIRM_DELETE_LABEL);
    assert_eq!(harness.state().catalog().len(), total - 1);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "护学岗 03 School guard post 03")
            .is_none()
    );

    click(&mut harness, UNDO_LABEL);
    assert_eq!(harness.state().catalog().len(), total);
    assert!(!harness.state().is_dirty(), "back to the loaded state");
    click(&mut harness, REDO_LABEL);
    assert_eq!(harness.state().catalog().len(), total - 1);
    // And from the keyboard.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().catalog().len(), total);
}

#[test]
fn dragging_a_marker_moves_it_but_keeps_its_precision() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-01");
    let before = facility(&harness, "school-post-01").clone();
    let handle = harness.get_by_label("移动 Move 护学岗 01").rect().center();
    drag(&mut harness, handle, handle + egui::vec2(-60.0, 40.0));
    let after = facility(&harness, "school-post-01").clone();
    let (FacilityGeometry::Point(a), FacilityGeometry::Point(b)) =
        (&before.geometry, &after.geometry)
    else {
        panic!("school posts are points");
    };
    assert!(
        b.x() < a.x() && b.y() < a.y(),
        "moved west and south: {a:?} -> {b:?}"
    );
    assert_eq!(after.provenance.precision, before.provenance.precision);
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("school-post-01")
    );
    click(&mut harness, UNDO_LABEL);
    assert_eq!(
        facility(&harness, "school-post-01").geometry,
        before.geometry
    );
}

#[test]
fn dragging_a_corner_reshapes_a_vendor_area_in_one_undo_step() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "fruit-vendor-area-01");
    let before = facility(&harness, "fruit-vendor-area-01").geometry.clone();
    let corner = harness.get_by_label("顶点 Corner 1").rect().center();
    drag(&mut harness, corner, corner + egui::vec2(-30.0, -30.0));
    let after = facility(&harness, "fruit-vendor-area-01").geometry.clone();
    assert_ne!(after, before);
    let FacilityGeometry::Area(polygon) = &after else {
        panic!("an area");
    };
    assert!(polygon.exterior().is_closed());
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::Undo));
    harness.run();
    assert_eq!(facility(&harness, "fruit-vendor-area-01").geometry, before);
}

#[test]
fn drawing_an_area_corner_by_corner_adds_a_closed_vendor_area() {
    let mut harness = harness();
    let before = harness.state().catalog().len();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    click(&mut harness, DRAW_AREA_LABEL);
    for (dx, dy) in [(0.0, 0.0), (80.0, 0.0), (80.0, 60.0), (0.0, 60.0)] {
        let spot = map_spot(&harness, dx, dy);
        click_at(&mut harness, spot);
    }
    assert_eq!(harness.state().catalog().len(), before, "not finished yet");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().catalog().len(), before + 1);
    let id = harness.state().selected_id().unwrap().clone();
    let area = facility(&harness, id.as_str());
    assert_eq!(
        area.category,
        zhongzhan_map::model::Category::FruitVendorArea
    );
    let FacilityGeometry::Area(polygon) = &area.geometry else {
        panic!("an area");
    };
    assert_eq!(polygon.exterior().0.len(), 5, "4 corners, closed");
}

#[test]
fn saving_over_a_file_someone_else_changed_shows_the_differences_first() {
    let dir = TempDir::new("edit-conflict");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "water-supply-fuduoduo");
    let mut renamed = facility(&harness, "water-supply-fuduoduo").clone();
    renamed.notes = "已通水".into();
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
            renamed,
        ))));
    harness.run();

    // A colleague removes the service station from the same file meanwhile.
    let mut theirs = on_disk(&path);
    theirs.retain(|f| f.id.as_str() != "service-station-01");
    let their_text =
        zhongzhan_map::model::io::save::to_geojson_text(&theirs, Some("zhongzhan-facilities"))
            .unwrap();
    std::fs::write(&path, &their_text).unwrap();

    click(&mut harness, SAVE_LABEL);
    let Some(Dialog::FileChanged {
        changes: Some(changes),
        ..
    }) = harness.state().dialog()
    else {
        panic!(
            "expected the file-changed dialog, got {:?}",
            harness.state().dialog()
        );
    };
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("+ ") && l.contains("service-station-01")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("~ ") && l.contains("notes")),
        "{lines:?}"
    );
    harness.get_by_label_contains("service-station-01");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        their_text,
        "not written yet"
    );

    click(&mut harness, OVERWRITE_LABEL);
    assert!(harness.state().dialog().is_none());
    assert!(on_disk(&path).iter().any(|f| f.notes == "已通水"));
    assert_eq!(
        std::fs::read_to_string(backup_path(&path, 1)).unwrap(),
        their_text,
        "their version is kept as the newest backup"
    );
    let conflict_copies: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".conflict-"))
        .collect();
    assert_eq!(conflict_copies.len(), 1, "{conflict_copies:?}");
    assert_eq!(
        std::fs::read_to_string(&conflict_copies[0]).unwrap(),
        their_text,
        "their version is kept under its own name, beyond backup rotation"
    );
    harness.get_by_label_contains(".conflict-");
}

#[test]
fn unsaved_edits_survive_a_crash_and_are_offered_at_the_next_start() {
    let dir = TempDir::new("edit-recovery");
    let (path, mut harness) = editing_copy(dir.path());
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-05");
    let mut changed = facility(&harness, "school-post-05").clone();
    changed.name_zh = "护学岗 05（实验小学）".into();
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
            changed,
        ))));
    harness.run();
    assert!(harness.state().is_dirty());
    drop(harness); // The app dies without saving.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BUNDLED_FACILITIES);

    let app =
        MapApp::new(DataSource::File(path.clone()), None).with_recovery_dir(dir.join("recovery"));
    let mut harness = harness_for(app);
    harness.get_by_label_contains("护学岗 05（实验小学）");
    click(&mut harness, RESTORE_LABEL);
    assert_eq!(
        facility(&harness, "school-post-05").name_zh,
        "护学岗 05（实验小学）"
    );
    assert!(
        harness.state().is_dirty(),
        "restored edits still need saving"
    );
    click(&mut harness, SAVE_LABEL);
    assert!(
        on_disk(&path)
            .iter()
            .any(|f| f.name_zh == "护学岗 05（实验小学）")
    );
    assert!(
        !dir.join("recovery")
            .join(zhongzhan_map::model::io::recovery::RECOVERY_FILE_NAME)
            .exists()
    );
}

#[test]
fn closing_the_window_with_unsaved_edits_asks_first() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-02");
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::Delete(FacilityId::new(
            "school-post-02",
        ))));
    harness.run();
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Quit { .. })
    ));
    assert!(!harness.state().wants_to_close());
    click(&mut harness, "不保存退出 Quit without saving");
    assert!(harness.state().wants_to_close());
}

#[test]
fn importing_amap_coordinates_converts_them_to_wgs84() {
    let dir = TempDir::new("edit-import");
    // 中站区政府附近 as AMap shows it (GCJ-02).
    let csv = dir.join("from-amap.csv");
    std::fs::write(
        &csv,
        "\u{feff}id,category,name_zh,经度,纬度\namap-1,临时便民销售点,高德复制的点,113.1825,35.2368\n",
    )
    .unwrap();
    let mut harness = harness();
    let before = harness.state().catalog().len();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    click(&mut harness, "导入/导出 Import/export");
    click(&mut harness, "导入 GeoJSON/CSV Import");
    harness.get_by_label(PATH_LABEL).focus();
    harness.run();
    // Replace the suggested folder with the file's path.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label(PATH_LABEL)
        .type_text(&csv.display().to_string());
    harness.run();
    click(&mut harness, "GCJ-02 (高德 AMap、腾讯 Tencent)");
    click(&mut harness, FILE_OK_LABEL);
    assert_eq!(
        harness.state().catalog().len(),
        before + 1,
        "{:?}",
        harness.state().edit_status()
    );
    let FacilityGeometry::Point(p) = facility(&harness, "amap-1").geometry else {
        panic!("a point");
    };
    let west_m = (113.1825 - p.x()) * 91_000.0;
    assert!(
        (500.0..650.0).contains(&west_m),
        "shifted {west_m} m back west to WGS84"
    );
    // The facility says where it came from and how its datum was converted.
    let method = &facility(&harness, "amap-1").provenance.method;
    assert!(method.starts_with("imported from "), "{method}");
    assert!(method.ends_with("GCJ-02 converted to WGS84"), "{method}");
    click(&mut harness, UNDO_LABEL);
    assert_eq!(harness.state().catalog().len(), before);
}

#[test]
fn exporting_csv_writes_a_table_excel_reads() {
    let dir = TempDir::new("edit-export");
    let out = dir.join("facilities.csv");
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    harness
        .state_mut()
        .push_command(Command::File(FileCommand::Export(
            zhongzhan_map::command::ExportFormat::Csv,
            out.clone(),
        )));
    harness.run();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), harness.state().catalog().len() + 1);
}

#[test]
fn a_data_file_that_failed_to_load_cannot_be_edited_over() {
    let dir = TempDir::new("edit-broken");
    let path = dir.join("broken.geojson");
    std::fs::write(&path, "{ not json").unwrap();
    let mut harness = harness_with(DataSource::File(path.clone()));
    click(&mut harness, EDIT_TOGGLE_LABEL);
    assert!(!harness.state().is_editing());
    harness.get_by_label_contains("cannot be edited");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}

#[test]
fn staff_mark_a_measured_position_as_surveyed_and_type_its_coordinates() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "water-supply-fuduoduo");
    let longitude = "经度 Longitude (WGS84)";
    retype(&mut harness, longitude, "113.180000");
    let FacilityGeometry::Point(p) = facility(&harness, "water-supply-fuduoduo").geometry else {
        panic!("a point");
    };
    assert!((p.x() - 113.18).abs() < 1e-9, "{p:?}");
    assert_ne!(
        facility(&harness, "water-supply-fuduoduo")
            .provenance
            .precision,
        Precision::Surveyed,
        "typing a position does not make it surveyed by itself"
    );
    let surveyed = "实测 surveyed（仅当位置经实地测量 only if measured on site）";
    harness.get_by_label(surveyed).scroll_to_me();
    harness.run();
    click(&mut harness, surveyed);
    assert_eq!(
        facility(&harness, "water-supply-fuduoduo")
            .provenance
            .precision,
        Precision::Surveyed
    );
    // Two separate undo steps: precision, then position.
    click(&mut harness, UNDO_LABEL);
    assert_ne!(
        facility(&harness, "water-supply-fuduoduo")
            .provenance
            .precision,
        Precision::Surveyed
    );
}

#[test]
fn staff_set_a_season_and_bad_hours_are_explained_not_saved() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "fruit-vendor-area-03");
    let hours_before = facility(&harness, "fruit-vendor-area-03").hours.clone();
    retype(&mut harness, "时间 Hours", "every day 9 to 5");
    assert_eq!(
        facility(&harness, "fruit-vendor-area-03").hours,
        hours_before,
        "invalid hours are not applied"
    );
    harness.get_by_label_contains("opening_hours syntax");
    retype(&mut harness, "时间 Hours", "06:00-21:00");
    retype(&mut harness, "季节开始 Season from", "2025-06-01");
    retype(&mut harness, "季节结束 Season until", "2025-09-30");
    let area = facility(&harness, "fruit-vendor-area-03").clone();
    assert_eq!(
        (area.valid_from.as_str(), area.valid_until.as_str()),
        ("2025-06-01", "2025-09-30")
    );
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::SetAsOf(Some(moment(
            "2025-11-02 10:00",
        )))));
    harness.run();
    let index = harness
        .state()
        .catalog()
        .index_of(&FacilityId::new("fruit-vendor-area-03"))
        .unwrap();
    let availability = harness.state().availability_of(index);
    let text = zhongzhan_map::i18n::availability_text(
        &availability,
        zhongzhan_map::i18n::Language::English,
    );
    assert!(text.contains("season ended 2025-09-30"), "{text}");
}

#[test]
fn a_csv_dropped_on_the_window_opens_the_import_dialog_with_its_path_and_imports_on_ok() {
    let dir = TempDir::new("edit-drop");
    let csv = dir.join("拖进来的点.csv");
    std::fs::write(
        &csv,
        "id,category,name_zh,lon,lat\ndropped-1,临时便民销售点,拖放导入的点,113.17,35.235\n",
    )
    .unwrap();
    let mut harness = harness();
    let before = harness.state().catalog().len();
    common::drop_file(&mut harness, &csv);
    assert!(
        harness
            .query_by_label("打开此文件（作为编辑的数据文件） Open it (as the data file to edit)")
            .is_none(),
        "a CSV can only be imported"
    );
    click(&mut harness, "导入到当前地图 Import it into this map");
    assert!(
        harness.state().is_editing(),
        "dropping a file turns edit mode on (importing is an edit)"
    );
    assert_eq!(
        harness.get_by_label(PATH_LABEL).value().as_deref(),
        Some(csv.display().to_string().as_str()),
        "the import dialog holds the dropped file"
    );
    click(&mut harness, FILE_OK_LABEL);
    assert_eq!(harness.state().catalog().len(), before + 1);
    assert_eq!(facility(&harness, "dropped-1").name_zh, "拖放导入的点");
}

#[test]
fn a_dropped_file_that_is_not_geojson_or_csv_is_refused_with_a_message() {
    let mut harness = harness();
    common::drop_file(&mut harness, "/tmp/地图.png");
    harness.get_by_label_contains("只能导入 GeoJSON");
    assert!(harness.state().dialog().is_none());
}

#[test]
fn a_geojson_dropped_on_the_window_can_be_opened_as_the_data_file() {
    let dir = TempDir::new("edit-drop-open");
    let other = dir.join("另一个文件.geojson");
    let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
    facilities.truncate(3);
    std::fs::write(
        &other,
        zhongzhan_map::model::io::save::to_geojson_text(&facilities, None).unwrap(),
    )
    .unwrap();
    let mut harness = harness();
    common::drop_file(&mut harness, &other);
    click(
        &mut harness,
        "打开此文件（作为编辑的数据文件） Open it (as the data file to edit)",
    );
    assert_eq!(harness.state().catalog().len(), 3);
    harness.get_by_label_contains("(3 facilities)");
    assert!(harness.state().dialog().is_none());
}

#[test]
fn staff_write_how_a_position_was_placed_and_undo_brings_the_old_words_back() {
    let mut harness = harness();
    click(&mut harness, EDIT_TOGGLE_LABEL);
    select(&mut harness, "school-post-03");
    let before = facility(&harness, "school-post-03")
        .provenance
        .method
        .clone();
    let label = "定位方法 How placed";
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label(label)
        .type_text("GNSS 实测 measured on site 2026-12-07");
    harness.run();
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_eq!(
        &*facility(&harness, "school-post-03").provenance.method,
        "GNSS 实测 measured on site 2026-12-07"
    );
    assert!(harness.state().is_dirty());

    click(&mut harness, UNDO_LABEL);
    assert_eq!(
        facility(&harness, "school-post-03").provenance.method,
        before
    );
}
