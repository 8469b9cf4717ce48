//! The layout at every window size a person uses: the map gets most of the window, the panels
//! fold away below a width and come back with a button or Ctrl+B / Ctrl+J, the selection is never
//! under a panel or card, and the map buttons keep one line each in every language.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, SelectionOrigin, ViewCommand};
use zhongzhan_map::fonts;
use zhongzhan_map::i18n::Language;
use zhongzhan_map::model::FacilityId;

/// A harness of `size_pt` points at `pixels_per_point`.
fn harness_at(size_pt: [f32; 2], pixels_per_point: f32) -> Harness<'static, MapApp> {
    let mut harness = Harness::builder()
        .with_size(size_pt)
        .with_pixels_per_point(pixels_per_point)
        .with_context_setup(fonts::install)
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut MapApp| app.show(ui),
            MapApp::new(DataSource::Bundled, None),
        );
    harness.run();
    harness
}

fn select(harness: &mut Harness<'static, MapApp>, id: &str) {
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::Select(
            FacilityId::new(id),
            SelectionOrigin::List,
        )));
    harness.run();
}

/// Window sizes in physical pixels and scale factors, as in the issue.
const SIZES: [([f32; 2], f32); 6] = [
    ([800.0, 600.0], 1.0),
    ([1024.0, 640.0], 1.0),
    ([1366.0, 768.0], 1.0),
    ([1920.0, 1080.0], 1.0),
    ([1400.0, 900.0], 2.0),
    ([1600.0, 1000.0], 2.0),
];

#[test]
fn at_every_window_size_the_map_gets_most_of_the_window_with_and_without_a_selection() {
    for (size_px, scale) in SIZES {
        let size_pt = [size_px[0] / scale, size_px[1] / scale];
        let mut harness = harness_at(size_pt, scale);
        let map = harness.state().map_rect().unwrap();
        assert!(
            map.width() >= 0.5 * size_pt[0],
            "{size_px:?}@{scale}: the map is {} of {} points wide",
            map.width(),
            size_pt[0]
        );
        select(&mut harness, "school-post-04");
        let map = harness.state().map_rect().unwrap();
        assert!(
            map.width() >= 0.5 * size_pt[0],
            "{size_px:?}@{scale} with a selection: the map is {} of {} points wide",
            map.width(),
            size_pt[0]
        );
        // The details are in the sheet beside the map, and the selection is on the map.
        let (_, sheet_open) = harness.state().panels_open();
        assert!(sheet_open, "{size_px:?}@{scale}: selecting opens the sheet");
        let details = harness.get_by_label("详情 Details").rect();
        assert!(
            !details.intersects(map),
            "{size_px:?}@{scale}: the details {details:?} are drawn over the map {map:?}"
        );
        let marker = harness
            .get_by_role_and_label(Role::Button, "护学岗 04 School guard post 04")
            .rect();
        assert!(
            map.contains_rect(marker),
            "{size_px:?}@{scale}: the selected marker {marker:?} is not fully on the map {map:?}"
        );
        let controls = harness.get_by_label("设施 Facilities").rect();
        assert!(
            !marker.intersects(controls),
            "{size_px:?}@{scale}: the selected marker is under the map controls"
        );
    }
}

#[test]
fn a_narrow_window_starts_with_the_map_alone_and_the_list_comes_back_with_its_button() {
    let mut harness = harness_at([700.0, 500.0], 1.0);
    assert_eq!(harness.state().panels_open(), (false, false));
    assert!(harness.query_by_label("设施列表").is_none());
    harness.get_by_label("列表 List").click();
    harness.run();
    assert_eq!(harness.state().panels_open(), (true, false));
    harness.get_by_label("设施列表");
}

#[test]
fn ctrl_b_and_ctrl_j_fold_the_panels_away_and_back() {
    let mut harness = harness_at([1400.0, 900.0], 1.0);
    assert_eq!(harness.state().panels_open(), (true, true));
    let wide_map = harness.state().map_rect().unwrap().width();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::J);
    harness.run();
    assert_eq!(harness.state().panels_open(), (false, false));
    assert!(harness.state().map_rect().unwrap().width() > wide_map + 400.0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    harness.run();
    assert_eq!(harness.state().panels_open(), (true, false));
}

#[test]
fn in_a_medium_window_the_details_take_the_list_s_place_and_give_it_back() {
    let mut harness = harness_at([1024.0, 640.0], 1.0);
    assert_eq!(harness.state().panels_open(), (true, false));
    select(&mut harness, "school-post-04");
    assert_eq!(harness.state().panels_open(), (false, true));
    harness.get_by_label("关闭 Close").click();
    harness.run();
    assert_eq!(harness.state().selected_id(), None);
    assert_eq!(harness.state().panels_open(), (true, false));
}

#[test]
fn the_map_buttons_keep_one_line_each_in_every_language() {
    for language in [Language::Both, Language::Chinese, Language::English] {
        let mut harness = harness_at([800.0, 600.0], 1.0);
        let mut view = harness.state().view().clone();
        view.language = language;
        harness.state_mut().set_view(view);
        harness.run();
        let labels: &[&str] = match language {
            Language::Both => &[
                "放大 +",
                "缩小 -",
                "全区 District",
                "此处附近 Nearby",
                "设施 Facilities",
            ],
            Language::Chinese => &["放大 +", "缩小 -", "全区", "此处附近", "设施"],
            Language::English => &["Zoom in", "Zoom out", "District", "Nearby", "Facilities"],
        };
        let heights: Vec<f32> = labels
            .iter()
            .map(|label| {
                harness
                    .get_by_role_and_label(Role::Button, label)
                    .rect()
                    .height()
            })
            .collect();
        let one_line = heights.iter().copied().fold(f32::INFINITY, f32::min);
        for (label, height) in labels.iter().zip(&heights) {
            assert!(
                *height < one_line * 1.5,
                "{language:?}: \"{label}\" wraps ({height} px, one line is {one_line})"
            );
        }
    }
}

#[test]
fn a_selection_keeps_its_details_when_the_window_is_made_medium() {
    let mut harness = harness_at([1280.0, 800.0], 1.0);
    select(&mut harness, "school-post-01");
    harness.set_size(egui::vec2(1024.0, 640.0));
    harness.run();
    assert_eq!(harness.state().panels_open(), (false, true));
    harness.get_by_label("详情 Details");
}

#[test]
fn at_1280_the_list_and_the_sheet_both_have_their_width() {
    let harness = harness_at([1280.0, 800.0], 1.0);
    let map = harness.state().map_rect().unwrap();
    assert!(
        map.left() > 2.0 * 200.0,
        "the list and the sheet are beside the map: {map:?}"
    );
    assert!(map.width() >= 0.5 * 1280.0, "{map:?}");
}

#[test]
fn at_800_by_600_the_sheet_tabs_sit_clear_of_the_close_button_and_switch_to_the_article() {
    let mut harness = harness_at([800.0, 600.0], 1.0);
    select(&mut harness, "school-post-01");
    let close = harness.get_by_label("关闭 Close").rect();
    let details = harness.get_by_label("详情 Details").rect();
    let article = harness.get_by_label("原文 Source article").rect();
    for (name, tab) in [("details", details), ("article", article)] {
        assert!(
            !tab.intersects(close),
            "the {name} tab {tab:?} runs under the close button {close:?}"
        );
    }
    let sheet_right = harness.state().map_rect().unwrap().left();
    assert!(
        article.right() <= sheet_right + 0.5,
        "the article tab {article:?} ends inside the sheet (map starts at {sheet_right})"
    );
    harness.get_by_label("原文 Source article").click();
    harness.run();
    harness.get_by_label("恪守纪律严作风 履职尽责勇担当");
}
