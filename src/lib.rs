//! 中站便民服务地图 — Zhongzhan civic service map.
//!
//! A desktop map of the public service points of Zhongzhan District (Jiaozuo, Henan) named in
//! a 2024-10-01 newspaper article. Layout: [`model`] is pure data (no egui), [`map`] holds the
//! walkers plugins, [`ui`] the panels, [`app`] wires them and applies [`command::Command`]s;
//! [`cli`] is the command line that `main` parses and dispatches; [`db`] keeps facilities in a
//! shared PostgreSQL + PostGIS database (it knows only the model).

pub mod app;
pub mod cli;
pub mod command;
pub mod db;
pub mod fonts;
pub mod i18n;
pub mod logging;
pub mod map;
pub mod model;
pub mod theme;
pub mod ui;

/// Application id (storage directory, window class).
pub const APP_ID: &str = "zhongzhan-map";

/// User-Agent for tile requests, naming the app as the OSM tile policy asks.
pub const USER_AGENT: &str = concat!(
    "zhongzhan-map/",
    env!("CARGO_PKG_VERSION"),
    " (Zhongzhan civic service map desktop app)"
);

/// The boundary of Zhongzhan District from the bundled data (WGS84).
pub fn home_district() -> Option<geo::MultiPolygon<f64>> {
    model::district::parse_districts(model::district::BUNDLED_DISTRICTS)
        .ok()?
        .into_iter()
        .find(model::District::is_zhongzhan)
        .map(|d| d.boundary)
}
