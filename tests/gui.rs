//! GUI tests: drive the whole app headless with egui_kittest, as a user would — click markers,
//! checkboxes, list rows and article mentions, and assert what appears on screen.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{
    AppHarness, TempDir, WINDOW_SIZE, build, click, click_at, click_button_at, harness,
    harness_for, harness_with, look_at, moment, retype, select, window,
};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, SelectionOrigin, ViewCommand};
use zhongzhan_map::model::{Category, FacilityId};

/// Scrolls the article to a mention link and clicks it, as a reader would.
fn click_mention(harness: &mut AppHarness, mention: &str) {
    harness
        .get_by_role_and_label(Role::Link, mention)
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::Link, mention).click();
    harness.run();
}

/// A point on the map far (on screen) from every facility symbol.
fn empty_map_position(harness: &AppHarness) -> egui::Pos2 {
    let map_rect = harness.state().map_rect().unwrap();
    let map_left = harness.get_by_label("放大 +").rect().left() - 10.0;
    let map_right = map_rect.right() - 20.0;
    let symbol_centres: Vec<egui::Pos2> = harness
        .state()
        .catalog()
        .facilities()
        .iter()
        .filter_map(|f| {
            let label = f.label();
            harness
                .query_by_role_and_label(Role::Button, &label)
                .map(|node| node.rect().center())
        })
        .collect();
    let mut best = (0.0_f32, egui::pos2(map_left + 60.0, 300.0));
    for step_x in 1..10 {
        for step_y in 3..10 {
            let candidate = egui::pos2(
                map_left + (map_right - map_left) * step_x as f32 / 10.0,
                WINDOW_SIZE[1] * step_y as f32 / 10.0,
            );
            let clearance = symbol_centres
                .iter()
                .map(|c| c.distance(candidate))
                .fold(f32::INFINITY, f32::min);
            if clearance > best.0 {
                best = (clearance, candidate);
            }
        }
    }
    assert!(best.0 > 60.0, "no empty spot on the map: {best:?}");
    best.1
}

/// Cluster badges on screen: their accessible labels ("12 个设施 facilities: …").
fn cluster_labels(harness: &AppHarness) -> Vec<String> {
    harness
        .query_all_by_role(Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| label.contains(" 个设施 facilities: "))
        .collect()
}

/// How many facilities the cluster badges on screen stand for.
fn cluster_member_count(harness: &AppHarness) -> usize {
    cluster_labels(harness)
        .iter()
        .filter_map(|label| label.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

/// Clicks the cluster badges holding `category` (which zoom in to their members) until the
/// symbol `label` shows.
fn reveal_symbol(harness: &mut AppHarness, label: &str, category: Category) {
    for _ in 0..6 {
        if harness
            .query_by_role_and_label(Role::Button, label)
            .is_some()
        {
            return;
        }
        let Some(badge) = cluster_labels(harness)
            .into_iter()
            .find(|l| l.contains(category.name_zh()))
        else {
            let buttons: Vec<String> = harness
                .query_all_by_role(Role::Button)
                .filter_map(|n| n.accesskit_node().label())
                .collect();
            eprintln!(
                "no badge holds {label}: zoom {} buttons {buttons:?}",
                harness.state().view().map_memory.zoom()
            );
            return;
        };
        harness.get_by_role_and_label(Role::Button, &badge).click();
        harness.run();
    }
}

#[test]
fn the_app_starts_offline_with_a_marker_for_every_facility() {
    let harness = harness();
    assert_eq!(harness.state().load_error(), None);
    let catalog = harness.state().catalog();
    assert_eq!(catalog.len(), 44);
    let on_map = catalog
        .facilities()
        .iter()
        .filter(|f| {
            harness
                .query_by_role_and_label(Role::Button, &f.label())
                .is_some()
        })
        .count();
    let in_clusters = cluster_member_count(&harness);
    assert_eq!(
        on_map + in_clusters,
        catalog.len(),
        "every facility has a clickable symbol or is counted in a cluster badge"
    );
    assert!(
        on_map > catalog.len() / 2,
        "only overlapping symbols merge: {on_map}"
    );
    // Legend with counts from the article.
    for label in [
        "城管服务站 Service station (1)",
        "护学岗 School guard post (16)",
        "瓜果疏导区 Fruit-vendor area (10)",
        "临时便民销售点 Temporary sales point (10)",
    ] {
        harness.get_by_label(label);
    }
    // The article is there, in Chinese.
    harness.get_by_label("恪守纪律严作风 履职尽责勇担当");
}

#[test]
fn clicking_a_marker_shows_its_details_card_with_provenance() {
    let mut harness = harness();
    look_at(&mut harness, "service-station-01");
    assert!(harness.query_by_label("详情 Details").is_none());

    harness
        .get_by_role_and_label(Role::Button, "城管服务站 Urban-management service station")
        .click();
    harness.run();

    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("service-station-01")
    );
    harness.get_by_label("详情 Details");
    harness.get_by_label("位置精度 Precision: 示意位置 illustrative");
    harness.get_by_label("“设置16处护学岗、10处瓜果疏导区、10处临时便民销售点及1处城管服务站”");
    harness.get_by_label_contains("° E, ");
}

#[test]
fn clicking_an_area_symbol_selects_the_area() {
    let mut harness = harness();
    look_at(&mut harness, "night-market-xuheng-square");
    harness
        .get_by_role_and_label(
            Role::Button,
            "许衡文化广场夜经济 Xuheng Cultural Square night market",
        )
        .click();
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("night-market-xuheng-square")
    );
    harness.get_by_label_contains("面积约");
}

#[test]
fn unticking_school_posts_hides_their_markers_and_list_rows() {
    let mut harness = harness();
    let school_post = "护学岗 01 School guard post 01";
    harness.get_by_role_and_label(Role::Button, school_post);
    harness.get_by_role_and_label(Role::ListItem, school_post);

    click(&mut harness, "护学岗 School guard post (16)");

    assert!(
        !harness
            .state()
            .view()
            .filter
            .is_visible(Category::SchoolPost)
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, school_post)
            .is_none()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::ListItem, school_post)
            .is_none()
    );
    harness.get_by_label_contains("显示 28 / 44 处");

    click(&mut harness, "全部 All");
    harness.get_by_role_and_label(Role::Button, school_post);
}

#[test]
fn none_hides_every_marker_and_the_list_says_so() {
    let mut harness = harness();
    click(&mut harness, "全不选 None");
    let markers = harness
        .state()
        .catalog()
        .facilities()
        .iter()
        .filter(|f| {
            harness
                .query_by_role_and_label(Role::Button, &f.label())
                .is_some()
        })
        .count();
    assert_eq!(markers, 0);
    harness.get_by_label_contains("No facilities shown");
}

#[test]
fn clicking_an_article_mention_highlights_its_facilities() {
    let mut harness = harness();
    click_mention(&mut harness, "16处护学岗");
    assert_eq!(harness.state().focused_mention(), Some("16处护学岗"));
    harness.get_by_label("“16处护学岗”");
    harness.get_by_label_contains("16 处 / 16 on the map");
}

#[test]
fn clicking_a_single_place_mention_selects_that_facility() {
    let mut harness = harness();
    click_mention(&mut harness, "福多多小区");
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("water-supply-fuduoduo")
    );
    harness.get_by_label("福多多小区供水改造");
}

#[test]
fn a_mention_turns_its_hidden_category_back_on() {
    let mut harness = harness();
    click(&mut harness, "全不选 None");
    click_mention(&mut harness, "10处瓜果疏导区");
    assert!(
        harness
            .state()
            .view()
            .filter
            .is_visible(Category::FruitVendorArea)
    );
    harness.get_by_role_and_label(
        Role::ListItem,
        "瓜果疏导区 01 Fruit-vendor diversion area 01",
    );
}

#[test]
fn selecting_in_the_list_selects_and_pans_the_map() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::ListItem, "护学岗 03 School guard post 03")
        .click();
    harness.run();
    let app = harness.state();
    let selected = app.selected_id().map(FacilityId::as_str);
    assert_eq!(selected, Some("school-post-03"));
    let facility = app
        .catalog()
        .by_id(&FacilityId("school-post-03".into()))
        .unwrap();
    let centre = app.view().map_memory.detached().unwrap();
    let anchor = facility.geometry.anchor();
    // Centred on it, shifted only sideways if the details card would cover it.
    assert!((centre.y() - anchor.y()).abs() < 1e-9);
    assert!((centre.x() - anchor.x()).abs() < 0.01);
    harness.get_by_label("详情 Details");
}

#[test]
fn clicking_empty_map_clears_the_selection() {
    let mut harness = harness();
    look_at(&mut harness, "school-post-05");
    harness
        .get_by_role_and_label(Role::Button, "护学岗 05 School guard post 05")
        .click();
    harness.run();
    assert!(harness.state().selected_id().is_some());

    let empty = empty_map_position(&harness);
    click_at(&mut harness, empty);
    assert_eq!(harness.state().selected_id(), None);
    assert!(harness.query_by_label("详情 Details").is_none());
}

#[test]
fn a_malformed_data_file_shows_an_error_and_is_left_untouched() {
    let dir = TempDir::new("gui-broken");
    let path = dir.join("broken.geojson");
    let broken = "{\"type\": \"FeatureCollection\", \"features\": [";
    std::fs::write(&path, broken).unwrap();

    let mut harness = harness_with(DataSource::File(path.clone()));
    harness.get_by_label("无法读取数据文件 Could not load the data file");
    harness.get_by_label_contains("broken.geojson is not valid GeoJSON");
    assert!(harness.state().catalog().is_empty());
    // The empty list points at the message, not at the filter.
    harness.get_by_label_contains("The data file could not be read");
    assert!(
        harness
            .query_by_label_contains("check the filter")
            .is_none()
    );

    click(&mut harness, "改用内置数据 Use bundled data");
    assert_eq!(harness.state().catalog().len(), 44);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn an_empty_data_file_opens_and_its_list_says_it_has_no_facilities_yet() {
    let dir = TempDir::new("gui-empty");
    let path = dir.join("empty.geojson");
    std::fs::write(&path, r#"{"type": "FeatureCollection", "features": []}"#).unwrap();
    let harness = harness_with(DataSource::File(path));
    assert!(harness.state().catalog().is_empty());
    harness.get_by_label_contains("This data has no facilities yet");
    assert!(
        harness
            .query_by_label_contains("check the filter")
            .is_none()
    );
    assert!(harness.query_by_label_contains("Could not load").is_none());
}

#[test]
fn a_missing_data_file_names_the_file() {
    let harness = harness_with(DataSource::File("/nonexistent/facilities.geojson".into()));
    harness.get_by_label_contains("cannot read /nonexistent/facilities.geojson");
}

#[test]
fn whole_window_snapshot() {
    let mut harness = build(window().wgpu(), MapApp::new(DataSource::Bundled, None));
    // A fixed moment, so opening hours grey the same symbols on every run: a Tuesday morning
    // after the school rush (school posts closed, fruit areas open).
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::SetAsOf(Some(moment(
            "2024-10-08 10:00",
        )))));
    harness.run();
    click_mention(&mut harness, "16处护学岗");
    harness.snapshot("whole_window");
}

#[test]
fn at_a_chosen_time_closed_facilities_are_greyed_and_open_now_hides_them() {
    let mut harness = harness();
    // Tuesday 07:30: school posts open for the morning rush; the night market is closed.
    retype(&mut harness, "查看时间 As of", "2024-10-08 07:30");
    assert_eq!(harness.state().moment(), moment("2024-10-08 07:30"));
    harness.get_by_label_contains("处关闭 · ");
    click(&mut harness, "只看开放中 Open now only");
    let listed = |harness: &AppHarness, label: &str| {
        harness
            .query_by_role_and_label(Role::ListItem, label)
            .is_some()
    };
    assert!(listed(&harness, "护学岗 01 School guard post 01"));
    let night_market = harness
        .state()
        .catalog()
        .facilities()
        .iter()
        .find(|f| f.category == Category::NightMarket)
        .unwrap()
        .label();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, &night_market)
            .is_none(),
        "closed at 07:30, so hidden by the open-now filter"
    );

    // Tuesday 22:00: the night market is open, school posts are closed.
    retype(&mut harness, "查看时间 As of", "2024-10-08 22:00");
    assert!(!listed(&harness, "护学岗 01 School guard post 01"));
    click(&mut harness, "只看开放中 Open now only");
    assert!(
        listed(&harness, "护学岗 01 School guard post 01"),
        "greyed but listed"
    );
    select(&mut harness, "school-post-01");
    harness.get_by_label_contains("已关闭，明天 07:00 开放 · closed, opens tomorrow 07:00");
    // The times in words, not the raw opening_hours syntax.
    harness.get_by_label("明天 07:00–08:30, 11:30–12:30, 17:00–18:00 · tomorrow 07:00–08:30, 11:30–12:30, 17:00–18:00");
    harness.get_by_label_contains("示意：文章未给出时间");
    click(&mut harness, "回到现在 Back to now");
    assert!(harness.query_by_label("回到现在 Back to now").is_none());
}

#[test]
fn in_golden_week_a_school_post_is_closed_and_on_the_make_up_saturday_it_opens() {
    let mut harness = harness();
    // Thursday 2024-10-03, National Day holiday: "PH off" closes the school posts.
    retype(&mut harness, "查看时间 As of", "2024-10-03 07:30");
    select(&mut harness, "school-post-01");
    harness.get_by_label("今天 国庆节（节假日） · today: National Day (public holiday)");
    harness.get_by_label("今天 不开放 · today closed");
    // It opens again after the holiday, on Tuesday 2024-10-08.
    harness.get_by_label("已关闭，周二 07:00 开放 · closed, opens Tue 07:00");
    // Saturday 2024-10-12, a make-up working day: Monday's guard times.
    retype(&mut harness, "查看时间 As of", "2024-10-12 07:30");
    select(&mut harness, "school-post-01");
    harness.get_by_label("今天 调休上班（按周一时间） · today: make-up working day (Monday hours)");
    harness.get_by_label(
        "今天 07:00–08:30, 11:30–12:30, 17:00–18:00 · today 07:00–08:30, 11:30–12:30, 17:00–18:00",
    );
    harness.get_by_label("开放中，至 今天 08:30 · open until today 08:30");
}

#[test]
fn hovering_a_marker_shows_a_tooltip_with_its_precision() {
    let mut harness = harness();
    look_at(&mut harness, "water-supply-fuduoduo");
    harness
        .get_by_role_and_label(
            Role::Button,
            "福多多小区供水改造 Fuduoduo estate water supply",
        )
        .hover();
    // Tooltips appear after a short delay.
    harness.run_steps(30);
    harness.get_by_label("位置 Position: 示意位置 illustrative");
}

#[test]
fn selecting_on_the_map_scrolls_the_list_to_the_facility() {
    let mut harness = harness();
    let row = "护学岗 16 School guard post 16";
    assert!(
        harness
            .query_by_role_and_label(Role::ListItem, row)
            .is_none(),
        "row 17 starts below the fold"
    );
    look_at(&mut harness, "school-post-16");
    harness.get_by_role_and_label(Role::Button, row).click();
    harness.run();
    harness.get_by_role_and_label(Role::ListItem, row);
}

#[test]
fn sorting_by_name_reorders_the_list() {
    let mut harness = harness();
    let sales_point = "瓜果疏导区 01 Fruit-vendor diversion area 01";
    assert!(
        harness
            .query_by_role_and_label(Role::ListItem, sales_point)
            .is_none()
    );
    click(&mut harness, "名称 Name");
    // In pinyin order 城 cheng, 福 fu, 瓜 gua come before 护 hu: the fruit areas move up from
    // below the sixteen school posts (in code-point order 临 would lead and 瓜 trail).
    harness.get_by_role_and_label(Role::ListItem, sales_point);
    click(&mut harness, "名称 Name (升序 asc)");
    harness.get_by_label("名称 Name (降序 desc)");
    assert!(
        harness
            .query_by_role_and_label(Role::ListItem, sales_point)
            .is_none()
    );
}

#[test]
fn clicking_inside_an_area_away_from_its_symbol_selects_the_area() {
    let mut harness = harness();
    look_at(&mut harness, "night-market-xuheng-square");
    let label = "许衡文化广场夜经济 Xuheng Cultural Square night market";
    let symbol = harness.get_by_role_and_label(Role::Button, label).rect();
    // The view is fitted to the square, which fills most of the map: 60 px off the symbol is
    // still inside it.
    let inside = symbol.center() + egui::vec2(60.0, 40.0);
    click_at(&mut harness, inside);
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("night-market-xuheng-square")
    );
}

#[test]
fn escape_clears_the_selection() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::ListItem, "护学岗 02 School guard post 02")
        .click();
    harness.run();
    assert!(harness.state().selected_id().is_some());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().selected_id(), None);
}

#[test]
fn every_kind_of_facility_can_be_clicked_and_shows_its_card() {
    let mut harness = harness();
    for category in Category::ALL {
        let (id, label, name_zh) = {
            let facility = harness
                .state()
                .catalog()
                .facilities()
                .iter()
                .find(|f| f.category == category)
                .unwrap();
            (
                facility.id.clone(),
                facility.label(),
                facility.name_zh.clone(),
            )
        };
        look_at(&mut harness, id.as_str());
        reveal_symbol(&mut harness, &label, category);
        harness.get_by_role_and_label(Role::Button, &label).click();
        harness.run();
        assert_eq!(harness.state().selected_id(), Some(&id), "{category:?}");
        harness.get_by_role_and_label(Role::Label, &name_zh);
        harness.get_by_label_contains("示意位置 illustrative");
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
}

#[test]
fn clicking_a_cluster_zooms_to_its_members_and_filters_update_its_count() {
    let mut harness = harness();
    click(&mut harness, "全区 District");
    let badges = cluster_labels(&harness);
    let badge = badges
        .iter()
        .max_by_key(|l| l.split(' ').next().and_then(|n| n.parse::<usize>().ok()))
        .expect("at district zoom some symbols overlap")
        .clone();
    let zoom_before = harness.state().view().map_memory.zoom();
    let total_before = cluster_member_count(&harness);
    // Hiding school posts shrinks the badges at once (no rebuild of the index).
    click(&mut harness, "护学岗 School guard post (16)");
    let total_hidden = cluster_member_count(&harness);
    assert!(
        cluster_labels(&harness)
            .iter()
            .all(|l| !l.contains("护学岗")),
        "{:?}",
        cluster_labels(&harness)
    );
    assert!(
        total_hidden < total_before,
        "{total_hidden} < {total_before}"
    );
    click(&mut harness, "护学岗 School guard post (16)");
    assert_eq!(cluster_member_count(&harness), total_before);

    harness.get_by_role_and_label(Role::Button, &badge).click();
    harness.run();
    assert!(
        harness.state().view().map_memory.zoom() > zoom_before,
        "clicking a cluster zooms in"
    );
}

#[test]
fn starting_with_a_category_shows_only_that_category() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    app.push_command(Command::View(ViewCommand::ShowOnlyCategory(
        Category::FruitVendorArea,
    )));
    let harness = harness_for(app);
    harness.get_by_label_contains("显示 10 / 44 处");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "城管服务站 Urban-management service station")
            .is_none()
    );
    harness.get_by_role_and_label(Role::Button, "瓜果疏导区 01 Fruit-vendor diversion area 01");
}

#[test]
fn starting_with_a_selection_opens_its_card() {
    let mut app = MapApp::new(DataSource::Bundled, None);
    app.push_command(Command::View(ViewCommand::Select(
        FacilityId("sedimentation-pond-lianshen-river".into()),
        SelectionOrigin::List,
    )));
    let harness = harness_for(app);
    harness.get_by_label("详情 Details");
    harness.get_by_role_and_label(Role::Label, "涟深河沉淀池");
    harness.get_by_label_contains("清淤160立方米，疏通浇灌两侧田地200亩，提升");
}

#[test]
fn the_selected_marker_is_not_hidden_by_the_details_card() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::ListItem, "护学岗 04 School guard post 04")
        .click();
    harness.run();
    // The details are in the sheet beside the map; the marker is on the map, clear of it.
    let card = harness.get_by_label("详情 Details").rect();
    let map = harness.state().map_rect().unwrap();
    let marker = harness
        .get_by_role_and_label(Role::Button, "护学岗 04 School guard post 04")
        .rect();
    assert!(
        map.contains_rect(marker) && card.right() < map.left(),
        "marker {marker:?}, map {map:?}, card {card:?}"
    );
}

#[test]
fn searching_by_pinyin_initials_lists_the_school_posts_and_enter_selects() {
    let mut harness = harness();
    let search = harness.get_by_label("搜索 Search");
    search.focus();
    search.type_text("hxg");
    harness.run();
    harness.get_by_label("Results (16)");
    assert!(
        harness
            .query_by_role_and_label(
                Role::ListItem,
                "城管服务站 Urban-management service station"
            )
            .is_none()
    );
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("school-post-02")
    );
    harness.get_by_label("详情 Details");
}

#[test]
fn searching_in_english_and_chinese_finds_the_night_market() {
    let mut harness = harness();
    for query in ["night market", "许衡"] {
        let search = harness.get_by_label("搜索 Search");
        search.focus();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.get_by_label("搜索 Search").type_text(query);
        harness.run();
        harness.get_by_label("Results (1)");
        harness.get_by_role_and_label(
            Role::ListItem,
            "许衡文化广场夜经济 Xuheng Cultural Square night market",
        );
    }
}

#[test]
fn nearby_at_the_map_centre_lists_the_nearest_of_every_category() {
    let mut harness = harness();
    look_at(&mut harness, "service-station-01");
    click(&mut harness, "此处附近 Nearby");
    harness.get_by_label("附近 Nearby");
    harness.get_by_label("此处不在瓜果疏导区内。Not inside a fruit-vendor area.");
    harness.get_by_label_contains("参考点 Reference: ");
    // The service station itself is at the reference point: "here", not "0 m · 1 min walk".
    let rows = harness.get_all_by_label_contains(" min walk").count();
    harness.get_by_label("就在此处 here");
    assert_eq!(rows + 1, Category::ALL.len());
    // Choosing a row selects that facility.
    harness
        .get_by_role_and_label(Role::Link, "福多多小区供水改造")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("water-supply-fuduoduo")
    );
}

#[test]
fn right_clicking_inside_a_vendor_area_says_so() {
    let mut harness = harness();
    look_at(&mut harness, "fruit-vendor-area-01");
    let symbol = harness
        .get_by_role_and_label(Role::Button, "瓜果疏导区 01 Fruit-vendor diversion area 01")
        .rect();
    // The symbol sits on a point inside the area.
    click_button_at(
        &mut harness,
        symbol.center(),
        egui::PointerButton::Secondary,
    );
    harness.get_by_label("附近 Nearby");
    harness.get_by_label("此处在瓜果疏导区 01内。Inside Fruit-vendor diversion area 01.");
    click(&mut harness, "关闭 Close");
    assert!(harness.query_by_label("附近 Nearby").is_none());
}

/// Opens a file dialog from the export menu, types `path` and confirms.
fn export_via_menu(harness: &mut AppHarness, item: &str, path: &std::path::Path) {
    click(harness, "导出/打印 Export/print");
    click(harness, item);
    harness.get_by_label("文件路径 File path").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("文件路径 File path")
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("确定 OK").click();
}

#[test]
fn the_map_view_exports_as_a_png_poster_with_title_and_legend() {
    let dir = TempDir::new("gui-poster");
    let path = dir.join("poster.png");
    let mut harness = build(window().wgpu(), MapApp::new(DataSource::Bundled, None));
    harness.run();
    export_via_menu(&mut harness, "地图图片 Map picture (PNG)", &path);
    // The overlay is drawn (after egui's sizing pass) before the picture is taken.
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label("中站区便民服务设施 Zhongzhan District civic services");
    harness.get_by_label("图例 Legend");
    assert!(
        harness.query_by_label("放大 +").is_none(),
        "map controls are hidden on the poster"
    );
    for _ in 0..10 {
        harness.step();
    }
    harness.run();
    let png = image::open(&path).unwrap().to_rgba8();
    let (width, height) = png.dimensions();
    assert!(
        width > 500 && height > 700,
        "the map part: {width}x{height}"
    );
    assert!(width < WINDOW_SIZE[0] as u32, "panels are cropped away");
    harness.get_by_label_contains("Map picture saved");
    if let Ok(keep) = std::env::var("KEEP_POSTER") {
        std::fs::copy(&path, keep).ok();
    }
    harness.get_by_label("放大 +");
}

#[test]
fn a_printable_sheet_lists_every_shown_facility_by_category() {
    let dir = TempDir::new("gui-sheet");
    let path = dir.join("sheet.html");
    let mut harness = build(window().wgpu(), MapApp::new(DataSource::Bundled, None));
    harness.run();
    click(&mut harness, "护学岗 School guard post (16)");
    export_via_menu(&mut harness, "打印清单 Printable sheet (HTML)", &path);
    // The map picture is taken first (as for the PNG poster), then the page is written.
    for _ in 0..13 {
        harness.step();
    }
    harness.run();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("<img class=\"map\" src=\"sheet.html.map.png\""),
        "the sheet shows the map view"
    );
    let picture = image::open(dir.join("sheet.html.map.png")).unwrap();
    assert!(picture.width() > 500, "the map part of the window");
    assert_eq!(html.matches("<section>").count(), Category::ALL.len() - 1);
    assert!(
        !html.contains("School guard post (16)"),
        "hidden category left out"
    );
    assert!(html.contains("城管服务站"));
    harness.get_by_label_contains("Printable sheet written");
}

/// Presses Tab until the widget `label` has the keyboard focus (as a keyboard user would).
fn tab_to(harness: &mut AppHarness, label: &str) {
    for _ in 0..120 {
        if harness
            .query_by_label(label)
            .is_some_and(|node| node.is_focused())
        {
            return;
        }
        harness.key_press(egui::Key::Tab);
        harness.run();
    }
    panic!("{label} cannot be reached with Tab");
}

#[test]
fn a_keyboard_user_finds_a_facility_and_what_is_near_it_without_the_map() {
    let mut harness = harness();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    assert!(
        harness.get_by_label("搜索 Search").is_focused(),
        "Ctrl+F focuses search"
    );
    harness.get_by_label("搜索 Search").type_text("fdd");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("water-supply-fuduoduo")
    );
    tab_to(&mut harness, "附近设施 Nearby from here");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("附近 Nearby");
    assert!(
        harness.query_all_by_label_contains("步行约").count() >= 8,
        "a nearest facility with walking time for each kind"
    );
}

#[test]
fn facilities_on_the_same_spot_fan_out_at_the_highest_zoom() {
    let dir = TempDir::new("gui-fan");
    let path = dir.join("same-spot.geojson");
    let feature = |id: &str, name: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","category":"convenience-sales-point","name_zh":"{name}","name_en":"{id}"}},"geometry":{{"type":"Point","coordinates":[113.1765,35.2372]}}}}"#
        )
    };
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            feature("a", "甲"),
            feature("b", "乙"),
            feature("c", "丙")
        ),
    )
    .unwrap();
    let mut harness = harness_with(DataSource::File(path));
    // Zoom in as far as the map goes.
    for _ in 0..12 {
        click(&mut harness, "放大 +");
    }
    let centres: Vec<egui::Pos2> = ["甲 a", "乙 b", "丙 c"]
        .iter()
        .map(|label| {
            harness
                .get_by_role_and_label(Role::Button, label)
                .rect()
                .center()
        })
        .collect();
    for (i, a) in centres.iter().enumerate() {
        for b in centres.iter().skip(i + 1) {
            assert!(a.distance(*b) > 15.0, "fanned out apart: {centres:?}");
        }
    }
}

#[test]
fn an_article_link_reached_with_tab_is_scrolled_into_view() {
    let mut harness = harness();
    // The last mentions sit far below the first screen of the article.
    tab_to(&mut harness, "涟深河沉淀池");
    let link = harness.get_by_label("涟深河沉淀池").rect();
    let sheet_bottom = harness
        .state()
        .map_rect()
        .map_or(f32::MAX, |map| map.bottom());
    assert!(
        link.bottom() <= sheet_bottom && link.top() >= 0.0,
        "the focused link {link:?} is on screen"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(FacilityId::as_str),
        Some("sedimentation-pond-lianshen-river"),
        "Enter opens the facility the focused link names"
    );
}

#[test]
fn a_new_search_shows_its_results_from_the_top_of_the_list() {
    let mut harness = harness();
    // The user scrolls the list far down with the wheel first.
    let over_list = harness
        .query_all_by_label("护学岗 01 School guard post 01")
        .map(|node| node.rect())
        .find(|rect| rect.left() < 300.0)
        .expect("the row in the list")
        .center();
    harness.event(egui::Event::PointerMoved(over_list));
    for _ in 0..30 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    }
    harness.run();
    assert!(
        harness
            .query_all_by_label("护学岗 01 School guard post 01")
            .all(|node| node.rect().left() > 300.0 || node.rect().top() < 600.0),
        "the list was scrolled away from its first rows"
    );
    harness.get_by_label("搜索 Search").focus();
    harness.run();
    harness.get_by_label("搜索 Search").type_text("护学岗");
    harness.run();
    let search_box = harness.get_by_label("搜索 Search").rect();
    let first = harness
        .query_all_by_label_contains("护学岗 01")
        .map(|node| node.rect())
        .find(|rect| rect.left() < search_box.right())
        .expect("the first result is in the list");
    assert!(
        first.top() > search_box.bottom() && first.top() < search_box.bottom() + 120.0,
        "the first result {first:?} sits right below the search box {search_box:?}"
    );
}
