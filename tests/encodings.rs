//! Files as Chinese desktops write them: a GeoJSON saved by Notepad with a byte-order mark, a
//! GBK file from Excel or WPS, UTF-16 — each opens (the app and `--check` say which encoding
//! was read), and bytes that are no text get one sentence naming the file and the fix.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use std::path::PathBuf;
use std::process::Command;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::fonts;
use zhongzhan_map::model::io::import::{SourceDatum, import_file_decoded, record_import};
use zhongzhan_map::model::io::text::TextEncoding;

const BUNDLED: &str = include_str!("../data/facilities.geojson");

/// A directory of its own for one test, removed at the end.
fn dir_for(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhongzhan-enc-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(path: &std::path::Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zhongzhan-map"))
        .arg("--check")
        .arg(path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn a_geojson_saved_by_notepad_with_a_bom_checks_clean_and_opens() {
    let dir = dir_for("bom");
    let path = dir.join("facilities.geojson");
    std::fs::write(
        &path,
        [&[0xEF, 0xBB, 0xBF][..], BUNDLED.as_bytes()].concat(),
    )
    .unwrap();
    let (code, stdout) = check(&path);
    assert_eq!(code, Some(0), "{stdout}");
    let app = MapApp::new(DataSource::File(path), None);
    assert_eq!(app.load_error(), None);
    assert_eq!(app.catalog().len(), 44);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_gbk_geojson_opens_and_both_the_app_and_check_say_it_was_read_as_gb18030() {
    let dir = dir_for("gbk");
    let path = dir.join("facilities.geojson");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(BUNDLED);
    assert!(!unmappable);
    std::fs::write(&path, &bytes).unwrap();
    let (code, stdout) = check(&path);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("read as GB18030"), "{stdout}");

    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(fonts::install)
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut MapApp| app.show(ui),
            MapApp::new(DataSource::File(path), None),
        );
    harness.run();
    assert_eq!(harness.state().catalog().len(), 44);
    harness.get_by_label("（读取为 GB18030） (read as GB18030)");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_excel_csv_from_chinese_windows_imports_and_says_how_it_was_read() {
    let dir = dir_for("csv");
    let path = dir.join("points.csv");
    let csv =
        "id,category,name_zh,lon,lat\nwps-1,convenience-sales-point,幸福路便民点,113.18,35.24\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(csv);
    std::fs::write(&path, &bytes).unwrap();
    let (mut facilities, encoding) = import_file_decoded(&path, SourceDatum::Wgs84).unwrap();
    record_import(&mut facilities, &path, "2026-12-03", SourceDatum::Wgs84);
    assert_eq!(encoding, TextEncoding::Gb18030);
    assert_eq!(facilities.len(), 1);
    assert_eq!(facilities[0].name_zh, "幸福路便民点");
    let method = &facilities[0].provenance.method;
    assert!(
        method.starts_with("imported from points.csv on 2026-12-03"),
        "{method}"
    );
    assert!(method.ends_with("coordinates taken as WGS84"), "{method}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn utf16_geojson_opens() {
    let dir = dir_for("utf16");
    let path = dir.join("facilities.geojson");
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(BUNDLED.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let app = MapApp::new(DataSource::File(path), None);
    assert_eq!(app.load_error(), None);
    assert_eq!(app.catalog().len(), 44);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bytes_that_are_no_text_get_one_sentence_with_the_file_and_the_fix_and_the_app_keeps_running() {
    let dir = dir_for("binary");
    let path = dir.join("facilities.geojson");
    std::fs::write(&path, b"{\"type\": \"Feature\xFF\xFE\x00\x81").unwrap();
    let app = MapApp::new(DataSource::File(path.clone()), None);
    let error = app.load_error().unwrap();
    assert!(error.contains("facilities.geojson"), "{error}");
    assert!(error.contains("save it again as UTF-8"), "{error}");
    assert!(app.catalog().is_empty());
    let (code, output) = check(&path);
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("save it again as UTF-8"), "{output}");
    std::fs::remove_dir_all(&dir).ok();
}
