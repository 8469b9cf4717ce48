//! Times walkers_extras' `GroupedPlacesTree` on a points file and prints one line of JSON: the
//! median build time (`new`, an rstar bulk load) and the median `cluster_stats` time (what a
//! frame costs it to group) for a 1000×800 view at a few zoom levels.
//!
//! Usage: bench-peer-walkers POINTS.json RUNS RADIUS_PX CENTRE_LON CENTRE_LAT ZOOM...

use std::time::Instant;

use egui::{Pos2, Rect, Ui, Vec2};
use walkers::{MapMemory, MercatorProjection, Position, Projector, lon_lat};
use walkers_extras::{Group, GroupedPlacesTree, Place};

#[derive(Clone)]
struct Dot(Position);

impl Place for Dot {
    fn position(&self) -> Position {
        self.0
    }

    fn draw(&self, _ui: &Ui, _projector: &Projector) {}
}

struct Badge;

impl Group for Badge {
    fn draw<T: Place>(&self, _: &[&T], _: Position, _: &Projector, _: &mut Ui) {}
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 6 {
        return Err("usage: bench-peer-walkers POINTS.json RUNS RADIUS_PX LON LAT ZOOM...".into());
    }
    let coords: Vec<[f64; 2]> = serde_json::from_str(&std::fs::read_to_string(&args[0])?)?;
    let runs: usize = args[1].parse()?;
    let radius_px: f32 = args[2].parse()?;
    let centre = lon_lat(args[3].parse()?, args[4].parse()?);
    let zooms: Vec<f64> = args[5..].iter().map(|z| z.parse()).collect::<Result<_, _>>()?;
    let places: Vec<Dot> = coords.iter().map(|c| Dot(lon_lat(c[0], c[1]))).collect();

    let mut build_ms = Vec::new();
    let mut tree = None;
    for _ in 0..runs {
        let input = places.clone();
        let start = Instant::now();
        let t = GroupedPlacesTree::new(input, Badge)
            .with_screen_radius_px(radius_px)
            .viewport_only(true);
        build_ms.push(start.elapsed().as_secs_f64() * 1e3);
        tree = Some(t);
    }
    let tree = tree.ok_or("no runs")?;

    let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 800.0));
    let mut queries = Vec::new();
    for zoom in zooms {
        let mut memory = MapMemory::default();
        memory.center_at(centre);
        memory.set_zoom(zoom)?;
        let projector = Projector::new(rect, &MercatorProjection, &memory, centre);
        let mut times = Vec::new();
        let mut stats = (0, 0);
        for _ in 0..runs {
            let start = Instant::now();
            stats = tree.cluster_stats(rect, &projector);
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        queries.push(serde_json::json!({
            "zoom": zoom, "median_ms": median(times), "groups": stats.0, "largest_group": stats.1,
        }));
    }
    println!(
        "{}",
        serde_json::json!({
            "peer": "walkers_extras GroupedPlacesTree",
            "version": "0.65",
            "points": coords.len(),
            "runs": runs,
            "build_median_ms": median(build_ms),
            "query": queries,
        })
    );
    Ok(())
}
