//! CPU time of one whole headless frame of the app — top bar, legend, list, article, map with
//! basemap, symbols, cluster badges and the details card — including egui's tessellation, at
//! the 44 real facilities and at 1 000 000 synthetic points (clustered layout, seed 7), at
//! district zoom 12 and street zoom 16. The peer in the same run is an empty egui frame.
//! Also prints the resident memory the 1M-point app adds, per point (Linux `/proc`).
//!
//! Run: `cargo bench --bench frame`

mod common;

use common::{context_with_fonts, map_memory_at, tessellated_pass};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Vec2;
use walkers::Position;
use zhongzhan_map::app::{DataSource, MapApp, PersistedView};
use zhongzhan_map::model::synthetic::{Layout, facility, generate};

const WINDOW_SIZE_PX: Vec2 = Vec2::new(1400.0, 900.0);
const MILLION: usize = 1_000_000;

fn view_at(zoom_level: f64) -> PersistedView {
    PersistedView {
        map_memory: map_memory_at(Position::new(113.178, 35.238), zoom_level),
        ..PersistedView::default()
    }
}

/// One frame of the whole app; returns the triangle count so nothing is optimised away.
fn frame(ctx: &egui::Context, app: Option<&mut MapApp>) -> usize {
    match app {
        Some(app) => tessellated_pass(ctx, WINDOW_SIZE_PX, |ui| app.show(ui)),
        None => tessellated_pass(ctx, WINDOW_SIZE_PX, |_| {}),
    }
}

/// Resident set size in bytes (Linux), for the memory-per-point figure.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn bench_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("app_frame");
    group.sample_size(30);

    let ctx = context_with_fonts();
    group.bench_function("empty_frame_peer", |b| b.iter(|| frame(&ctx, None)));

    for zoom_level in [12.0, 16.0] {
        let ctx = context_with_fonts();
        let mut app = MapApp::new(DataSource::Bundled, Some(view_at(zoom_level)));
        for _ in 0..5 {
            frame(&ctx, Some(&mut app));
        }
        group.bench_function(format!("real_44_zoom_{zoom_level}"), |b| {
            b.iter(|| frame(&ctx, Some(&mut app)))
        });
    }

    let before = resident_bytes();
    let points = generate(MILLION, Layout::Clustered, 7).unwrap_or_default();
    let facilities: Vec<_> = points
        .iter()
        .enumerate()
        .map(|(i, p)| facility(p, i))
        .collect();
    drop(points);
    let started = std::time::Instant::now();
    let mut app = MapApp::with_facilities(facilities, "synthetic 1M", Some(view_at(12.0)));
    let load_s = started.elapsed().as_secs_f64();
    if let (Some(before), Some(after)) = (before, resident_bytes()) {
        println!(
            "1M synthetic facilities: app built in {load_s:.1} s (catalog, projection, search \
             index, clusters); resident memory +{:.0} MB = {:.0} bytes per facility",
            (after.saturating_sub(before)) as f64 / 1e6,
            after.saturating_sub(before) as f64 / MILLION as f64
        );
    }
    for zoom_level in [12.0, 16.0] {
        let ctx = context_with_fonts();
        app.push_command(zhongzhan_map::command::Command::View(
            zhongzhan_map::command::ViewCommand::ClearSelection,
        ));
        let view = view_at(zoom_level);
        app.set_view(view);
        for _ in 0..5 {
            frame(&ctx, Some(&mut app));
        }
        group.bench_function(format!("synthetic_1M_zoom_{zoom_level}"), |b| {
            b.iter(|| frame(&ctx, Some(&mut app)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_frames);
criterion_main!(benches);
