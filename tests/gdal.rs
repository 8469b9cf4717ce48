//! Interoperability with GDAL, the library behind QGIS: files we export are read by `ogrinfo`
//! with every feature and field, and files `ogr2ogr` writes — with its quirks: the feature id
//! moved out of the properties, 3D coordinates, Multi* geometries, a legacy `crs` member, CSV
//! with a WKT column — load back into the app. Needs `ogrinfo`/`ogr2ogr` (Debian `gdal-bin`,
//! installed by `.ci/run`, which sets `REQUIRE_GDAL=1` so they cannot be skipped there); elsewhere,
//! without GDAL, each test says so and passes vacuously.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use std::path::Path;
use std::process::Command;

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::TempDir;
use zhongzhan_map::model::io::csv_table::to_csv_text;
use zhongzhan_map::model::io::import::{ImportFormat, SourceDatum, import_file};
use zhongzhan_map::model::io::load::{KNOWN_PROPERTIES, parse_facilities};
use zhongzhan_map::model::io::save::to_geojson_text;
use zhongzhan_map::model::{BUNDLED_FACILITIES, Facility};

fn gdal_available() -> bool {
    let found = Command::new("ogrinfo").arg("--version").output().is_ok();
    assert!(
        found || std::env::var_os("REQUIRE_GDAL").is_none(),
        "REQUIRE_GDAL is set but ogrinfo is missing"
    );
    if !found {
        eprintln!("ogrinfo not found: install gdal-bin to run the GDAL interoperability tests");
    }
    found
}

fn bundled() -> Vec<Facility> {
    parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `ogrinfo -so` summary: feature count and the field names.
fn summary(path: &Path, open_options: &[&str]) -> (usize, Vec<String>) {
    let mut args = vec!["-ro", "-al", "-so"];
    args.extend_from_slice(open_options);
    args.push(path_str(path));
    let text = run("ogrinfo", &args);
    let count = text
        .lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in:\n{text}"));
    let fields = text
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(_, kind)| {
            ["String", "Integer", "Real"]
                .iter()
                .any(|t| kind.starts_with(t))
        })
        .map(|(name, _)| name.trim().to_owned())
        .collect();
    (count, fields)
}

#[test]
fn ogrinfo_reads_every_feature_and_field_of_our_geojson() {
    if !gdal_available() {
        return;
    }
    let dir = TempDir::new("gdal-geojson");
    let path = dir.join("facilities.geojson");
    let facilities = bundled();
    std::fs::write(&path, to_geojson_text(&facilities, Some("x")).unwrap()).unwrap();
    let (count, fields) = summary(&path, &[]);
    assert_eq!(count, facilities.len());
    for key in KNOWN_PROPERTIES.iter().filter(|k| **k != "id") {
        assert!(
            fields.iter().any(|f| f == key),
            "{key} missing from {fields:?}"
        );
    }
}

#[test]
fn ogrinfo_reads_our_csv_with_its_wkt_geometry() {
    if !gdal_available() {
        return;
    }
    let dir = TempDir::new("gdal-csv");
    let path = dir.join("facilities.csv");
    let facilities = bundled();
    std::fs::write(&path, to_csv_text(&facilities).unwrap()).unwrap();
    let (count, fields) = summary(&path, &[]);
    assert_eq!(count, facilities.len());
    for key in ["id", "name_zh", "position_precision", "lon", "lat"] {
        assert!(
            fields.iter().any(|f| f == key),
            "{key} missing from {fields:?}"
        );
    }
    // GDAL takes the geometry from the WKT column: the extent is the district's.
    let text = run("ogrinfo", &["-ro", "-al", "-so", path_str(&path)]);
    let extent = text.lines().find(|l| l.starts_with("Extent: ")).unwrap();
    assert!(
        extent.contains("(113.") && extent.contains(", 35."),
        "{extent}"
    );
}

#[test]
fn geojson_written_by_ogr2ogr_as_3d_multi_geometries_loads_unchanged() {
    if !gdal_available() {
        return;
    }
    let dir = TempDir::new("gdal-ogr2ogr");
    let ours = dir.join("ours.geojson");
    let theirs = dir.join("theirs.geojson");
    let facilities = bundled();
    std::fs::write(&ours, to_geojson_text(&facilities, Some("x")).unwrap()).unwrap();
    run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            path_str(&theirs),
            path_str(&ours),
            "-dim",
            "XYZ",
            "-nlt",
            "PROMOTE_TO_MULTI",
        ],
    );
    let text = std::fs::read_to_string(&theirs).unwrap();
    assert!(
        text.contains("MultiPoint") && text.contains("0.0 ]"),
        "GDAL quirks present"
    );
    let loaded = import_file(&theirs, SourceDatum::Wgs84).unwrap();
    assert_eq!(loaded, facilities);
}

#[test]
fn csv_written_by_ogr2ogr_loads_unchanged() {
    if !gdal_available() {
        return;
    }
    let dir = TempDir::new("gdal-ogr2ogr-csv");
    let ours = dir.join("ours.geojson");
    let theirs = dir.join("theirs.csv");
    let facilities = bundled();
    std::fs::write(&ours, to_geojson_text(&facilities, Some("x")).unwrap()).unwrap();
    run(
        "ogr2ogr",
        &[
            "-f",
            "CSV",
            path_str(&theirs),
            path_str(&ours),
            "-lco",
            "GEOMETRY=AS_WKT",
        ],
    );
    assert_eq!(ImportFormat::from_path(&theirs), ImportFormat::Csv);
    let loaded = import_file(&theirs, SourceDatum::Wgs84).unwrap();
    assert_eq!(loaded.len(), facilities.len());
    for (a, b) in loaded.iter().zip(&facilities) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.name_zh, b.name_zh);
        assert_eq!(a.geometry, b.geometry, "{}", a.id);
    }
}

#[test]
fn a_file_ogr2ogr_reprojected_to_web_mercator_is_refused_with_advice() {
    if !gdal_available() {
        return;
    }
    let dir = TempDir::new("gdal-mercator");
    let ours = dir.join("ours.geojson");
    let theirs = dir.join("mercator.geojson");
    std::fs::write(&ours, to_geojson_text(&bundled(), Some("x")).unwrap()).unwrap();
    run(
        "ogr2ogr",
        &[
            "-t_srs",
            "EPSG:3857",
            "-f",
            "GeoJSON",
            path_str(&theirs),
            path_str(&ours),
        ],
    );
    let error = import_file(&theirs, SourceDatum::Wgs84)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("3857") && error.contains("ogr2ogr -t_srs EPSG:4326"),
        "{error}"
    );
}
