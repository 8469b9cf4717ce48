//! GUI tests of the interface languages, driven as a user would: click 中文, English or
//! 中英 Both in the top bar and read what the buttons, checkboxes, headings and cards say; the
//! choice survives a restart; every wording of the table renders in the bundled fonts.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{AppHarness, harness, harness_for, select, with_fonts};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use zhongzhan_map::app::{DataSource, MapApp, PersistedView};
use zhongzhan_map::command::{Command, EditCommand};
use zhongzhan_map::i18n::{self, Language, Text};
use zhongzhan_map::model::{Category, FacilityId};

/// Clicks the language switch's button for `language` (named in its own language).
fn switch_to(harness: &mut AppHarness, language: Language) {
    harness
        .get_by_role_and_label(Role::Button, language.native_name())
        .click();
    harness.run();
    assert_eq!(harness.state().language(), language);
}

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

fn has_latin_word(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word.len() >= 2)
}

/// Labels of every button and checkbox on screen, except the language switch's own buttons
/// (each named in its own language on purpose).
fn control_labels(harness: &AppHarness) -> Vec<String> {
    let switch: Vec<&str> = Language::ALL.iter().map(|l| l.native_name()).collect();
    harness
        .query_all_by_role(Role::Button)
        .chain(harness.query_all_by_role(Role::CheckBox))
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| !switch.contains(&label.as_str()))
        .collect()
}

#[test]
fn english_shows_english_labels_and_no_chinese_on_the_controls() {
    let mut harness = harness();
    switch_to(&mut harness, Language::English);
    harness.get_by_role_and_label(Role::Button, "Zoom in");
    harness.get_by_role_and_label(Role::Button, "District");
    harness.get_by_role_and_label(Role::Button, "Edit");
    harness.get_by_label("Legend & filter");
    harness.get_by_label("School guard post (16)");
    harness.get_by_label("Fruit-vendor area (10)");
    harness.get_by_label_contains("44 of 44 shown");
    harness.get_by_label("Facilities (44)");
    harness.get_by_label("Source article");
    let chinese: Vec<String> = control_labels(&harness)
        .into_iter()
        .filter(|label| has_chinese(label))
        .collect();
    assert!(
        chinese.is_empty(),
        "Chinese on English controls: {chinese:?}"
    );
    assert!(harness.query_by_label("放大 +").is_none());
    assert!(harness.query_by_label("图例与筛选").is_none());
}

#[test]
fn chinese_shows_chinese_labels_and_no_english_on_the_controls() {
    let mut harness = harness();
    switch_to(&mut harness, Language::Chinese);
    harness.get_by_role_and_label(Role::Button, "放大 +");
    harness.get_by_role_and_label(Role::Button, "全区");
    harness.get_by_role_and_label(Role::Button, "编辑");
    harness.get_by_label("图例与筛选");
    harness.get_by_label("护学岗 (16)");
    harness.get_by_label("显示 44 / 44 处");
    harness.get_by_label("设施列表（44）");
    // Names of places and products are not English wording.
    let proper_names = ["OpenStreetMap", "PMTiles 文件"];
    let english: Vec<String> = control_labels(&harness)
        .into_iter()
        .filter(|label| has_latin_word(label) && !proper_names.contains(&label.as_str()))
        .collect();
    assert!(
        english.is_empty(),
        "English on Chinese controls: {english:?}"
    );
    assert!(harness.query_by_label("Legend & filter").is_none());
    assert!(
        harness
            .query_by_label_contains("School guard post")
            .is_none()
    );
}

#[test]
fn in_english_facilities_are_named_in_english_first() {
    let mut harness = harness();
    switch_to(&mut harness, Language::English);
    harness
        .get_by_role_and_label(Role::ListItem, "School guard post 03")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selected_id(),
        Some(&FacilityId("school-post-03".into()))
    );
    harness.get_by_label("Details");
    // The card: English name as its heading, the Chinese one beneath, English field names.
    let heading = harness
        .get_by_role_and_label(Role::Label, "School guard post 03")
        .rect();
    let beneath = harness
        .get_by_role_and_label(Role::Label, "护学岗 03")
        .rect();
    assert!(beneath.top() > heading.top(), "{heading:?} {beneath:?}");
    harness.get_by_label("Coordinates");
    harness.get_by_label("Provenance");
    harness.get_by_label("Precision: illustrative");
    harness.get_by_label("Show in article");
    // The article (the sheet's other tab) stays the Chinese source.
    harness.get_by_label("Source article").click();
    harness.run();
    harness.get_by_label("恪守纪律严作风 履职尽责勇担当");
    harness.get_by_role_and_label(Role::Link, "16处护学岗");
}

#[test]
fn in_chinese_the_card_and_the_nearby_card_are_chinese() {
    let mut harness = harness();
    switch_to(&mut harness, Language::Chinese);
    select(&mut harness, "school-post-03");
    harness.get_by_label("详情");
    harness.get_by_role_and_label(Role::Label, "护学岗 03");
    harness.get_by_label("位置精度：示意位置");
    assert!(
        harness
            .query_by_label_contains("School guard post")
            .is_none()
    );
    harness
        .get_by_role_and_label(Role::Button, "此处附近")
        .click();
    harness.run();
    harness.get_by_label("附近");
    harness.get_by_label_contains("参考点：");
    assert!(harness.query_by_label_contains("min walk").is_none());
    assert!(harness.query_all_by_label_contains("步行约").count() >= 4);
}

#[test]
fn switching_applies_at_once_and_back_to_both_restores_the_bilingual_labels() {
    let mut harness = harness();
    harness.get_by_role_and_label(Role::Button, "放大 +");
    harness.get_by_label("护学岗 School guard post (16)");
    switch_to(&mut harness, Language::English);
    harness.get_by_role_and_label(Role::Button, "Zoom in");
    switch_to(&mut harness, Language::Chinese);
    harness.get_by_label("护学岗 (16)");
    switch_to(&mut harness, Language::Both);
    harness.get_by_role_and_label(Role::Button, "全区 District");
    harness.get_by_label("护学岗 School guard post (16)");
    harness.get_by_label("图例与筛选");
    harness.get_by_label("Legend & filter");
}

#[test]
fn the_language_survives_a_restart() {
    let mut harness = harness();
    switch_to(&mut harness, Language::English);
    let stored = serde_json::to_string(harness.state().view()).unwrap();
    drop(harness);

    let restored: PersistedView = serde_json::from_str(&stored).unwrap();
    let harness = harness_for(MapApp::new(DataSource::Bundled, Some(restored)));
    assert_eq!(harness.state().language(), Language::English);
    harness.get_by_role_and_label(Role::Button, "Zoom in");
    harness.get_by_label("Legend & filter");
}

#[test]
fn an_old_stored_view_without_a_language_is_bilingual() {
    // What a version before the language switch stored: today's view without `language`.
    let chosen = PersistedView {
        language: Language::English,
        open_now_only: true,
        sort_descending: true,
        ..PersistedView::default()
    };
    let mut stored = serde_json::to_value(&chosen).unwrap();
    let fields = stored.as_object_mut().unwrap();
    assert!(fields.remove("language").is_some(), "{fields:?}");
    assert!(fields.contains_key("map_memory"), "{fields:?}");
    let stored = serde_json::to_string(&stored).unwrap();

    let restored: PersistedView = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored.language, Language::Both);
    assert!(
        restored.open_now_only && restored.sort_descending,
        "the rest of the stored view is kept"
    );
    let harness = harness_for(MapApp::new(DataSource::Bundled, Some(restored)));
    assert_eq!(harness.state().language(), Language::Both);
    harness.get_by_label("图例与筛选");
    harness.get_by_label("Legend & filter");
}

#[test]
fn edit_mode_speaks_the_chosen_language_and_follows_a_switch() {
    let mut harness = harness();
    switch_to(&mut harness, Language::English);
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    harness.get_by_label("Editing");
    harness.get_by_role_and_label(Role::Button, "Add point");
    harness.get_by_role_and_label(Role::Button, "Draw area");
    harness.get_by_role_and_label(Role::Button, "Save as");
    select(&mut harness, "school-post-01");
    harness.get_by_label("Edit facility");
    harness.get_by_label("Name (Chinese) *");
    harness.get_by_label("Move School guard post 01");
    // A status message made in English reads in Chinese after switching.
    harness
        .get_by_role_and_label(Role::Button, "Draw area")
        .click();
    harness.run();
    harness
        .state_mut()
        .push_command(Command::Edit(EditCommand::FinishDraftArea));
    harness.run();
    assert_eq!(
        harness.state().edit_status(),
        Some("An area needs at least 3 different corners.")
    );
    switch_to(&mut harness, Language::Chinese);
    assert_eq!(
        harness.state().edit_status(),
        Some("区域至少需要 3 个不同的顶点。")
    );
    harness.get_by_label("编辑模式");
    harness.get_by_role_and_label(Role::Button, "画区域");
}

/// Every label of the table, every category and precision, and the messages with values, in
/// every language, as text the bundled fonts must draw.
fn every_wording(lang: Language) -> Vec<String> {
    let mut texts: Vec<String> = Text::ALL.iter().map(|t| t.tr(lang).to_owned()).collect();
    texts.extend(Language::ALL.iter().map(|l| l.native_name().to_owned()));
    for category in Category::ALL {
        texts.push(i18n::checkbox_label(category, 16, lang));
        texts.push(i18n::category_count(lang, category, 3));
        texts.push(i18n::add_point_hint(lang, category));
        texts.push(i18n::mention_members(lang, category, 16));
    }
    texts.extend([
        i18n::shown_count(lang, 28, 44),
        i18n::closed_count(lang, 3),
        i18n::unsurveyed_note(lang, 44, 44),
        i18n::list_heading(lang, true, 16).0,
        i18n::list_heading(lang, false, 44).0,
        i18n::sort_button(lang, Text::SortName, Some(Text::Descending)),
        i18n::closed_name(lang, "护学岗 01"),
        i18n::walking(lang, "1.2 km", 15),
        i18n::inside_area(lang, "瓜果疏导区 01", "Fruit-vendor area 01"),
        i18n::coordinates(lang, 113.17, 35.23, Some(Text::InsideArea)),
        i18n::line_length(lang, 850.0),
        i18n::area_size(lang, 1200.0),
        i18n::season(lang, "2024-06-01", "…"),
        i18n::unsurveyed_members(lang, 16),
        i18n::mention_hint(lang, "16处护学岗"),
        i18n::mention_continued(lang, "10处瓜果疏导区"),
        i18n::cluster_label(lang, 12, &["护学岗 x12".to_owned()]),
        i18n::cluster_heading(lang, 12),
        i18n::tile_status(lang, 3, 12),
        i18n::move_handle(lang, "护学岗 01"),
        i18n::corner_handle(lang, 1),
        i18n::midpoint_handle(lang, 2),
        i18n::shortcut_hint(lang, "Ctrl+Z", None),
        i18n::save_to(lang, "Ctrl+S", "/tmp/a.geojson"),
        i18n::draw_area_hint(lang, 2),
        i18n::file_changed_since(lang, "/tmp/a.geojson"),
        i18n::saving_would_change(lang, 3),
        i18n::edits_not_saved(lang, 2),
        i18n::recovery_found(lang, "/tmp/a.geojson", "2026-11-25 06:50 UTC"),
        i18n::differences(lang, 2),
        i18n::edit_applied(lang, "添加 add 新临时便民销售点"),
        i18n::edit_refused(lang, "x"),
        i18n::undo_failed(lang, "x"),
        i18n::recovery_unreadable(lang, "x"),
        i18n::recovery_unwritable(lang, "x"),
        i18n::cannot_edit_unloaded(lang, "x"),
        i18n::disk_file_unreadable(lang, "x"),
        i18n::save_failed(lang, "x"),
        i18n::export_failed(lang, "x"),
        i18n::import_failed(lang, "x"),
        i18n::saved(lang, 44, "/tmp/a.geojson", 5),
        i18n::exported(lang, 44, "/tmp/a.csv"),
        i18n::imported(lang, 2, "/tmp/a.csv", 1, 1),
        i18n::undone_or_redone(lang, true, "x"),
        i18n::field(lang, Text::Reference, "113.17000° E, 35.23000° N"),
        i18n::label_colon(lang, Text::SourceQuote),
    ]);
    texts
}

#[test]
fn every_wording_renders_in_the_bundled_fonts_in_every_language() {
    for lang in Language::ALL {
        let texts = every_wording(lang);
        assert!(texts.iter().all(|t| !t.trim().is_empty()), "{lang:?}");
        let shown = texts.clone();
        let mut harness = with_fonts()
            .with_size([1600.0, 4000.0])
            .build_ui(move |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for text in &shown {
                        ui.label(text);
                    }
                });
            });
        harness.run();
        let font = egui::FontId::proportional(14.0);
        let missing: Vec<(char, &String)> = harness.ctx.fonts_mut(|fonts| {
            texts
                .iter()
                .flat_map(|text| text.chars().map(move |c| (c, text)))
                .filter(|(c, _)| !c.is_whitespace() && !fonts.has_glyph(&font, *c))
                .collect()
        });
        assert!(missing.is_empty(), "{lang:?}: no glyph for {missing:?}");
    }
}
