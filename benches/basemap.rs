//! Frame cost of the embedded offline basemap (districts, rivers, labels) at district and city
//! zoom: one whole egui pass with the basemap plugin on a fixed 1000×800 projector, plus
//! tessellation of what it painted. The peer in the same run is the same pass with nothing
//! painted, so the difference is the basemap's own cost.
//!
//! Run: `cargo bench --bench basemap`

mod common;

use common::{context_with_fonts, map_memory_at, tessellated_pass};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, Sense, Vec2};
use walkers::{MercatorProjection, Plugin, Position, Projector};
use zhongzhan_map::map::basemap::{DistrictBasemap, PreparedDistrict, prepare_rivers};
use zhongzhan_map::model::Datum;
use zhongzhan_map::model::district::{
    BUNDLED_DISTRICTS, BUNDLED_RIVERS, parse_districts, parse_lines,
};

const VIEW_SIZE_PX: Vec2 = Vec2::new(1000.0, 800.0);

struct Basemap {
    districts: Vec<PreparedDistrict>,
    rivers: Vec<Vec<[f64; 2]>>,
}

fn prepared() -> Basemap {
    let districts = parse_districts(BUNDLED_DISTRICTS).unwrap_or_default();
    let rivers = parse_lines(BUNDLED_RIVERS).unwrap_or_default();
    Basemap {
        districts: districts
            .iter()
            .map(|d| PreparedDistrict::new(d, Datum::Wgs84))
            .collect(),
        rivers: prepare_rivers(&rivers, Datum::Wgs84),
    }
}

/// One egui pass; with `basemap`, the plugin paints at `zoom_level`. Returns the number of
/// triangles tessellated, so the work cannot be optimised away.
fn frame(ctx: &egui::Context, basemap: Option<&Basemap>, zoom_level: f64) -> usize {
    tessellated_pass(ctx, VIEW_SIZE_PX, |ui| {
        let rect = Rect::from_min_size(Pos2::ZERO, VIEW_SIZE_PX);
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        let Some(basemap) = basemap else {
            return;
        };
        let centre = Position::new(113.18, 35.24);
        let memory = map_memory_at(centre, zoom_level);
        let projector = Projector::new(rect, &MercatorProjection, &memory, centre);
        let underlay = ui.painter().add(egui::Shape::Noop);
        Box::new(DistrictBasemap {
            districts: &basemap.districts,
            rivers: &basemap.rivers,
            underlay,
        })
        .run(ui, &response, &projector, &memory);
    })
}

fn bench_basemap(c: &mut Criterion) {
    let ctx = context_with_fonts();
    let basemap = prepared();
    // Warm up fonts and galley caches, as in a running app.
    for _ in 0..3 {
        frame(&ctx, Some(&basemap), 12.0);
        frame(&ctx, Some(&basemap), 9.5);
    }
    let mut group = c.benchmark_group("basemap_frame");
    group.bench_function("empty_frame_peer", |b| b.iter(|| frame(&ctx, None, 0.0)));
    group.bench_function("district_zoom_12", |b| {
        b.iter(|| frame(&ctx, Some(&basemap), 12.0))
    });
    group.bench_function("city_zoom_9_5", |b| {
        b.iter(|| frame(&ctx, Some(&basemap), 9.5))
    });
    group.finish();
}

criterion_group!(benches, bench_basemap);
criterion_main!(benches);
