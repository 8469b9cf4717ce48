//! CPU time of one whole headless frame of the app — top bar, legend, list, article, map with
//! basemap, symbols, cluster badges and the details card — including egui's tessellation, at
//! the 44 real facilities and at 1 000 000 synthetic points (clustered layout, seed 7), at
//! district zoom 12 and street zoom 16. The peer in the same run is an empty egui frame.
//! Also prints the resident memory the 1M-point app adds, per point (Linux `/proc`).
//!
//! Run: `cargo bench --bench frame`

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, Vec2};
use walkers::{MapMemory, Position};
use zhongzhan_map::app::{DataSource, MapApp, PersistedView};
use zhongzhan_map::fonts;
use zhongzhan_map::model::synthetic::{Layout, facility, generate};

const WINDOW_SIZE_PX: Vec2 = Vec2::new(1400.0, 900.0);
const MILLION: usize = 1_000_000;

fn view_at(zoom_level: f64) -> PersistedView {
    let mut map_memory = MapMemory::default();
    map_memory.center_at(Position::new(113.178, 35.238));
    map_memory
        .set_zoom(zoom_level)
        .unwrap_or_else(|error| panic!("zoom {zoom_level}: {error}"));
    PersistedView {
        map_memory,
        ..PersistedView::default()
    }
}

/// One frame of the whole app; returns the triangle count so nothing is optimised away.
fn frame(ctx: &egui::Context, app: Option<&mut MapApp>) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW_SIZE_PX)),
        ..Default::default()
    };
    let output = match app {
        Some(app) => ctx.run_ui(input, |ui| app.show(ui)),
        None => ctx.run_ui(input, |_| {}),
    };
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
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

    let ctx = egui::Context::default();
    fonts::install(&ctx);
    group.bench_function("empty_frame_peer", |b| b.iter(|| frame(&ctx, None)));

    for zoom_level in [12.0, 16.0] {
        let ctx = egui::Context::default();
        fonts::install(&ctx);
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
        let ctx = egui::Context::default();
        fonts::install(&ctx);
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
