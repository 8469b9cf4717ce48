//! Big-file benchmarks (the data-safety issue): opening a GeoJSON file of 10k / 100k / 300k
//! synthetic facilities against a raw `serde_json::from_slice::<Value>` of the same bytes in
//! the same run (the peer: what any reader of the file must at least do), serialising it for a
//! save, and restoring or importing N facilities as one batch edit (O(n) growth: compare the
//! three sizes). Medians are printed by criterion; the ratios are printed at the end.
//!
//! The `edit_in_app` group is one edit (a facility renamed) applied by the whole app and the
//! frame that follows, against the same app's frame without an edit and an empty egui frame in
//! the same run: what staff feel per edit.
//!
//! The `save_start` group is the frame in which Ctrl+S starts saving a big file, against a
//! frame without a save in the same run.
//!
//! Run: `cargo bench --bench files -- --sample-size 10` (300k takes a while per sample).

#![expect(
    clippy::indexing_slicing,
    reason = "a benchmark fails loudly on its own fixtures"
)]

use std::time::{Duration, Instant};

#[expect(
    dead_code,
    reason = "this bench uses only the context and the tessellated pass"
)]
mod common;

use criterion::{BenchmarkId, Criterion, criterion_group};
use zhongzhan_map::model::Facility;
use zhongzhan_map::model::edit::history::{Edit, History};
use zhongzhan_map::model::io::load::parse_facilities;
use zhongzhan_map::model::io::save::to_geojson_text;
use zhongzhan_map::model::synthetic::{Layout, facility, generate};

const SIZES: [usize; 3] = [10_000, 100_000, 300_000];

fn facilities(count: usize) -> Vec<Facility> {
    generate(count, Layout::Clustered, 7)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(number, point)| facility(point, number))
        .collect()
}

fn bench_open(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    for count in SIZES {
        let text = to_geojson_text(&facilities(count), Some("bench")).unwrap_or_default();
        group.bench_with_input(BenchmarkId::new("app", count), &text, |b, text| {
            b.iter(|| parse_facilities(text, "bench").map(|f| f.len()))
        });
        group.bench_with_input(
            BenchmarkId::new("serde_json_value", count),
            &text,
            |b, text| {
                b.iter(|| {
                    serde_json::from_slice::<serde_json::Value>(text.as_bytes())
                        .map(|v| v.is_object())
                })
            },
        );
    }
    group.finish();
}

fn bench_save_text(c: &mut Criterion) {
    let mut group = c.benchmark_group("save_text");
    group.sample_size(10);
    for count in SIZES {
        let list = facilities(count);
        group.bench_with_input(BenchmarkId::from_parameter(count), &list, |b, list| {
            b.iter(|| to_geojson_text(list, Some("bench")).map(|t| t.len()))
        });
    }
    group.finish();
}

fn bench_edit_in_app(c: &mut Criterion) {
    use zhongzhan_map::app::MapApp;
    use zhongzhan_map::command::{Command, EditCommand};
    let mut group = c.benchmark_group("edit_in_app");
    group.sample_size(10);
    let window = egui::vec2(1400.0, 900.0);
    let ctx = common::context_with_fonts();
    group.bench_function("empty_frame_peer", |b| {
        b.iter(|| common::tessellated_pass(&ctx, window, |_| {}))
    });
    for count in [10_000, 100_000, 300_000] {
        let mut app = MapApp::with_facilities(facilities(count), "bench", None);
        let ctx = common::context_with_fonts();
        common::tessellated_pass(&ctx, window, |ui| app.show(ui));
        group.bench_function(BenchmarkId::new("frame_without_edit", count), |b| {
            b.iter(|| common::tessellated_pass(&ctx, window, |ui| app.show(ui)))
        });
        let mut renamed = app.catalog().facilities()[count / 2].clone();
        let mut round = 0_u64;
        group.bench_function(BenchmarkId::new("rename_and_frame", count), |b| {
            b.iter(|| {
                round += 1;
                renamed.name_zh = format!("改名 {round}").into();
                app.push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
                    renamed.clone(),
                ))));
                common::tessellated_pass(&ctx, window, |ui| app.show(ui))
            })
        });
        // A move: the clusters are rebuilt too (on a worker from 10 000 facilities, one build at
        // a time).
        let mut moved = app.catalog().facilities()[count / 3].clone();
        group.bench_function(BenchmarkId::new("move_and_frame", count), |b| {
            b.iter(|| {
                round += 1;
                let step = if round.is_multiple_of(2) {
                    0.0001
                } else {
                    -0.0001
                };
                if let zhongzhan_map::model::FacilityGeometry::Point(point) = &mut moved.geometry {
                    point.0.x += step;
                }
                app.push_command(Command::Edit(EditCommand::UpdateFacility(Box::new(
                    moved.clone(),
                ))));
                common::tessellated_pass(&ctx, window, |ui| app.show(ui))
            })
        });
        // Staff delete a facility in the middle and undo it: the later indices shift down and
        // back up, the clusters are rebuilt (worker).
        app.push_command(Command::Edit(EditCommand::SetEditing(true)));
        let deleted = app.catalog().facilities()[count / 5].id.clone();
        group.bench_function(BenchmarkId::new("delete_undo_and_frame", count), |b| {
            b.iter(|| {
                app.push_command(Command::Edit(EditCommand::Delete(deleted.clone())));
                app.push_command(Command::Edit(EditCommand::Undo));
                common::tessellated_pass(&ctx, window, |ui| app.show(ui))
            })
        });
        // A colleague deletes a facility in the middle (the shared database's live update):
        // every later index moves down by one, the clusters are rebuilt (worker).
        let mut next = count / 4;
        group.bench_function(
            BenchmarkId::new("colleague_removal_and_frame", count),
            |b| {
                b.iter(|| {
                    let id = app.catalog().facilities().get(next).map(|f| f.id.clone());
                    next = (next + 7919) % (count / 2);
                    if let Some(id) = id {
                        app.forget_removed_elsewhere(&id);
                    }
                    common::tessellated_pass(&ctx, window, |ui| app.show(ui))
                })
            },
        );
    }
    group.finish();
}

/// The frame in which Ctrl+S starts a background save of a big file, against a frame without
/// one (same app, same run): the window must not stall while the save starts. Each save is
/// cancelled right after its first frame (the bench measures the start, not the writing).
fn bench_save_start(c: &mut Criterion) {
    use zhongzhan_map::app::{DataSource, MapApp};
    use zhongzhan_map::command::{Command, EditCommand, FileCommand};
    let mut group = c.benchmark_group("save_start");
    group.sample_size(10);
    let window = egui::vec2(1400.0, 900.0);
    let dir = std::env::temp_dir().join(format!("bench-save-start-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    for count in [100_000, 300_000] {
        let path = dir.join(format!("{count}.geojson"));
        let Ok(text) = to_geojson_text(&facilities(count), Some("bench")) else {
            continue;
        };
        if std::fs::write(&path, text).is_err() {
            continue;
        }
        let mut app = MapApp::new(DataSource::File(path.clone()), None);
        let ctx = common::context_with_fonts();
        while app.is_loading() {
            common::tessellated_pass(&ctx, window, |ui| app.show(ui));
            std::thread::sleep(Duration::from_millis(20));
        }
        app.push_command(Command::Edit(EditCommand::SetEditing(true)));
        common::tessellated_pass(&ctx, window, |ui| app.show(ui));
        group.bench_function(BenchmarkId::new("frame_without_save", count), |b| {
            b.iter(|| common::tessellated_pass(&ctx, window, |ui| app.show(ui)))
        });
        // What starting a save did on the window's thread before: read and hash the file,
        // copy the list.
        group.bench_function(BenchmarkId::new("former_start_work_peer", count), |b| {
            b.iter(|| {
                let state = zhongzhan_map::model::io::save::disk_state(&path, 0);
                let copy = app.catalog().facilities().to_vec();
                (
                    state == zhongzhan_map::model::io::save::DiskState::Missing,
                    copy.len(),
                )
            })
        });
        group.bench_function(BenchmarkId::new("frame_starting_a_save", count), |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    app.push_command(Command::File(FileCommand::Save));
                    let started = Instant::now();
                    common::tessellated_pass(&ctx, window, |ui| app.show(ui));
                    total += started.elapsed();
                    app.push_command(Command::File(FileCommand::CancelSave));
                    while app.save_status().is_some() {
                        common::tessellated_pass(&ctx, window, |ui| app.show(ui));
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
                total
            })
        });
    }
    group.finish();
    std::fs::remove_dir_all(&dir).ok();
}

fn bench_restore(c: &mut Criterion) {
    let mut group = c.benchmark_group("restore_batch");
    group.sample_size(10);
    for count in SIZES {
        let list = facilities(count);
        group.bench_with_input(BenchmarkId::from_parameter(count), &list, |b, list| {
            b.iter_batched(
                || (Vec::new(), Edit::replace_all(&[], list.iter().cloned())),
                |(mut current, restore)| {
                    let mut history = History::default();
                    history.apply(restore, &mut current).map(|()| current.len())
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// One more pass outside criterion: the app's open time over the peer's, per size.
fn print_ratios() {
    println!("\nopen: app vs serde_json::Value of the same bytes (median of 5)");
    for count in SIZES {
        let text = to_geojson_text(&facilities(count), Some("bench")).unwrap_or_default();
        let median = |f: &dyn Fn()| {
            let mut times: Vec<Duration> = (0..5)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed()
                })
                .collect();
            times.sort();
            times[2]
        };
        let app = median(&|| {
            std::hint::black_box(parse_facilities(&text, "bench").map(|f| f.len()).ok());
        });
        let peer = median(&|| {
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(text.as_bytes()).ok());
        });
        println!(
            "{count:>7}: app {:>8.1} ms, serde_json {:>8.1} ms, ratio {:.2}",
            app.as_secs_f64() * 1e3,
            peer.as_secs_f64() * 1e3,
            app.as_secs_f64() / peer.as_secs_f64()
        );
    }
}

criterion_group!(
    benches,
    bench_open,
    bench_save_text,
    bench_restore,
    bench_edit_in_app,
    bench_save_start
);

fn main() {
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
    // `FILES_SKIP_RATIOS=1` skips the extra pass (when only one group is run).
    if std::env::var_os("FILES_SKIP_RATIOS").is_none() {
        print_ratios();
    }
}
