//! Tests of the app state: the stored view, datum switching, fitting and the filter.

use super::*;
use crate::command::{SelectionOrigin, ViewCommand};
use crate::model::Category;
use crate::ui::attribution::tile_status_text;

#[test]
fn the_view_survives_a_restart() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    app.apply(Command::View(ViewCommand::SetCategoryVisible(
        Category::SchoolPost,
        false,
    )));
    app.apply(Command::View(ViewCommand::SortList(SortKey::Name)));
    app.apply(Command::View(ViewCommand::SetBasemap(
        Basemap::OpenStreetMap,
    )));
    app.apply(Command::View(ViewCommand::SetLanguage(Language::English)));
    app.view.map_memory.center_at(Position::new(113.16, 35.24));
    app.view.map_memory.set_zoom(15.0).unwrap();

    let stored = serde_json::to_string(app.view()).unwrap();
    let restored: PersistedView = serde_json::from_str(&stored).unwrap();
    let app = MapApp::new(DataSource::Bundled, Some(restored));

    assert!(!app.view().filter.is_visible(Category::SchoolPost));
    assert_eq!(app.view().sort_key, SortKey::Name);
    assert_eq!(app.view().basemap, Basemap::OpenStreetMap);
    assert_eq!(app.language(), Language::English);
    assert_eq!(
        app.view().map_memory.detached(),
        Some(Position::new(113.16, 35.24))
    );
    assert_eq!(app.view().map_memory.zoom(), 15.0);
    assert!(app.pending_fit.is_none(), "a restored view is not refitted");
}

#[test]
fn a_view_stored_before_languages_existed_opens_bilingual() {
    let stored = r#"{"sort_key":"Name","open_now_only":true}"#;
    let restored: PersistedView = serde_json::from_str(stored).unwrap();
    assert_eq!(restored.language, Language::Both);
    assert!(restored.open_now_only);
}

/// Metres east and north from `a` to `b`.
fn offset_m(a: Position, b: Position) -> (f64, f64) {
    (
        (b.x() - a.x()) * 111_320.0 * a.y().to_radians().cos(),
        (b.y() - a.y()) * 110_950.0,
    )
}

#[test]
fn overlays_shift_to_gcj02_for_amap_only() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    let id = FacilityId("service-station-01".into());
    let stored = app.catalog().by_id(&id).unwrap().geometry.anchor();
    for basemap in Basemap::ALL {
        app.apply(Command::View(ViewCommand::SetBasemap(basemap)));
        let drawn = app.display_anchor(&id).unwrap();
        let (east, north) = offset_m(stored, drawn);
        if basemap == Basemap::Amap {
            assert!((560.0..620.0).contains(&east), "{basemap:?}: {east} m east");
            assert!(
                (-70.0..-20.0).contains(&north),
                "{basemap:?}: {north} m north"
            );
        } else {
            assert!(east.abs() < 1e-6 && north.abs() < 1e-6, "{basemap:?}");
        }
    }
}

#[test]
fn switching_datum_keeps_the_view_on_the_same_ground() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    let ground = Position::new(113.17, 35.235);
    app.view.map_memory.center_at(ground);
    app.apply(Command::View(ViewCommand::SetBasemap(Basemap::Amap)));
    let (east, _) = offset_m(ground, app.view().map_memory.detached().unwrap());
    assert!(east > 500.0, "view follows the shifted tiles: {east}");
    app.apply(Command::View(ViewCommand::SetBasemap(
        Basemap::OpenStreetMap,
    )));
    let (east, north) = offset_m(ground, app.view().map_memory.detached().unwrap());
    assert!(east.abs() < 0.5 && north.abs() < 0.5, "{east} {north}");
}

#[test]
fn tile_status_mentions_failures_and_the_fallback() {
    assert!(tile_status_text(3, 0, Language::Both).contains("loading 3 tiles"));
    let offline = tile_status_text(0, 12, Language::Both);
    assert!(offline.contains("12 failed") && offline.contains("embedded basemap"));
    let chinese = tile_status_text(0, 12, Language::Chinese);
    assert!(chinese.contains("失败 12 块") && !chinese.contains("failed"));
}

#[test]
fn a_first_run_fits_the_map_to_the_facilities() {
    let app = MapApp::new(DataSource::Bundled, None);
    assert_eq!(app.pending_fit, Catalog::extent(app.catalog().facilities()));
    assert!(app.pending_fit.is_some());
}

#[test]
fn hiding_the_selected_category_clears_the_selection() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    app.apply(Command::View(ViewCommand::Select(
        FacilityId("school-post-01".into()),
        SelectionOrigin::List,
    )));
    assert!(app.selected_id().is_some());
    app.apply(Command::View(ViewCommand::SetCategoryVisible(
        Category::SchoolPost,
        false,
    )));
    assert_eq!(app.selected_id(), None);
    assert!(
        app.list_rows()
            .iter()
            .filter_map(|&i| app.catalog().facilities().get(i))
            .all(|f| f.category != Category::SchoolPost)
    );
}

#[test]
fn command_line_filters_last_for_one_run_and_the_stored_view_keeps_its_own() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    app.keep_stored_filters();
    app.push_command(Command::View(ViewCommand::ShowOnlyCategory(
        Category::SchoolPost,
    )));
    app.push_command(Command::View(ViewCommand::SetOpenNowOnly(true)));
    app.apply_commands();
    assert!(!app.view().filter.is_visible(Category::FruitVendorArea));
    let stored = app.stored_view();
    assert!(stored.filter.is_visible(Category::FruitVendorArea));
    assert!(!stored.open_now_only);
}

#[test]
fn open_now_only_counts_only_what_the_map_shows() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    let night =
        chrono::NaiveDateTime::parse_from_str("2024-10-08 23:30", "%Y-%m-%d %H:%M").unwrap();
    app.push_command(Command::View(ViewCommand::SetAsOf(Some(night))));
    app.push_command(Command::View(ViewCommand::SetOpenNowOnly(true)));
    app.apply_commands();
    assert!(
        app.closed_count() > 0,
        "some facilities are closed at night"
    );
    assert_eq!(app.shown_count(), app.catalog().len() - app.closed_count());
    app.push_command(Command::View(ViewCommand::SetOpenNowOnly(false)));
    app.apply_commands();
    assert_eq!(app.shown_count(), app.catalog().len());
}

#[test]
fn open_now_only_leaves_closed_facilities_out_of_the_nearby_answer() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    let night =
        chrono::NaiveDateTime::parse_from_str("2024-10-08 23:30", "%Y-%m-%d %H:%M").unwrap();
    app.push_command(Command::View(ViewCommand::SetAsOf(Some(night))));
    app.push_command(Command::View(ViewCommand::ReferenceAtMapCentre));
    app.apply_commands();
    let closed_nearest = |app: &MapApp| {
        app.nearby
            .as_ref()
            .unwrap()
            .nearest
            .iter()
            .filter(|n| app.closed.contains(&n.index))
            .count()
    };
    assert!(
        closed_nearest(&app) > 0,
        "at night some nearest facilities are closed"
    );
    app.push_command(Command::View(ViewCommand::SetOpenNowOnly(true)));
    app.apply_commands();
    assert_eq!(closed_nearest(&app), 0);
}

#[test]
fn a_steady_frame_is_drawn_in_one_pass() {
    let ctx = egui::Context::default();
    crate::fonts::install(&ctx);
    let mut app = MapApp::new(DataSource::Bundled, None);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let frame = |app: &mut MapApp| {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        output.textures_delta.clear();
    };
    for _ in 0..10 {
        frame(&mut app);
    }
    let before = ctx.cumulative_pass_nr();
    for _ in 0..10 {
        frame(&mut app);
    }
    let passes = ctx.cumulative_pass_nr() - before;
    assert_eq!(
        passes, 10,
        "10 steady frames took {passes} passes (a discard every frame doubles the cost)"
    );
}
