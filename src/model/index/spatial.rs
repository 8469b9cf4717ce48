//! A spatial index over point positions (facility anchors or synthetic points) for viewport
//! culling, hit-test candidates and nearest-facility queries, all aware of the category filter.
//! One grid per category, so hiding a category costs nothing and "nearest of each category" is
//! one search per grid.
//!
//! Positions are stored in local metres (an equirectangular projection about the centre of the
//! data), so distances are in metres without trigonometry per query. Over a district (~20 km)
//! this differs from the haversine distance by well under 0.5 %; it is not meant for data spread
//! over a continent. The stored positions are `f32` metres (millimetre steps over a district);
//! query positions and distances stay `f64`.
//!
//! Each grid is a flat array of 12-byte entries sorted by cell, with the first entry of every
//! cell (cells sized for about `POINTS_PER_CELL` points): about 13 bytes per point, where
//! rstar's tree took 54 to 76. A range query reads the rows of cells it covers; a nearest query
//! walks rings of cells outward until no unvisited cell can hold anything nearer. An edit
//! moves the entries after it by one place (a memmove of at most 12 bytes per point); a point
//! added outside the grid lays that category's grid out again.

use geo::{Point, Rect};

use crate::model::category::Category;
use crate::model::index::cluster::{CATEGORY_COUNT, ClusterPoint, Visibility};

/// Metres per degree of latitude (and of longitude at the equator), WGS84 mean radius.
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// Points per grid cell a grid is laid out for.
const POINTS_PER_CELL: usize = 8;

/// Most cells along one side of a grid (so a line of points does not make millions of cells).
const MAX_CELLS_PER_SIDE: f64 = 4096.0;

/// A point found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpatialHit {
    /// The point's index in the caller's vector.
    pub index: usize,
    /// Its category.
    pub category: Category,
    /// Distance from the query position in metres (local equirectangular).
    pub distance_m: f64,
}

/// Per-category grids over points; build once per data set, then keep in step per edit.
#[derive(Debug, Clone)]
pub struct SpatialIndex {
    origin_lon: f64,
    origin_lat: f64,
    metres_per_degree_lon: f64,
    grids: Vec<Grid>,
    len: usize,
}

/// One indexed point: local metres as `f32`, and the caller's index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    east_m: f32,
    north_m: f32,
    index: u32,
}

impl Entry {
    fn position(&self) -> [f64; 2] {
        [f64::from(self.east_m), f64::from(self.north_m)]
    }
}

/// The points of one category, sorted by grid cell (row-major).
#[derive(Debug, Clone)]
struct Grid {
    /// Local metres of the grid's lower-left corner.
    min_m: [f64; 2],
    cell_m: f64,
    columns: usize,
    rows: usize,
    /// Every point of the category; cell `c`'s are `entries[starts[c]..starts[c + 1]]`.
    entries: Vec<Entry>,
    /// `columns × rows + 1` offsets into `entries`.
    starts: Vec<u32>,
    /// How many entries the cells were sized for: once insertions double it, the grid is laid
    /// out again (as a `Vec` doubles), so cells keep about [`POINTS_PER_CELL`] each.
    laid_for: usize,
}

/// Cells of a grid a query covers: columns and rows, both inclusive.
#[derive(Debug, Clone, Copy)]
struct CellRange {
    columns: (usize, usize),
    rows: (usize, usize),
}

impl Grid {
    /// A grid laid out for `entries` (their bounds, about [`POINTS_PER_CELL`] per cell).
    fn new(mut entries: Vec<Entry>) -> Self {
        let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for entry in &entries {
            let [east, north] = entry.position();
            min = [min[0].min(east), min[1].min(north)];
            max = [max[0].max(east), max[1].max(north)];
        }
        if entries.is_empty() {
            (min, max) = ([0.0; 2], [0.0; 2]);
        }
        let (width_m, height_m) = ((max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0));
        let cells = (entries.len() / POINTS_PER_CELL).max(1) as f64;
        let cell_m = (width_m * height_m / cells)
            .sqrt()
            .max(width_m.max(height_m) / MAX_CELLS_PER_SIDE);
        let columns = (width_m / cell_m) as usize + 1;
        let rows = (height_m / cell_m) as usize + 1;
        let mut grid = Grid {
            min_m: min,
            cell_m,
            columns,
            rows,
            entries: Vec::new(),
            starts: Vec::new(),
            laid_for: entries.len(),
        };
        // Counting sort by cell.
        let mut starts = vec![0u32; columns * rows + 1];
        for entry in &entries {
            if let Some(count) = starts.get_mut(grid.cell_of(entry.position()) + 1) {
                *count += 1;
            }
        }
        let mut total = 0;
        for start in &mut starts {
            total += *start;
            *start = total;
        }
        let mut next = starts.clone();
        let mut sorted = vec![
            Entry {
                east_m: 0.0,
                north_m: 0.0,
                index: 0
            };
            entries.len()
        ];
        for entry in entries.drain(..) {
            if let Some(slot) = next.get_mut(grid.cell_of(entry.position())) {
                if let Some(place) = sorted.get_mut(*slot as usize) {
                    *place = entry;
                }
                *slot += 1;
            }
        }
        grid.entries = sorted;
        grid.starts = starts;
        grid
    }

    /// The column and row of local position `at`, clamped to the grid.
    fn column_row(&self, at: [f64; 2]) -> (usize, usize) {
        let column = ((at[0] - self.min_m[0]) / self.cell_m).floor();
        let row = ((at[1] - self.min_m[1]) / self.cell_m).floor();
        // `as` saturates (NaN to 0), then the clamp keeps it inside.
        (
            (column.max(0.0) as usize).min(self.columns - 1),
            (row.max(0.0) as usize).min(self.rows - 1),
        )
    }

    /// The cell number of `at` (clamped).
    fn cell_of(&self, at: [f64; 2]) -> usize {
        let (column, row) = self.column_row(at);
        row * self.columns + column
    }

    /// Whether `at` lies inside the grid's cells (not only clamped to them).
    fn covers(&self, at: [f64; 2]) -> bool {
        at[0] >= self.min_m[0]
            && at[1] >= self.min_m[1]
            && at[0] < self.min_m[0] + self.columns as f64 * self.cell_m
            && at[1] < self.min_m[1] + self.rows as f64 * self.cell_m
    }

    /// The entries of cells `first..=last` (consecutive cell numbers).
    fn cells(&self, first: usize, last: usize) -> &[Entry] {
        let start = self.starts.get(first).copied().unwrap_or(0) as usize;
        let end = self.starts.get(last + 1).copied().unwrap_or(0) as usize;
        self.entries.get(start..end).unwrap_or_default()
    }

    /// The cells overlapping the local rectangle `min..max`, or `None` when it misses the grid.
    fn range(&self, min: [f64; 2], max: [f64; 2]) -> Option<CellRange> {
        let grid_max = [
            self.min_m[0] + self.columns as f64 * self.cell_m,
            self.min_m[1] + self.rows as f64 * self.cell_m,
        ];
        let misses = max[0] < self.min_m[0]
            || max[1] < self.min_m[1]
            || min[0] > grid_max[0]
            || min[1] > grid_max[1]
            || !(min[0] <= max[0] && min[1] <= max[1]);
        if misses || self.entries.is_empty() {
            return None;
        }
        let (first_column, first_row) = self.column_row(min);
        let (last_column, last_row) = self.column_row(max);
        Some(CellRange {
            columns: (first_column, last_column),
            rows: (first_row, last_row),
        })
    }

    /// Every entry in the cells of `range`, row by row.
    fn entries_in(&self, range: CellRange) -> impl Iterator<Item = &Entry> {
        (range.rows.0..=range.rows.1).flat_map(move |row| {
            self.cells(
                row * self.columns + range.columns.0,
                row * self.columns + range.columns.1,
            )
        })
    }

    /// Adds `entry`; lays the grid out again when it falls outside, or when the grid holds
    /// twice the entries its cells were sized for (amortised O(1) per insertion on top of the
    /// memmove).
    fn insert(&mut self, entry: Entry) {
        let outgrown = self.entries.len() + 1 > 2 * self.laid_for.max(POINTS_PER_CELL);
        if outgrown || !self.covers(entry.position()) {
            let mut entries = std::mem::take(&mut self.entries);
            entries.push(entry);
            *self = Grid::new(entries);
            return;
        }
        let cell = self.cell_of(entry.position());
        let at = self.starts.get(cell + 1).copied().unwrap_or(0) as usize;
        self.entries.insert(at.min(self.entries.len()), entry);
        for start in self.starts.iter_mut().skip(cell + 1) {
            *start += 1;
        }
    }

    /// Removes `entry`; returns whether it was there.
    fn remove(&mut self, entry: &Entry) -> bool {
        let cell = self.cell_of(entry.position());
        let start = self.starts.get(cell).copied().unwrap_or(0) as usize;
        let Some(offset) = self.cells(cell, cell).iter().position(|e| e == entry) else {
            return false;
        };
        self.entries.remove(start + offset);
        for start in self.starts.iter_mut().skip(cell + 1) {
            *start -= 1;
        }
        true
    }

    /// The nearest entry to `at` that `keep` accepts, with its distance: rings of cells
    /// around `at`'s cell, until no unvisited cell can be nearer than the best so far.
    fn nearest_where(&self, at: [f64; 2], keep: &impl Fn(usize) -> bool) -> Option<(Entry, f64)> {
        if self.entries.is_empty() {
            return None;
        }
        let (centre_column, centre_row) = self.column_row(at);
        let (centre_column, centre_row) = (centre_column as isize, centre_row as isize);
        let (columns, rows) = (self.columns as isize, self.rows as isize);
        let mut best: Option<(Entry, f64)> = None;
        let consider = |entries: &[Entry], best: &mut Option<(Entry, f64)>| {
            for entry in entries {
                let distance_m = distance(entry, &at);
                if best.is_none_or(|(_, d)| distance_m < d) && keep(entry.index as usize) {
                    *best = Some((*entry, distance_m));
                }
            }
        };
        for ring in 0.. {
            let (left, right) = (centre_column - ring, centre_column + ring);
            let (bottom, top) = (centre_row - ring, centre_row + ring);
            for row in bottom.max(0)..=top.min(rows - 1) {
                let base = row as usize * self.columns;
                if row == bottom || row == top {
                    let (first, last) = (left.max(0) as usize, right.min(columns - 1) as usize);
                    consider(self.cells(base + first, base + last), &mut best);
                } else {
                    for column in [left, right] {
                        if (0..columns).contains(&column) {
                            let cell = base + column as usize;
                            consider(self.cells(cell, cell), &mut best);
                        }
                    }
                }
            }
            // The nearest an unvisited cell can be: the distance to the nearest side of the
            // visited square that does not reach the grid's edge.
            let [min_east, min_north] = self.min_m;
            let east = |cells: isize| min_east + cells as f64 * self.cell_m;
            let north = |cells: isize| min_north + cells as f64 * self.cell_m;
            let sides = [
                (left > 0).then(|| at[0] - east(left)),
                (right < columns - 1).then(|| east(right + 1) - at[0]),
                (bottom > 0).then(|| at[1] - north(bottom)),
                (top < rows - 1).then(|| north(top + 1) - at[1]),
            ];
            let Some(unvisited_m) = sides.into_iter().flatten().reduce(f64::min) else {
                break;
            };
            if best.is_some_and(|(_, d)| d <= unvisited_m) {
                break;
            }
        }
        best
    }
}

impl SpatialIndex {
    /// Indexes `points`; points with non-finite coordinates or an index beyond 32 bits are
    /// left out.
    pub fn build(points: &[ClusterPoint]) -> Self {
        let usable = |p: &&ClusterPoint| {
            p.lon.is_finite() && p.lat.is_finite() && u32::try_from(p.index).is_ok()
        };
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for p in points.iter().filter(usable) {
            min_lon = min_lon.min(p.lon);
            max_lon = max_lon.max(p.lon);
            min_lat = min_lat.min(p.lat);
            max_lat = max_lat.max(p.lat);
        }
        let (origin_lon, origin_lat) = if min_lon.is_finite() {
            ((min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0)
        } else {
            (0.0, 0.0)
        };
        let mut index = SpatialIndex {
            origin_lon,
            origin_lat,
            metres_per_degree_lon: METRES_PER_DEGREE * origin_lat.to_radians().cos(),
            grids: Vec::new(),
            len: 0,
        };
        let mut per_category: Vec<Vec<Entry>> = vec![Vec::new(); CATEGORY_COUNT];
        for p in points.iter().filter(usable) {
            if let Some(entry) = index.entry(p)
                && let Some(entries) = per_category.get_mut(p.category.index())
            {
                entries.push(entry);
                index.len += 1;
            }
        }
        index.grids = per_category.into_iter().map(Grid::new).collect();
        index
    }

    /// The entry of `point`, or `None` when it cannot be indexed.
    fn entry(&self, point: &ClusterPoint) -> Option<Entry> {
        if !(point.lon.is_finite() && point.lat.is_finite()) {
            return None;
        }
        let [east_m, north_m] = self.to_local(point.lon, point.lat);
        Some(Entry {
            east_m: east_m as f32,
            north_m: north_m as f32,
            index: u32::try_from(point.index).ok()?,
        })
    }

    /// Updates the index after one facility changed: `before` (its entry as indexed, if it was
    /// a point) leaves, `after` (if it is a point now) joins. O(n) in a memmove of its
    /// category's entries; the local projection's origin stays where [`SpatialIndex::build`]
    /// put it.
    pub fn replace(&mut self, before: Option<&ClusterPoint>, after: Option<&ClusterPoint>) {
        if let Some(p) = before
            && let Some(entry) = self.entry(p)
            && let Some(grid) = self.grids.get_mut(p.category.index())
            && grid.remove(&entry)
        {
            self.len -= 1;
        }
        if let Some(p) = after
            && let Some(entry) = self.entry(p)
            && let Some(grid) = self.grids.get_mut(p.category.index())
        {
            grid.insert(entry);
            self.len += 1;
        }
    }

    /// Updates the index after facility `index` was removed from the catalog (`point`: its
    /// entry, if it was a point): the entry leaves and every later facility's index moves
    /// down by one. O(n) in integer steps, no grid laid out again.
    pub fn remove_shifting(&mut self, index: usize, point: Option<&ClusterPoint>) {
        self.replace(point, None);
        let Ok(removed) = u32::try_from(index) else {
            return;
        };
        for entry in self.grids.iter_mut().flat_map(|g| g.entries.iter_mut()) {
            if entry.index > removed {
                entry.index -= 1;
            }
        }
    }

    /// Updates the index after facility `index` was inserted into the catalog (`point`: its
    /// entry, if it is a point): every later facility's index moves up by one, then it
    /// joins. O(n) in integer steps, no grid laid out again.
    pub fn insert_shifting(&mut self, index: usize, point: Option<&ClusterPoint>) {
        if let Ok(inserted) = u32::try_from(index) {
            for entry in self.grids.iter_mut().flat_map(|g| g.entries.iter_mut()) {
                if entry.index >= inserted {
                    entry.index += 1;
                }
            }
        }
        self.replace(None, point);
    }

    /// Number of points indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Local metres `[east, north]` of a WGS84 position.
    fn to_local(&self, lon: f64, lat: f64) -> [f64; 2] {
        [
            (lon - self.origin_lon) * self.metres_per_degree_lon,
            (lat - self.origin_lat) * METRES_PER_DEGREE,
        ]
    }

    /// The distance in metres this index uses between two WGS84 positions.
    pub fn distance_m(&self, a: Point<f64>, b: Point<f64>) -> f64 {
        let [ax, ay] = self.to_local(a.x(), a.y());
        let [bx, by] = self.to_local(b.x(), b.y());
        (ax - bx).hypot(ay - by)
    }

    fn visible_grids<'a>(
        &'a self,
        visible: &'a Visibility,
    ) -> impl Iterator<Item = (Category, &'a Grid)> + 'a {
        Category::ALL
            .into_iter()
            .zip(&self.grids)
            .filter(|(c, _)| visible.get(c.index()).copied().unwrap_or(false))
    }

    /// Indices of the visible points inside `bbox` (WGS84, edges included), for viewport
    /// culling. Order: by category, then unspecified.
    pub fn in_bbox(&self, bbox: Rect<f64>, visible: &Visibility) -> Vec<usize> {
        let min = self.to_local(bbox.min().x, bbox.min().y);
        let max = self.to_local(bbox.max().x, bbox.max().y);
        // Compared as stored (f32), widened by a rounding step so a point on the edge stays in.
        let (min_f32, max_f32) = (
            [(min[0] as f32).next_down(), (min[1] as f32).next_down()],
            [(max[0] as f32).next_up(), (max[1] as f32).next_up()],
        );
        let inside = move |e: &&Entry| {
            e.east_m >= min_f32[0]
                && e.north_m >= min_f32[1]
                && e.east_m <= max_f32[0]
                && e.north_m <= max_f32[1]
        };
        self.visible_grids(visible)
            .filter_map(|(_, grid)| {
                let range = grid.range(min, max)?;
                Some(grid.entries_in(range).filter(inside))
            })
            .flatten()
            .map(|e| e.index as usize)
            .collect()
    }

    /// Visible points within `radius_m` of `at`, nearest first: the candidates for a click or
    /// hover (convert the pointer's tolerance in pixels to metres at the current zoom).
    pub fn within_m(&self, at: Point<f64>, radius_m: f64, visible: &Visibility) -> Vec<SpatialHit> {
        let centre = self.to_local(at.x(), at.y());
        let radius_m = if radius_m.is_finite() {
            radius_m.max(0.0)
        } else {
            0.0
        };
        let reach_m = radius_m + 0.01;
        let (min, max) = (
            [centre[0] - reach_m, centre[1] - reach_m],
            [centre[0] + reach_m, centre[1] + reach_m],
        );
        let mut hits: Vec<SpatialHit> = self
            .visible_grids(visible)
            .filter_map(|(category, grid)| {
                let range = grid.range(min, max)?;
                Some(grid.entries_in(range).map(move |e| SpatialHit {
                    index: e.index as usize,
                    category,
                    distance_m: distance(e, &centre),
                }))
            })
            .flatten()
            .filter(|hit| hit.distance_m <= radius_m)
            .collect();
        hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
        hits
    }

    /// The nearest visible point to `at`, if any is visible.
    pub fn nearest(&self, at: Point<f64>, visible: &Visibility) -> Option<SpatialHit> {
        self.nearest_by_category(at, visible)
            .into_iter()
            .min_by(|a, b| a.distance_m.total_cmp(&b.distance_m))
    }

    /// The nearest point of every visible category that has points, in legend order.
    pub fn nearest_by_category(&self, at: Point<f64>, visible: &Visibility) -> Vec<SpatialHit> {
        self.nearest_by_category_where(at, visible, |_| true)
    }

    /// The nearest point of every visible category that `keep` accepts (e.g. open ones), in
    /// legend order; points `keep` refuses are skipped in distance order.
    pub fn nearest_by_category_where(
        &self,
        at: Point<f64>,
        visible: &Visibility,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<SpatialHit> {
        let centre = self.to_local(at.x(), at.y());
        self.visible_grids(visible)
            .filter_map(|(category, grid)| {
                grid.nearest_where(centre, &keep)
                    .map(|(entry, distance_m)| SpatialHit {
                        index: entry.index as usize,
                        category,
                        distance_m,
                    })
            })
            .collect()
    }

    /// Heap bytes of the grids (entries and cell offsets, as allocated).
    pub fn memory_bytes(&self) -> usize {
        self.grids
            .iter()
            .map(|g| {
                g.entries.capacity() * std::mem::size_of::<Entry>()
                    + g.starts.capacity() * std::mem::size_of::<u32>()
            })
            .sum()
    }
}

/// Metres between a stored position and a query position.
fn distance(stored: &Entry, at: &[f64; 2]) -> f64 {
    let [east, north] = stored.position();
    (east - at[0]).hypot(north - at[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::index::cluster::ALL_VISIBLE;
    use geo::coord;

    /// The seeded generator of the synthetic data sets, so failures are reproducible.
    use crate::model::synthetic::Rng;

    fn random_points(n: usize, seed: u64) -> Vec<ClusterPoint> {
        let mut rng = Rng::new(seed);
        (0..n)
            .map(|i| ClusterPoint {
                lon: 113.09 + rng.unit() * 0.12,
                lat: 35.18 + rng.unit() * 0.17,
                category: Category::ALL[(rng.next_u64() % 9) as usize],
                index: 1000 + i,
            })
            .collect()
    }

    /// The distance from `at` to the nearest of `points` that `counts` accepts, by brute force.
    fn brute_nearest_m(
        index: &SpatialIndex,
        points: &[ClusterPoint],
        at: Point<f64>,
        counts: impl Fn(&ClusterPoint) -> bool,
    ) -> f64 {
        points
            .iter()
            .filter(|p| counts(p))
            .map(|p| index.distance_m(at, Point::new(p.lon, p.lat)))
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn a_moved_point_is_found_at_its_new_place_only() {
        let points = random_points(500, 7);
        let mut index = SpatialIndex::build(&points);
        let mut moved = points[10];
        moved.lon += 0.05;
        moved.category = Category::ServiceStation;
        index.replace(Some(&points[10]), Some(&moved));
        assert_eq!(index.len(), 500);
        let at = Point::new(moved.lon, moved.lat);
        let hit = index.nearest(at, &ALL_VISIBLE).unwrap();
        assert_eq!(
            (hit.index, hit.category),
            (moved.index, Category::ServiceStation)
        );
        let old = Point::new(points[10].lon, points[10].lat);
        assert!(index.within_m(old, 0.001, &ALL_VISIBLE).is_empty());
        index.replace(Some(&moved), None);
        assert_eq!(index.len(), 499);
    }

    fn filters() -> [Visibility; 3] {
        let mut some = ALL_VISIBLE;
        some[Category::SchoolPost.index()] = false;
        some[Category::WaterSupply.index()] = false;
        let mut one = [false; CATEGORY_COUNT];
        one[Category::NightMarket.index()] = true;
        [ALL_VISIBLE, some, one]
    }

    #[test]
    fn bbox_queries_match_brute_force() {
        let points = random_points(3000, 17);
        let index = SpatialIndex::build(&points);
        let mut rng = Rng::new(5);
        for visible in filters() {
            for _ in 0..30 {
                let (lon, lat) = (113.09 + rng.unit() * 0.1, 35.18 + rng.unit() * 0.15);
                let (w, h) = (rng.unit() * 0.04, rng.unit() * 0.04);
                let bbox = Rect::new(coord! { x: lon, y: lat }, coord! { x: lon + w, y: lat + h });
                let mut got = index.in_bbox(bbox, &visible);
                got.sort_unstable();
                let expected: Vec<usize> = points
                    .iter()
                    .filter(|p| visible[p.category.index()])
                    .filter(|p| {
                        p.lon >= lon && p.lon <= lon + w && p.lat >= lat && p.lat <= lat + h
                    })
                    .map(|p| p.index)
                    .collect();
                assert_eq!(got, expected);
            }
        }
    }

    /// Distances are to positions stored as `f32` metres: within a millimetre of exact.
    const STORED_STEP_M: f64 = 1e-3;

    #[test]
    fn nearest_queries_match_brute_force() {
        let points = random_points(2000, 23);
        let index = SpatialIndex::build(&points);
        let mut rng = Rng::new(9);
        for visible in filters() {
            for _ in 0..50 {
                let at = Point::new(113.08 + rng.unit() * 0.14, 35.17 + rng.unit() * 0.19);
                let by_category = index.nearest_by_category(at, &visible);
                for hit in &by_category {
                    let best = brute_nearest_m(&index, &points, at, |p| p.category == hit.category);
                    assert!(
                        (hit.distance_m - best).abs() < STORED_STEP_M,
                        "{hit:?} vs {best}"
                    );
                }
                let categories: Vec<Category> = by_category.iter().map(|h| h.category).collect();
                let expected: Vec<Category> = Category::ALL
                    .into_iter()
                    .filter(|c| visible[c.index()] && points.iter().any(|p| p.category == *c))
                    .collect();
                assert_eq!(categories, expected);

                let overall = index.nearest(at, &visible).map(|h| h.distance_m);
                let best = brute_nearest_m(&index, &points, at, |p| visible[p.category.index()]);
                assert!(overall.is_some_and(|d| (d - best).abs() < STORED_STEP_M));
            }
        }
    }

    #[test]
    fn radius_queries_match_brute_force_nearest_first() {
        let points = random_points(3000, 31);
        let index = SpatialIndex::build(&points);
        let mut rng = Rng::new(77);
        for visible in filters() {
            for _ in 0..30 {
                let at = Point::new(113.09 + rng.unit() * 0.12, 35.18 + rng.unit() * 0.17);
                let radius_m = rng.unit() * 800.0;
                let hits = index.within_m(at, radius_m, &visible);
                assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
                let mut got: Vec<usize> = hits.iter().map(|h| h.index).collect();
                got.sort_unstable();
                let expected: Vec<usize> = points
                    .iter()
                    .filter(|p| visible[p.category.index()])
                    .filter(|p| index.distance_m(at, Point::new(p.lon, p.lat)) <= radius_m)
                    .map(|p| p.index)
                    .collect();
                assert_eq!(got, expected);
            }
        }
    }

    /// Every query's answer, to compare two indexes over the same points.
    fn answers(index: &SpatialIndex, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        (0..40)
            .map(|_| {
                let at = Point::new(113.05 + rng.unit() * 0.2, 35.15 + rng.unit() * 0.25);
                let bbox = Rect::new(
                    coord! { x: at.x(), y: at.y() },
                    coord! { x: at.x() + 0.03, y: at.y() + 0.03 },
                );
                let mut in_bbox = index.in_bbox(bbox, &ALL_VISIBLE);
                in_bbox.sort_unstable();
                let mut within: Vec<usize> = index
                    .within_m(at, 900.0, &ALL_VISIBLE)
                    .iter()
                    .map(|h| h.index)
                    .collect();
                within.sort_unstable();
                let nearest: Vec<usize> = index
                    .nearest_by_category(at, &ALL_VISIBLE)
                    .iter()
                    .map(|h| h.index)
                    .collect();
                format!("{in_bbox:?} {within:?} {nearest:?}")
            })
            .collect()
    }

    #[test]
    fn removing_and_inserting_in_the_middle_answers_as_a_fresh_index() {
        let mut points = random_points(3000, 41);
        let mut index = SpatialIndex::build(&points);
        for removed in [0, 1234, 2997] {
            let point = points.remove(removed);
            for later in points.iter_mut().skip(removed) {
                later.index -= 1;
            }
            index.remove_shifting(point.index, Some(&point));
            assert_eq!(index.len(), points.len());
            assert_eq!(
                answers(&index, 5),
                answers(&SpatialIndex::build(&points), 5)
            );
        }
        for (n, inserted_at) in [0, 700, 2990].into_iter().enumerate() {
            let index_there = points[inserted_at].index;
            for later in points.iter_mut().skip(inserted_at) {
                later.index += 1;
            }
            let mut new = random_points(3, 100 + n as u64)[n];
            new.index = index_there;
            points.insert(inserted_at, new);
            index.insert_shifting(index_there, Some(&new));
            assert_eq!(
                answers(&index, 6),
                answers(&SpatialIndex::build(&points), 6)
            );
        }
    }

    #[test]
    fn points_added_one_by_one_keep_cells_small_and_answer_as_a_fresh_index() {
        // 20 points span the area, so every later one falls inside the grid laid for them.
        let mut points = random_points(20, 47);
        for (corner, point) in points.iter_mut().take(4).enumerate() {
            point.lon = if corner % 2 == 0 { 113.09 } else { 113.21 };
            point.lat = if corner < 2 { 35.18 } else { 35.35 };
        }
        let mut index = SpatialIndex::build(&points);
        let added = random_points(20_000, 48);
        for (n, point) in added.iter().enumerate() {
            let mut point = *point;
            point.index = 20 + n;
            index.replace(None, Some(&point));
            points.push(point);
        }
        assert_eq!(index.len(), 20_020);
        let fullest_cell = index
            .grids
            .iter()
            .flat_map(|grid| grid.starts.windows(2))
            .map(|pair| match pair {
                [start, end] => end - start,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        assert!(
            fullest_cell <= 64,
            "the fullest cell holds {fullest_cell} entries (about {POINTS_PER_CELL} expected)"
        );
        assert_eq!(
            answers(&index, 8),
            answers(&SpatialIndex::build(&points), 8)
        );
    }

    #[test]
    fn the_nearest_accepted_point_is_found_past_refused_ones_as_by_brute_force() {
        let points = random_points(2000, 43);
        let index = SpatialIndex::build(&points);
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let at = Point::new(113.09 + rng.unit() * 0.12, 35.18 + rng.unit() * 0.17);
            let keep = |i: usize| i.is_multiple_of(7);
            for hit in index.nearest_by_category_where(at, &ALL_VISIBLE, keep) {
                assert!(keep(hit.index));
                let best = brute_nearest_m(&index, &points, at, |p| {
                    p.category == hit.category && keep(p.index)
                });
                assert!((hit.distance_m - best).abs() < STORED_STEP_M);
            }
        }
    }

    #[test]
    fn a_point_added_far_outside_and_a_query_from_far_away_are_answered_rightly() {
        let mut points = random_points(1000, 47);
        let mut index = SpatialIndex::build(&points);
        let far = ClusterPoint {
            lon: 114.5,
            lat: 36.0,
            category: Category::SchoolPost,
            index: 5000,
        };
        index.replace(None, Some(&far));
        points.push(far);
        let at_far = Point::new(114.4, 35.9);
        let hit = index.nearest(at_far, &ALL_VISIBLE);
        assert_eq!(hit.map(|h| h.index), Some(5000));
        let bbox = Rect::new(coord! { x: 114.0, y: 35.5 }, coord! { x: 115.0, y: 36.5 });
        assert_eq!(index.in_bbox(bbox, &ALL_VISIBLE), vec![5000]);
        // From far west, the nearest of each category is the westernmost one.
        let west = Point::new(112.0, 35.25);
        for hit in index.nearest_by_category(west, &ALL_VISIBLE) {
            let best = brute_nearest_m(&index, &points, west, |p| p.category == hit.category);
            assert!((hit.distance_m - best).abs() < STORED_STEP_M);
        }
    }

    #[test]
    fn points_on_one_spot_or_one_line_are_all_found() {
        let mut points = random_points(500, 53);
        for (i, p) in points.iter_mut().enumerate() {
            p.lat = 35.2;
            if i % 2 == 0 {
                p.lon = 113.1;
            }
        }
        let index = SpatialIndex::build(&points);
        let spot = Point::new(113.1, 35.2);
        assert_eq!(index.within_m(spot, 0.5, &ALL_VISIBLE).len(), 250);
        let line = Rect::new(coord! { x: 113.0, y: 35.19 }, coord! { x: 113.3, y: 35.21 });
        assert_eq!(index.in_bbox(line, &ALL_VISIBLE).len(), 500);
    }

    #[test]
    fn local_metres_agree_with_haversine_across_the_district() {
        use geo::{Distance, Haversine};
        let index = SpatialIndex::build(&random_points(100, 2));
        let a = Point::new(113.09, 35.18);
        let b = Point::new(113.21, 35.35);
        let haversine = Haversine.distance(a, b);
        let local = index.distance_m(a, b);
        assert!(
            (local - haversine).abs() / haversine < 0.005,
            "{local} vs {haversine}"
        );
    }

    #[test]
    fn bad_points_are_left_out_and_an_empty_index_answers_nothing() {
        let mut points = random_points(5, 1);
        points[0].lat = f64::NAN;
        let index = SpatialIndex::build(&points);
        assert_eq!(index.len(), 4);
        let empty = SpatialIndex::build(&[]);
        assert!(empty.is_empty());
        assert_eq!(empty.nearest(Point::new(113.1, 35.2), &ALL_VISIBLE), None);
        assert!(
            empty
                .nearest_by_category(Point::new(113.1, 35.2), &ALL_VISIBLE)
                .is_empty()
        );
    }
}
