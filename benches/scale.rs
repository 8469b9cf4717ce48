//! Scale benchmarks (issue #5): cluster-index build for 10k / 100k / 1M synthetic points
//! (uniform and clustered, seeded), the per-frame cluster query at city / district / street
//! zoom with and without a category hidden, the spatial index, and a headless egui pass that
//! paints the cluster layer. After the criterion groups, the same points are handed to the peers
//! in the same run — supercluster (JS, `tools/bench-peer`, run with node) and walkers_extras'
//! GroupedPlacesTree (`tools/bench-peer-walkers`) — and a table with ratios and memory per
//! point is printed. A missing peer is reported and skipped, never a failure.
//!
//! Run: `cargo bench --bench scale` (peers: `npm ci --prefix tools/bench-peer` and
//! `cargo build --release --manifest-path tools/bench-peer-walkers/Cargo.toml` first;
//! `SCALE_SKIP_PEERS=1` skips them).

#![expect(
    clippy::indexing_slicing,
    clippy::disallowed_methods,
    reason = "a benchmark fails loudly; its own peer-renderer colours are not the app's palette"
)]

#[expect(dead_code, reason = "this bench uses only the shared tessellated pass")]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::tessellated_pass;
use criterion::{BenchmarkId, Criterion, criterion_group};
use egui::{Color32, Pos2, Vec2};
use geo::{Point, coord};
use zhongzhan_map::model::index::cluster::{
    ALL_VISIBLE, ClusterIndex, ClusterItem, ClusterOptions, ClusterPoint, Visibility, lat_to_y,
    lon_to_x, x_to_lon, y_to_lat,
};
use zhongzhan_map::model::index::spatial::SpatialIndex;
use zhongzhan_map::model::io::load::parse_facilities;
use zhongzhan_map::model::synthetic::{Layout, generate};
use zhongzhan_map::model::{BUNDLED_FACILITIES, Category};

const SEED: u64 = 7;
const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const LAYOUTS: [Layout; 2] = [Layout::Uniform, Layout::Clustered];
const VIEW_SIZE_PX: Vec2 = Vec2::new(1000.0, 800.0);
/// Centre of the district's bounding box.
const CENTRE: (f64, f64) = (113.15, 35.26);
/// City-wide, district, street.
const QUERY_ZOOMS: [f64; 3] = [10.0, 12.0, 16.0];

fn points(n: usize, layout: Layout) -> Vec<ClusterPoint> {
    generate(n, layout, SEED).unwrap_or_default()
}

/// The WGS84 box a `VIEW_SIZE_PX` view centred on `CENTRE` shows at `zoom_level` (walkers'
/// 256 px tiles), padded by the cluster radius so badges at the edges do not pop.
fn viewport(zoom_level: f64, pad_px: f64) -> geo::Rect<f64> {
    let world_px = 256.0 * 2f64.powf(zoom_level);
    let (cx, cy) = (lon_to_x(CENTRE.0), lat_to_y(CENTRE.1));
    let half_w = (f64::from(VIEW_SIZE_PX.x) / 2.0 + pad_px) / world_px;
    let half_h = (f64::from(VIEW_SIZE_PX.y) / 2.0 + pad_px) / world_px;
    geo::Rect::new(
        coord! { x: x_to_lon(cx - half_w), y: y_to_lat(cy + half_h) },
        coord! { x: x_to_lon(cx + half_w), y: y_to_lat(cy - half_h) },
    )
}

/// School posts (the commonest category) hidden, as after one legend click.
fn filtered() -> Visibility {
    let mut visible = ALL_VISIBLE;
    visible[Category::SchoolPost.index()] = false;
    visible
}

fn bench_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("cluster_build");
    for layout in LAYOUTS {
        for n in SIZES {
            let pts = points(n, layout);
            group.sample_size(10);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(if n >= 1_000_000 { 6 } else { 3 }));
            group.bench_with_input(BenchmarkId::new(layout.slug(), n), &pts, |b, pts| {
                b.iter(|| ClusterIndex::build(pts, ClusterOptions::default()).map(|i| i.len()))
            });
        }
    }
    group.finish();
}

fn bench_query(c: &mut Criterion) {
    let mut group = c.benchmark_group("cluster_query_1m");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(2));
    for layout in LAYOUTS {
        let Ok(index) = ClusterIndex::build(&points(1_000_000, layout), ClusterOptions::default())
        else {
            continue;
        };
        let mut out = Vec::new();
        for zoom in QUERY_ZOOMS {
            let bbox = viewport(zoom, 40.0);
            for (label, visible) in [("all", ALL_VISIBLE), ("filtered", filtered())] {
                let id = format!("{}/z{zoom}/{label}", layout.slug());
                group.bench_function(id, |b| {
                    b.iter(|| {
                        index.clusters_into(bbox, zoom, &visible, &mut out);
                        out.len()
                    })
                });
            }
        }
    }
    group.finish();
}

fn bench_spatial(c: &mut Criterion) {
    let pts = points(1_000_000, Layout::Clustered);
    let mut group = c.benchmark_group("spatial_1m");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("build", |b| b.iter(|| SpatialIndex::build(&pts).len()));
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(2));
    let index = SpatialIndex::build(&pts);
    let at = Point::new(CENTRE.0, CENTRE.1);
    let street = viewport(16.0, 0.0);
    group.bench_function("in_bbox_z16", |b| {
        b.iter(|| index.in_bbox(street, &ALL_VISIBLE).len())
    });
    group.bench_function("nearest_by_category", |b| {
        b.iter(|| index.nearest_by_category(at, &filtered()).len())
    });
    group.bench_function("within_30m", |b| {
        b.iter(|| index.within_m(at, 30.0, &ALL_VISIBLE).len())
    });
    group.finish();
}

/// One headless egui pass that paints `items` as the map layer would (a disc per point, a disc
/// with a count per cluster) on a `VIEW_SIZE_PX` view, plus tessellation. Returns the number
/// of triangles so nothing is optimised away. Extend `paint` when the real layer exists.
fn layer_frame(ctx: &egui::Context, items: &[ClusterItem], zoom_level: f64) -> usize {
    let world_px = 256.0 * 2f64.powf(zoom_level);
    let (cx, cy) = (lon_to_x(CENTRE.0), lat_to_y(CENTRE.1));
    tessellated_pass(ctx, VIEW_SIZE_PX, |ui| {
        let painter = ui.painter();
        for item in items {
            let p = item.position();
            let screen = Pos2::new(
                ((lon_to_x(p.x()) - cx) * world_px) as f32 + VIEW_SIZE_PX.x / 2.0,
                ((lat_to_y(p.y()) - cy) * world_px) as f32 + VIEW_SIZE_PX.y / 2.0,
            );
            match item {
                ClusterItem::Point(_) => {
                    painter.circle_filled(screen, 6.0, Color32::from_rgb(30, 110, 200));
                }
                ClusterItem::Cluster(cluster) => {
                    painter.circle_filled(screen, 16.0, Color32::from_rgb(200, 80, 40));
                    painter.text(
                        screen,
                        egui::Align2::CENTER_CENTER,
                        cluster.count.to_string(),
                        egui::FontId::proportional(12.0),
                        Color32::WHITE,
                    );
                }
            }
        }
    })
}

fn real_points() -> Vec<ClusterPoint> {
    parse_facilities(BUNDLED_FACILITIES, "bundled")
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, f)| ClusterPoint::anchor_of(index, f))
        .collect()
}

fn bench_layer_frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut group = c.benchmark_group("cluster_layer_frame");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let real = real_points();
    let cases = [
        ("real_features", real.clone()),
        ("1m_clustered", points(1_000_000, Layout::Clustered)),
    ];
    for (label, pts) in cases {
        let Ok(index) = ClusterIndex::build(&pts, ClusterOptions::default()) else {
            continue;
        };
        for zoom in [12.0, 16.0] {
            let bbox = viewport(zoom, 40.0);
            let mut items = Vec::new();
            for _ in 0..3 {
                index.clusters_into(bbox, zoom, &ALL_VISIBLE, &mut items);
                layer_frame(&ctx, &items, zoom);
            }
            group.bench_function(format!("{label}_{}/z{zoom}", pts.len()), |b| {
                b.iter(|| {
                    index.clusters_into(bbox, zoom, &ALL_VISIBLE, &mut items);
                    layer_frame(&ctx, &items, zoom)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_build,
    bench_query,
    bench_spatial,
    bench_layer_frame
);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if std::env::var_os("SCALE_SKIP_PEERS").is_some() {
        println!("SCALE_SKIP_PEERS set: peers skipped");
        return;
    }
    compare_with_peers();
}

/// `target/` of this build (the bench binary lives in `target/release/deps/`).
fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.to_path_buf())
}

/// Criterion's median (ms) for a benchmark of this run, from its estimates file.
fn criterion_median_ms(target: &Path, id: &str) -> Option<f64> {
    let path = target.join("criterion").join(id).join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e6)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn run_json(command: &mut Command) -> Result<serde_json::Value, String> {
    let output = command.output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))
}

fn ratio(peer_ms: Option<f64>, ours_ms: f64) -> String {
    peer_ms.map_or("—".to_owned(), |p| format!("{:.2}×", p / ours_ms))
}

fn ms(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.4}"))
}

fn compare_with_peers() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    let node_dir = repo.join("tools/bench-peer");
    let node_ok = node_dir.join("node_modules/supercluster").is_dir()
        && Command::new("node").arg("--version").output().is_ok();
    if !node_ok {
        println!(
            "notice: supercluster peer skipped (needs node and `npm ci --prefix tools/bench-peer`)"
        );
    }
    let walkers_peer = target
        .as_ref()
        .map(|t| t.join("release/bench-peer-walkers"))
        .filter(|p| p.is_file());
    if walkers_peer.is_none() {
        println!(
            "notice: walkers_extras peer skipped (build it: cargo build --release \
             --manifest-path tools/bench-peer-walkers/Cargo.toml)"
        );
    }
    let options = ClusterOptions::default();
    println!();
    println!(
        "## Build (ms, median) — ours: criterion median; peers: median of their own runs on the same points"
    );
    println!(
        "| points | layout | ours | ours bytes/point | supercluster-js | ratio js/ours | walkers_extras build | ratio |"
    );
    println!("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut walkers_queries = Vec::new();
    for layout in LAYOUTS {
        for n in SIZES {
            let pts = points(n, layout);
            let start = Instant::now();
            let Ok(index) = ClusterIndex::build(&pts, options) else {
                continue;
            };
            let once_ms = start.elapsed().as_secs_f64() * 1e3;
            let ours = target
                .as_ref()
                .and_then(|t| {
                    criterion_median_ms(t, &format!("cluster_build/{}/{n}", layout.slug()))
                })
                .unwrap_or(once_ms);
            let bytes_per_point = index.memory_bytes() as f64 / n as f64;

            let file =
                std::env::temp_dir().join(format!("zhongzhan-scale-{}-{n}.json", layout.slug()));
            let coords: Vec<[f64; 2]> = pts.iter().map(|p| [p.lon, p.lat]).collect();
            let written = serde_json::to_string(&coords)
                .ok()
                .and_then(|text| std::fs::write(&file, text).ok());
            let runs = if n >= 1_000_000 { 5 } else { 10 };
            let js = (node_ok && written.is_some())
                .then(|| {
                    run_json(
                        Command::new("node")
                            .current_dir(&node_dir)
                            .arg("supercluster-bench.mjs")
                            .arg(&file)
                            .arg(runs.to_string())
                            .arg(options.radius_px.to_string())
                            .arg(options.tile_size_px.to_string())
                            .arg(options.min_zoom.to_string())
                            .arg(options.max_zoom.to_string()),
                    )
                })
                .and_then(|r| {
                    r.map_err(|e| println!("notice: supercluster peer failed: {e}"))
                        .ok()
                });
            let js_ms = js.as_ref().and_then(|j| j["median_ms"].as_f64());

            let walkers = walkers_peer
                .as_ref()
                .filter(|_| written.is_some())
                .and_then(|exe| {
                    let mut command = Command::new(exe);
                    command
                        .arg(&file)
                        .arg(if n >= 1_000_000 { "1" } else { "3" })
                        .arg(options.radius_px.to_string())
                        .arg(CENTRE.0.to_string())
                        .arg(CENTRE.1.to_string());
                    for zoom in QUERY_ZOOMS {
                        command.arg(zoom.to_string());
                    }
                    run_json(&mut command)
                        .map_err(|e| println!("notice: walkers_extras peer failed: {e}"))
                        .ok()
                });
            let walkers_ms = walkers.as_ref().and_then(|j| j["build_median_ms"].as_f64());
            if let Some(w) = &walkers {
                walkers_queries.push((layout, n, w["query"].clone()));
            }
            std::fs::remove_file(&file).ok();
            println!(
                "| {n} | {} | {ours:.2} | {bytes_per_point:.1} | {} | {} | {} | {} |",
                layout.slug(),
                ms(js_ms),
                ratio(js_ms, ours),
                ms(walkers_ms),
                ratio(walkers_ms, ours),
            );
        }
    }

    println!();
    println!("## Per-frame grouping of a 1000×800 view (ms, median)");
    println!(
        "| points | layout | zoom | ours (criterion, all visible) | walkers_extras cluster_stats | ratio |"
    );
    println!("| ---: | --- | ---: | ---: | ---: | ---: |");
    for (layout, n, queries) in walkers_queries {
        for q in queries.as_array().into_iter().flatten() {
            let zoom = q["zoom"].as_f64().unwrap_or(f64::NAN);
            let peer = q["median_ms"].as_f64();
            // Our per-frame query is only benchmarked at 1M; time smaller sets here.
            let ours = if n == 1_000_000 {
                target.as_ref().and_then(|t| {
                    criterion_median_ms(
                        t,
                        &format!("cluster_query_1m/{}_z{zoom}_all", layout.slug()),
                    )
                })
            } else {
                ClusterIndex::build(&points(n, layout), options)
                    .ok()
                    .map(|index| {
                        let bbox = viewport(zoom, 40.0);
                        let mut out = Vec::new();
                        median(
                            (0..50)
                                .map(|_| {
                                    let start = Instant::now();
                                    index.clusters_into(bbox, zoom, &ALL_VISIBLE, &mut out);
                                    start.elapsed().as_secs_f64() * 1e3
                                })
                                .collect(),
                        )
                    })
            };
            println!(
                "| {n} | {} | {zoom} | {} | {} | {} |",
                layout.slug(),
                ms(ours),
                ms(peer),
                ours.map_or("—".to_owned(), |o| ratio(peer, o)),
            );
        }
    }
    let spatial = SpatialIndex::build(&points(1_000_000, Layout::Clustered));
    println!();
    println!(
        "spatial index (1M clustered): {:.1} bytes/point (grids as allocated)",
        spatial.memory_bytes() as f64 / spatial.len().max(1) as f64
    );
}
