//! Offline raster basemap from a PMTiles file: the test writes a small PMTiles archive of PNG
//! tiles, then reads tiles back through walkers' `PmTiles` exactly as the app does, and shows
//! the file in the app's layer menu.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on bad fixtures")]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{TempDir, build, window};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use pmtiles::{PmTilesWriter, TileCoord, TileType};
use walkers::{TileId, Tiles};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, ViewCommand};
use zhongzhan_map::map::providers::TileSettings;
use zhongzhan_map::model::basemap::Basemap;

/// A 256×256 PNG of one colour.
fn png_tile(rgb: [u8; 3]) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(256, 256, image::Rgb(rgb));
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// Writes every tile of zoom levels 0–2 (21 tiles) around the world.
fn write_pmtiles(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut writer = PmTilesWriter::new(TileType::Png)
        .min_zoom(0)
        .max_zoom(2)
        .create(file)
        .unwrap();
    for zoom in 0..=2u8 {
        for x in 0..(1u32 << zoom) {
            for y in 0..(1u32 << zoom) {
                let tile = png_tile([200, 40 * zoom, 100]);
                writer
                    .add_tile(TileCoord::new(zoom, x, y).unwrap(), &tile)
                    .unwrap();
            }
        }
    }
    writer.finalize().unwrap();
}

/// A directory holding `extract.pmtiles` (see [`write_pmtiles`]), and the file's path.
fn temp_pmtiles(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(&format!("pmtiles-{name}"));
    let path = dir.join("extract.pmtiles");
    write_pmtiles(&path);
    (dir, path)
}

#[test]
fn tiles_are_read_back_from_a_pmtiles_file() {
    let (_dir, path) = temp_pmtiles("read");
    let ctx = egui::Context::default();
    let mut tiles = walkers::PmTiles::new(&path, ctx);
    let wanted = TileId {
        x: 1,
        y: 0,
        zoom: 1,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut found = tiles.at(wanted).is_some();
    while !found && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        found = tiles.at(wanted).is_some();
    }
    assert!(
        found,
        "tile {wanted:?} was not read from {}",
        path.display()
    );
}

#[test]
fn a_configured_pmtiles_file_is_offered_as_a_basemap() {
    let (_dir, path) = temp_pmtiles("menu");
    let app = MapApp::new(DataSource::Bundled, None).with_tile_settings(TileSettings {
        pmtiles_path: Some(path),
        ..TileSettings::default()
    });
    let mut harness = build(window(), app);
    harness.run_steps(2);
    // The basemaps are in the top bar's basemap menu.
    harness
        .get_by_role_and_label(Role::Button, "底图 Basemap: 离线边界 Offline")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "PMTiles 文件 file")
        .click();
    harness.run_steps(5);
    assert_eq!(harness.state().view().basemap, Basemap::PmTiles);
    harness.get_by_label("PMTiles 本地文件 local file");
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::SetBasemap(Basemap::Embedded)));
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("PMTiles 本地文件 local file")
            .is_none()
    );
}
