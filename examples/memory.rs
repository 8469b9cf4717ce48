//! Where the memory goes at 1M facilities: live heap bytes per facility of the facilities and
//! of each structure the app builds over them, counted by a global allocator that adds up
//! what is allocated and freed (exact, unlike resident memory, which `cargo bench --bench
//! frame` prints). Run: `cargo run --release --example memory [COUNT]`.

#![expect(clippy::print_stdout, reason = "a measuring tool prints its table")]

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use zhongzhan_map::app::MapApp;
use zhongzhan_map::map::facilities::prepare_all;
use zhongzhan_map::model::index::cluster::{ClusterIndex, ClusterOptions};
use zhongzhan_map::model::index::name_order::NameOrder;
use zhongzhan_map::model::index::spatial::SpatialIndex;
use zhongzhan_map::model::synthetic::{Layout, facility, generate};
use zhongzhan_map::model::{Catalog, Datum, Facility};

/// The system allocator, counting the bytes alive.
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's guarantees for `alloc` hold for the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: AllocLayout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `pointer` came from `alloc` above, with this layout.
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(pointer, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// Live bytes per facility that `build` adds (what it returns is kept until measured).
fn per_facility<T>(count: usize, build: impl FnOnce() -> T) -> (f64, T) {
    let before = live_bytes();
    let built = build();
    ((live_bytes() - before) as f64 / count as f64, built)
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(1_000_000);
    let Ok(points) = generate(count, Layout::Clustered, 7) else {
        println!("the district boundary is not available");
        return;
    };
    println!("{count} synthetic facilities; bytes per facility:");
    println!(
        "  Facility inline                {:>6}",
        std::mem::size_of::<Facility>()
    );
    let (bytes, facilities) = per_facility(count, || {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| facility(p, i))
            .collect::<Vec<_>>()
    });
    println!("  facilities (inline and heap)   {bytes:>6.0}");
    let catalog = Catalog::new(Vec::new());
    let (bytes, names) = per_facility(count, || NameOrder::new(&facilities));
    println!("  name order                     {bytes:>6.0}");
    let (bytes, spatial) = per_facility(count, || SpatialIndex::build(&points));
    println!("  spatial index                  {bytes:>6.0}");
    let options = ClusterOptions {
        radius_px: f64::from(zhongzhan_map::theme::CLUSTER_RADIUS_PX),
        max_zoom: zhongzhan_map::theme::CLUSTER_MAX_ZOOM_LEVEL,
        ..ClusterOptions::default()
    };
    let (bytes, clusters) = per_facility(count, || ClusterIndex::build(&points, options));
    println!("  clusters                       {bytes:>6.0}");
    drop((catalog, names, spatial, clusters));
    let catalog = Catalog::new(facilities);
    let (bytes, prepared) = per_facility(count, || prepare_all(&catalog, Datum::Wgs84));
    println!("  prepared shapes                {bytes:>6.0}");
    drop(prepared);
    let facilities = catalog.facilities().to_vec();
    drop(catalog);
    let (bytes, app) = per_facility(count, || {
        MapApp::with_facilities(facilities, "memory", None)
    });
    println!(
        "  the whole app over its facilities (all of the above, the id index, list orders)  {bytes:.0}"
    );
    drop(app);
}
