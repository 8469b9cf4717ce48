//! Seeded synthetic point sets for benchmarks and scale tests: `N` points inside Zhongzhan
//! District, either uniform or clustered like a city (Gaussian blobs around a few hundred
//! centres over a thin uniform background), with categories assigned deterministically in
//! roughly the article's proportions. The same seed always gives the same points.

use geo::{BoundingRect, Coord, MultiPolygon};

use super::category::Category;
use super::index::cluster::ClusterPoint;

/// How the points are spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Uniformly inside the district.
    Uniform,
    /// Gaussian blobs around [`CLUSTER_CENTRES`] centres (sizes and spreads vary), plus 10 %
    /// uniform background.
    Clustered,
}

impl Layout {
    /// Parses `uniform` or `clustered`.
    pub fn from_slug(slug: &str) -> Option<Layout> {
        match slug {
            "uniform" => Some(Layout::Uniform),
            "clustered" => Some(Layout::Clustered),
            _ => None,
        }
    }

    /// `uniform` or `clustered`.
    pub fn slug(self) -> &'static str {
        match self {
            Layout::Uniform => "uniform",
            Layout::Clustered => "clustered",
        }
    }
}

/// Number of blob centres of the clustered layout.
pub const CLUSTER_CENTRES: usize = 300;

/// Relative frequency of each category, in [`Category::ALL`] order (the article's counts: 1
/// station, 16 school posts, 10 vendor areas, 10 sales points, 1 night market, public works).
const CATEGORY_WEIGHTS: [u32; Category::ALL.len()] = [1, 16, 10, 10, 1, 3, 1, 1, 2];

/// Why points could not be generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyntheticError {
    /// The bundled district boundary could not be read.
    #[error("the district boundary is not available")]
    NoBoundary,
}

/// A small, fast, seeded generator (xorshift64*); not for anything but test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// A polygon cut into horizontal bands, each knowing the edges that cross it, so that
/// point-in-polygon (even-odd) costs a handful of edge tests instead of hundreds.
#[derive(Debug, Clone)]
pub struct BandedPolygon {
    min: Coord<f64>,
    max: Coord<f64>,
    band_height: f64,
    bands: Vec<Vec<[Coord<f64>; 2]>>,
}

impl BandedPolygon {
    /// Prepares `area` (holes and several parts allowed) with `band_count` bands.
    pub fn new(area: &MultiPolygon<f64>, band_count: usize) -> Option<Self> {
        let rect = area.bounding_rect()?;
        let band_count = band_count.max(1);
        let band_height = (rect.height() / band_count as f64).max(f64::MIN_POSITIVE);
        let mut bands = vec![Vec::new(); band_count];
        let rings = area
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        for ring in rings {
            for line in ring.lines() {
                let (lo, hi) = (line.start.y.min(line.end.y), line.start.y.max(line.end.y));
                let first = ((lo - rect.min().y) / band_height).floor().max(0.0) as usize;
                let last = ((hi - rect.min().y) / band_height).floor().max(0.0) as usize;
                for band in bands
                    .iter_mut()
                    .take(last.min(band_count - 1) + 1)
                    .skip(first)
                {
                    band.push([line.start, line.end]);
                }
            }
        }
        Some(Self {
            min: rect.min(),
            max: rect.max(),
            band_height,
            bands,
        })
    }

    /// Whether `(x, y)` is inside (even-odd rule).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        if !(x >= self.min.x && x <= self.max.x && y >= self.min.y && y <= self.max.y) {
            return false;
        }
        let band = ((y - self.min.y) / self.band_height) as usize;
        let Some(edges) = self.bands.get(band.min(self.bands.len() - 1)) else {
            return false;
        };
        let mut inside = false;
        for [a, b] in edges {
            if (a.y > y) != (b.y > y) {
                let cross_x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
                if x < cross_x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// South-west corner of the bounding box.
    pub fn min(&self) -> Coord<f64> {
        self.min
    }

    /// North-east corner of the bounding box.
    pub fn max(&self) -> Coord<f64> {
        self.max
    }

    /// A uniform random point inside (rejection sampling in the bounding box).
    pub fn sample(&self, rng: &mut Rng) -> Coord<f64> {
        loop {
            let x = self.min.x + rng.unit() * (self.max.x - self.min.x);
            let y = self.min.y + rng.unit() * (self.max.y - self.min.y);
            if self.contains(x, y) {
                return Coord { x, y };
            }
        }
    }
}

/// A category drawn with [`CATEGORY_WEIGHTS`].
fn pick_category(rng: &mut Rng) -> Category {
    let total: u32 = CATEGORY_WEIGHTS.iter().sum();
    let mut ticket = (rng.next_u64() % u64::from(total)) as u32;
    for (category, weight) in Category::ALL.into_iter().zip(CATEGORY_WEIGHTS) {
        if ticket < weight {
            return category;
        }
        ticket -= weight;
    }
    Category::SchoolPost
}

/// `count` points inside `area` with `layout`, reproducible from `seed`. `index` is the
/// position in the returned vector.
pub fn generate_in(
    area: &MultiPolygon<f64>,
    count: usize,
    layout: Layout,
    seed: u64,
) -> Option<Vec<ClusterPoint>> {
    let polygon = BandedPolygon::new(area, 1024)?;
    let mut rng = Rng::new(seed);
    let mut points = Vec::with_capacity(count);
    let push = |points: &mut Vec<ClusterPoint>, at: Coord<f64>, rng: &mut Rng| {
        let index = points.len();
        points.push(ClusterPoint {
            lon: at.x,
            lat: at.y,
            category: pick_category(rng),
            index,
        });
    };
    match layout {
        Layout::Uniform => {
            for _ in 0..count {
                let at = polygon.sample(&mut rng);
                push(&mut points, at, &mut rng);
            }
        }
        Layout::Clustered => {
            // Centres with a heavy-tailed weight and a spread of 60 m to 600 m.
            let metres_per_degree_lat = 111_320.0;
            let cos_lat = ((polygon.min.y + polygon.max.y) / 2.0).to_radians().cos();
            let centres: Vec<(Coord<f64>, f64, f64)> = (0..CLUSTER_CENTRES)
                .map(|_| {
                    let at = polygon.sample(&mut rng);
                    let sigma_m = 60.0 + rng.unit() * 540.0;
                    let weight = 1.0 / (0.05 + rng.unit()).powf(1.5);
                    (at, sigma_m, weight)
                })
                .collect();
            let total_weight: f64 = centres.iter().map(|c| c.2).sum();
            let mut cumulative = Vec::with_capacity(centres.len());
            let mut acc = 0.0;
            for c in &centres {
                acc += c.2 / total_weight;
                cumulative.push(acc);
            }
            for _ in 0..count {
                let at = if rng.unit() < 0.1 {
                    polygon.sample(&mut rng)
                } else {
                    let ticket = rng.unit();
                    let which = cumulative
                        .partition_point(|&c| c < ticket)
                        .min(centres.len() - 1);
                    let Some(&(centre, sigma_m, _)) = centres.get(which) else {
                        continue;
                    };
                    // Retry until inside; after a few misses fall back to the centre itself.
                    let mut at = centre;
                    for _ in 0..16 {
                        let x =
                            centre.x + rng.normal() * sigma_m / (metres_per_degree_lat * cos_lat);
                        let y = centre.y + rng.normal() * sigma_m / metres_per_degree_lat;
                        if polygon.contains(x, y) {
                            at = Coord { x, y };
                            break;
                        }
                    }
                    at
                };
                push(&mut points, at, &mut rng);
            }
        }
    }
    Some(points)
}

/// `count` points inside Zhongzhan District (the bundled boundary); see [`generate_in`].
pub fn generate(
    count: usize,
    layout: Layout,
    seed: u64,
) -> Result<Vec<ClusterPoint>, SyntheticError> {
    let district = crate::home_district().ok_or(SyntheticError::NoBoundary)?;
    generate_in(&district, count, layout, seed).ok_or(SyntheticError::NoBoundary)
}

/// A synthetic point as a facility (for loading large sets into the app and benchmarks): a
/// point of the point's category, honestly marked as synthetic and illustrative.
pub fn facility(point: &ClusterPoint, number: usize) -> super::Facility {
    use super::{Facility, FacilityGeometry, FacilityId, Precision, Provenance};
    let category = point.category;
    Facility::new(
        FacilityId::new(format!("synthetic-{number:07}")),
        category,
        (
            format!("{} 合成点 {number}", category.name_zh()),
            format!("{} synthetic {number}", category.name_en()),
        ),
        Provenance {
            source_quote: Default::default(),
            source_ref: Default::default(),
            precision: Precision::Illustrative,
            method: super::provenance::shared_text("synthetic benchmark data (seeded)"),
        },
        FacilityGeometry::Point(geo::Point::new(point.lon, point.lat)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    #[test]
    fn the_same_seed_gives_the_same_points_and_another_seed_others() {
        for layout in [Layout::Uniform, Layout::Clustered] {
            let a = generate(500, layout, 7).unwrap();
            let b = generate(500, layout, 7).unwrap();
            let c = generate(500, layout, 8).unwrap();
            assert_eq!(a, b);
            assert_ne!(a, c);
            assert_eq!(a.len(), 500);
            assert!(a.iter().enumerate().all(|(i, p)| p.index == i));
        }
    }

    #[test]
    fn every_point_is_inside_the_district() {
        let district = crate::home_district().unwrap();
        for layout in [Layout::Uniform, Layout::Clustered] {
            for p in generate(2000, layout, 1).unwrap() {
                assert!(
                    district.contains(&Point::new(p.lon, p.lat)),
                    "{layout:?}: {p:?}"
                );
            }
        }
    }

    #[test]
    fn banded_point_in_polygon_agrees_with_geo() {
        let district = crate::home_district().unwrap();
        let banded = BandedPolygon::new(&district, 64).unwrap();
        let mut rng = Rng::new(3);
        for _ in 0..5000 {
            let x = 113.05 + rng.unit() * 0.2;
            let y = 35.15 + rng.unit() * 0.25;
            assert_eq!(
                banded.contains(x, y),
                district.contains(&Point::new(x, y)),
                "{x} {y}"
            );
        }
    }

    #[test]
    fn school_posts_are_the_most_common_category() {
        let points = generate(5000, Layout::Uniform, 2).unwrap();
        let mut counts = [0usize; Category::ALL.len()];
        for p in &points {
            counts[p.category.index()] += 1;
        }
        let most = counts
            .iter()
            .enumerate()
            .max_by_key(|(_, n)| **n)
            .map(|(i, _)| i);
        assert_eq!(most, Some(Category::SchoolPost.index()));
        assert!(counts.iter().all(|&n| n > 0));
    }

    #[test]
    fn the_clustered_layout_is_denser_somewhere_than_the_uniform_one() {
        // Count points per ~500 m cell; blobs make the busiest cell much fuller.
        let busiest = |points: &[ClusterPoint]| {
            let mut cells = std::collections::HashMap::new();
            for p in points {
                *cells
                    .entry(((p.lon * 200.0) as i64, (p.lat * 200.0) as i64))
                    .or_insert(0usize) += 1;
            }
            cells.values().copied().max().unwrap_or(0)
        };
        let uniform = generate(20_000, Layout::Uniform, 5).unwrap();
        let clustered = generate(20_000, Layout::Clustered, 5).unwrap();
        assert!(busiest(&clustered) > 3 * busiest(&uniform));
    }

    #[test]
    fn layouts_parse_from_their_slugs() {
        for layout in [Layout::Uniform, Layout::Clustered] {
            assert_eq!(Layout::from_slug(layout.slug()), Some(layout));
        }
        assert_eq!(Layout::from_slug("random"), None);
    }
}
