//! The command line as users of `git` or `ogr2ogr` run it, on the real binary: `check` of one
//! or several files (and the old `--check`), `convert` between GeoJSON and CSV in the encodings
//! and datums Chinese desktops use, `completions`, `--version`, and usage errors that exit 2
//! with the reason on standard error — never a panic, also for a file name that is not UTF-8.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]
#![allow(
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{TempDir, run_cli};
use zhongzhan_map::model::datum::Datum;
use zhongzhan_map::model::facility::{Facility, FacilityGeometry};
use zhongzhan_map::model::io::csv_table::parse_csv;
use zhongzhan_map::model::io::load::load_file;

const BUNDLED: &str = include_str!("../data/facilities.geojson");

/// A data file with a coordinate given as [lat, lon]: an error for `check`.
const WITH_ERRORS: &str = r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"id":"p1","category":"school-post","name_zh":"甲","name_en":"A"},
   "geometry":{"type":"Point","coordinates":[35.235,113.17]}}
]}"#;

fn point(facility: &Facility) -> (f64, f64) {
    match facility.geometry {
        FacilityGeometry::Point(p) => (p.x(), p.y()),
        ref other => panic!("expected a point, got {other:?}"),
    }
}

#[test]
fn check_of_a_clean_file_exits_0_and_of_a_file_with_errors_exits_1() {
    let dir = TempDir::new("cli-check");
    let clean = dir.join("clean.geojson");
    let bad = dir.join("bad.geojson");
    std::fs::write(&clean, BUNDLED).unwrap();
    std::fs::write(&bad, WITH_ERRORS).unwrap();

    let run = run_cli(["check".as_ref(), clean.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("0 error(s), 0 warning(s)"), "{run:?}");

    let run = run_cli(["check".as_ref(), bad.as_os_str()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("like [lat, lon]"), "{run:?}");
}

#[test]
fn check_of_two_files_reports_each_and_fails_if_either_has_errors() {
    let dir = TempDir::new("cli-check-two");
    let clean = dir.join("clean.geojson");
    let bad = dir.join("bad.geojson");
    std::fs::write(&clean, BUNDLED).unwrap();
    std::fs::write(&bad, WITH_ERRORS).unwrap();
    let run = run_cli(["check".as_ref(), clean.as_os_str(), bad.as_os_str()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("{}: 0 error(s), 0 warning(s)", clean.display())),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains(&format!("{}: 1 error(s)", bad.display())),
        "{run:?}"
    );
}

#[test]
fn the_old_check_flag_still_works_and_refuses_window_options_with_exit_2() {
    let dir = TempDir::new("cli-check-alias");
    let clean = dir.join("clean.geojson");
    std::fs::write(&clean, BUNDLED).unwrap();
    let run = run_cli(["--check".as_ref(), clean.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("0 error(s), 0 warning(s)"), "{run:?}");

    let run = run_cli(["--check".as_ref(), clean.as_os_str(), "--open-now".as_ref()]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("--check opens no window, so --open-now cannot be combined with it"),
        "{run:?}"
    );
}

#[test]
fn a_gbk_csv_from_excel_converts_to_geojson_with_its_chinese_names_intact() {
    let dir = TempDir::new("cli-convert-gbk");
    let csv = dir.join("护学岗.csv");
    let table = "id,category,name_zh,name_en,lon,lat\r\n\
                 p-1,school-post,中站区实验小学护学岗,Experimental school post,113.1765,35.2372\r\n\
                 p-2,convenience-sales-point,许衡文化广场临时便民销售点,Square sales point,113.1801,35.2399\r\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(table);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    std::fs::write(&csv, &bytes).unwrap();
    let out = dir.join("out.geojson");

    let run = run_cli(["convert".as_ref(), csv.as_os_str(), out.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("read 2 facilities (CSV) as GB18030"),
        "{run:?}"
    );
    assert!(run.stdout.contains("datum WGS84"), "{run:?}");
    assert!(
        run.stdout.contains("wrote 2 facilities (GeoJSON) as UTF-8"),
        "{run:?}"
    );

    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("中站区实验小学护学岗"), "{written}");
    let facilities = load_file(&out).unwrap();
    assert_eq!(facilities.len(), 2);
    assert_eq!(facilities[1].name_zh, "许衡文化广场临时便民销售点");
    assert_eq!(point(&facilities[0]), (113.1765, 35.2372));
    // The same note the app records on import.
    let method = &facilities[0].provenance.method;
    assert!(
        method.starts_with("imported from 护学岗.csv on ")
            && method.ends_with("coordinates taken as WGS84"),
        "{method}"
    );
}

#[test]
fn a_gcj02_csv_lands_about_590_m_west_and_45_m_north_in_wgs84() {
    // At Zhongzhan, GCJ-02 (AMap) shows a place about 587 m east and 46 m south of its WGS84
    // position, so converting an AMap position to WGS84 moves it west and north by as much.
    let dir = TempDir::new("cli-convert-gcj");
    let csv = dir.join("amap.csv");
    let (lon, lat): (f64, f64) = (113.18, 35.24);
    std::fs::write(
        &csv,
        format!("category,name_zh,lon,lat\nschool-post,高德上取的点,{lon},{lat}\n"),
    )
    .unwrap();
    let out = dir.join("wgs84.geojson");
    let run = run_cli([
        "convert".as_ref(),
        csv.as_os_str(),
        out.as_os_str(),
        "--from-datum=gcj02".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("datum GCJ-02, converted to WGS84"),
        "{run:?}"
    );
    let facilities = load_file(&out).unwrap();
    let (x, y) = point(&facilities[0]);
    let metres_per_degree_lat = 111_320.0;
    let east_m = (x - lon) * metres_per_degree_lat * lat.to_radians().cos();
    let north_m = (y - lat) * metres_per_degree_lat;
    assert!((-600.0..-575.0).contains(&east_m), "{east_m} m east");
    assert!((35.0..55.0).contains(&north_m), "{north_m} m north");
    // And back in GCJ-02 it is where it was given, to the centimetre.
    let back = Datum::Gcj02.from_wgs84(geo::Coord { x, y });
    let error_m = ((back.x - lon) * metres_per_degree_lat * lat.to_radians().cos())
        .hypot((back.y - lat) * metres_per_degree_lat);
    assert!(error_m < 0.01, "{error_m} m off after the round trip");
    assert!(
        facilities[0]
            .provenance
            .method
            .contains("GCJ-02 converted to WGS84"),
        "{:?}",
        facilities[0].provenance
    );
    // A table without ids gets `<category>-<n>`.
    assert_eq!(facilities[0].id.0, "school-post-1");
}

#[test]
fn the_bundled_data_converts_to_a_csv_for_excel_and_back() {
    let dir = TempDir::new("cli-convert-csv");
    let geojson = dir.join("facilities.GeoJSON");
    std::fs::write(&geojson, BUNDLED).unwrap();
    let csv = dir.join("facilities.csv");
    let run = run_cli(["convert".as_ref(), geojson.as_os_str(), csv.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains("wrote 44 facilities (CSV) as UTF-8 with a BOM for Excel"),
        "{run:?}"
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "Excel needs the BOM");
    let back = parse_csv(&text, "facilities.csv").unwrap();
    let original = load_file(&geojson).unwrap();
    assert_eq!(back.len(), original.len());
    assert_eq!(back[0].name_zh, original[0].name_zh);
    assert_eq!(back[0].geometry, original[0].geometry);

    // Converting again keeps the earlier output as a backup.
    let run = run_cli(["convert".as_ref(), geojson.as_os_str(), csv.as_os_str()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("previous version is kept"), "{run:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("facilities.csv.bak1")).unwrap(),
        text
    );
}

#[test]
fn version_prints_the_version() {
    let run = run_cli(["--version"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        format!("zhongzhan-map {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_is_bilingual_and_lists_the_subcommands_and_exit_codes() {
    let run = run_cli(["--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for wording in [
        "check",
        "convert",
        "completions",
        "退出码 Exit codes",
        "用法 Usage",
    ] {
        assert!(run.stdout.contains(wording), "{wording:?}: {run:?}");
    }
    let run = run_cli(["convert", "--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("--from-datum") && run.stdout.contains("gcj02"),
        "{run:?}"
    );
}

#[test]
fn usage_errors_exit_2_with_the_reason_on_standard_error() {
    for (args, reason) in [
        (&["--frobnicate"][..], "--frobnicate"),
        (&["--lang", "xx"], "possible values: zh, en, both"),
        (&["--as-of", "next tuesday"], "expected YYYY-MM-DD HH:MM"),
        (&["--category", "kiosk"], "school-post"),
        (
            &["convert", "a.geojson", "a.geojson"],
            "never writes over its input",
        ),
        (
            &["convert", "a.geojson", "a.shp"],
            "cannot tell the format of a.shp from its extension; name it .geojson, .json or .csv",
        ),
        (&["--open-now", "check", "a.geojson"], "cannot be used"),
    ] {
        let run = run_cli(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stderr.contains(reason), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{args:?}: {run:?}");
    }
}

#[test]
fn a_missing_input_is_named_and_exits_1() {
    let dir = TempDir::new("cli-convert-missing");
    let missing = dir.join("missing.csv");
    let run = run_cli([
        "convert".as_ref(),
        missing.as_os_str(),
        dir.join("out.geojson").as_os_str(),
    ]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("cannot read {}", missing.display())),
        "{run:?}"
    );
    assert!(!dir.join("out.geojson").exists());
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_a_path_not_a_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let dir = TempDir::new("cli-gbk-name");
    // "设施" in GBK, as a zip made on Chinese Windows unpacks it: not UTF-8.
    let name = |extension: &str| {
        let mut bytes = vec![0xC9, 0xE8, 0xCA, 0xA9];
        bytes.extend_from_slice(extension.as_bytes());
        dir.join(OsString::from_vec(bytes))
    };
    let missing = name(".geojson");
    let run = run_cli(["check".as_ref(), missing.as_os_str()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("cannot read"), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");

    // Such a file converts like any other (when the file system takes the name).
    let csv = name(".csv");
    if std::fs::write(
        &csv,
        "category,name_zh,lon,lat\nschool-post,甲,113.18,35.24\n",
    )
    .is_ok()
    {
        let out = dir.join("out.geojson");
        let run = run_cli(["convert".as_ref(), csv.as_os_str(), out.as_os_str()]);
        assert_eq!(run.code, Some(0), "{run:?}");
        assert_eq!(load_file(&out).unwrap().len(), 1);
    }
}

#[test]
fn bash_completions_know_the_subcommands() {
    let run = run_cli(["completions", "bash"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("zhongzhan-map") && run.stdout.contains("convert"),
        "{run:?}"
    );
}

#[test]
#[cfg(unix)]
fn db_alone_takes_the_url_from_the_private_config_file_and_refuses_one_others_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("cli-db-alone");
    let config = dir.join("config");
    let file = config.join("zhongzhan-map").join("database_url");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let password = "File-Secret-4";
    std::fs::write(
        &file,
        format!("postgresql://alice:{password}@127.0.0.1:1/zhongzhan\n"),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let unset = ["ZHONGZHAN_DB", "DATABASE_URL"];
    let run = common::run_cli_with_env(["--db"], &unset, &[("XDG_CONFIG_HOME", &config)]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("--db:") && run.stderr.contains("chmod 600"),
        "{run:?}"
    );
    assert!(!run.stderr.contains(password), "{run:?}");
    // Private, it is read: the URL's problem (here: no such sslmode) is named from the file.
    std::fs::write(
        &file,
        "postgresql://alice@127.0.0.1:1/zhongzhan?sslmode=sometimes\n",
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = common::run_cli_with_env(["--db"], &unset, &[("XDG_CONFIG_HOME", &config)]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("database_url"), "{run:?}");
}
