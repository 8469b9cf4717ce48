//! One rule set, seen by a user: a data file whose facilities break the model's rules still
//! opens; the banner counts the problems, the card of the facility says what is wrong, and
//! `--check` reports the same problems with the same severities. A holidays file with bad
//! lines is named in a warning, and its good lines still count.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::fonts;
use zhongzhan_map::model::io::validate::{Severity, validate};

/// A school post with a season start that is not a date, and a fruit area drawn as a bow-tie.
const FILE: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "p1", "category": "school-post", "name_zh": "甲", "name_en": "A",
   "valid_from": "2024-13-40"},
  "geometry": {"type": "Point", "coordinates": [113.18, 35.24]}},
 {"type": "Feature", "properties": {"id": "f1", "category": "fruit-vendor-area", "name_zh": "乙", "name_en": "B"},
  "geometry": {"type": "Polygon", "coordinates": [[[113.17, 35.23], [113.18, 35.24], [113.18, 35.23], [113.17, 35.24], [113.17, 35.23]]]}}
]}"#;

#[test]
fn a_file_with_rule_problems_opens_and_names_them_like_check() {
    let dir = std::env::temp_dir().join(format!("zhongzhan-problems-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("problems.geojson");
    std::fs::write(&path, FILE).unwrap();

    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(fonts::install)
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut MapApp| app.show(ui),
            MapApp::new(DataSource::File(path.clone()), None),
        );
    harness.run();
    assert_eq!(harness.state().catalog().len(), 2, "both facilities open");
    harness.get_by_label_contains("1 error, 1 warning");
    harness.get_by_label("查看第一处 Show the first").click();
    harness.run();
    assert_eq!(
        harness.state().selected_id().map(|id| id.as_str()),
        Some("p1")
    );
    harness.get_by_label_contains("\"2024-13-40\" is not a date");

    let problems = validate(FILE, None);
    let severities: Vec<_> = problems
        .iter()
        .map(|p| (p.id.as_deref().unwrap_or_default().to_owned(), p.severity))
        .collect();
    assert_eq!(
        severities,
        vec![
            ("p1".to_owned(), Severity::Error),
            ("f1".to_owned(), Severity::Warning)
        ],
        "{problems:?}"
    );
    assert!(
        problems[1].message.contains("crosses itself"),
        "{}",
        problems[1].message
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_lines_of_the_holidays_file_are_named_and_its_good_lines_still_count() {
    let dir = std::env::temp_dir().join(format!("zhongzhan-holidays-gui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, include_str!("../data/facilities.geojson")).unwrap();
    std::fs::write(
        dir.join("holidays.txt"),
        "2027-10-01..2027-10-07 holiday 国庆节 National Day\n2027-10-09 workday as Sunday\n",
    )
    .unwrap();

    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(fonts::install)
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut MapApp| app.show(ui),
            MapApp::new(DataSource::File(path.clone()), None),
        );
    harness.run();
    harness.get_by_label_contains("1 line with problems, skipped");
    harness.get_by_label_contains("holidays.txt：1 行有误");
    // The good line counts: on 2027-10-04 (a Monday) the school posts are closed.
    harness
        .state_mut()
        .push_command(zhongzhan_map::command::Command::View(
            zhongzhan_map::command::ViewCommand::SetAsOf(Some(
                chrono::NaiveDateTime::parse_from_str("2027-10-04 07:30", "%Y-%m-%d %H:%M")
                    .unwrap(),
            )),
        ));
    harness.run();
    let index = harness
        .state()
        .catalog()
        .facilities()
        .iter()
        .position(|f| f.id.as_str() == "school-post-01")
        .unwrap();
    assert!(!harness.state().availability_of(index).passes_open_filter());
    std::fs::remove_dir_all(&dir).ok();
}
