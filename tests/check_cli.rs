//! `zhongzhan-map --check FILE`: the maintainers' validator runs without a window, prints every
//! problem with its feature id and sets the exit code.

use std::process::Command;

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::TempDir;

fn check(contents: &str, name: &str) -> (Option<i32>, String) {
    let dir = TempDir::new(&format!("check-{name}"));
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, contents).unwrap_or_default();
    let output = Command::new(env!("CARGO_BIN_EXE_zhongzhan-map"))
        .arg("--check")
        .arg(&path)
        .output();
    match output {
        Ok(output) => (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ),
        Err(e) => (None, e.to_string()),
    }
}

#[test]
fn the_bundled_data_checks_clean() {
    let (code, stdout) = check(include_str!("../data/facilities.geojson"), "clean");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
}

#[test]
fn problems_are_printed_with_feature_ids_and_fail_the_check() {
    let bad = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"p1","category":"kiosk","name_zh":"甲","name_en":"A"},
       "geometry":{"type":"Point","coordinates":[35.235,113.17]}},
      {"type":"Feature","properties":{"id":"p1","category":"school-post"},
       "geometry":{"type":"Point","coordinates":[113.17,35.235]}}
    ]}"#;
    let (code, stdout) = check(bad, "bad");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("feature #0 (p1): unknown category \"kiosk\""),
        "{stdout}"
    );
    assert!(stdout.contains("like [lat, lon]"), "{stdout}");
    assert!(stdout.contains("feature #1 (p1): duplicate id"), "{stdout}");
    assert!(stdout.contains("feature #1 (p1): missing name"), "{stdout}");
}

#[test]
fn a_bad_holidays_file_beside_the_data_is_reported_by_line_and_fails_the_check() {
    let dir = TempDir::new("check-holidays");
    let data = dir.join("facilities.geojson");
    std::fs::write(&data, include_str!("../data/facilities.geojson")).unwrap_or_default();
    std::fs::write(
        dir.join("holidays.txt"),
        "# 节假日\n2027-10-01..2027-10-07 holiday 国庆节 National Day\n2027-10-09 workday as Sa\n2027-02-30 holiday\n",
    )
    .unwrap_or_default();
    let output = Command::new(env!("CARGO_BIN_EXE_zhongzhan-map"))
        .arg("--check")
        .arg(&data)
        .output();
    let (code, stdout) = match output {
        Ok(output) => (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ),
        Err(e) => (None, e.to_string()),
    };
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
    assert!(
        stdout.contains("holidays.txt: error: line 3: \"as Sa\" should name a weekday"),
        "{stdout}"
    );
    assert!(
        stdout.contains("holidays.txt: error: line 4: \"2027-02-30\" is not a date"),
        "{stdout}"
    );
    assert!(
        stdout.contains("holidays.txt: 2 error(s) in the holidays file"),
        "{stdout}"
    );
}
