//! Marker clustering for large point sets: a supercluster-style hierarchy (one static KD-tree
//! per zoom level, built once over *all* points) whose cluster nodes carry per-category counts,
//! per-category mean positions and per-category extents. A query with a category filter
//! therefore returns exact visible counts, the visible centroid, the dominant visible category
//! and — when only one member is visible — that member, without rebuilding anything when a
//! legend checkbox is toggled.
//!
//! Coordinates are kept as Web-Mercator `[0, 1]` world units in 32-bit fixed point (about 1 cm
//! at the equator), like supercluster 9's Int32 encoding. Zoom levels and pixel radii follow
//! walkers: a world is `tile_size_px × 2^zoom_level` pixels wide.
//!
//! Why our own and not a crate: see the README section "Scale". In short, the `supercluster`
//! crate keeps a GeoJSON `Feature` per point and f64 records, has no per-category counts (a
//! filter change means `load()` again), and rstar has no clustering.

use geo::{Point, Rect, coord};

use super::category::Category;
use super::filter::CategoryFilter;

/// Number of categories, the length of every per-category table here.
pub const CATEGORY_COUNT: usize = Category::ALL.len();

/// Which categories are shown, in [`Category::ALL`] order (`true` = shown).
pub type Visibility = [bool; CATEGORY_COUNT];

/// Every category shown.
pub const ALL_VISIBLE: Visibility = [true; CATEGORY_COUNT];

/// The legend's filter as a [`Visibility`] table.
pub fn visibility(filter: &CategoryFilter) -> Visibility {
    Category::ALL.map(|category| filter.is_visible(category))
}

/// One input point: a WGS84 position, its category and its index in the caller's vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterPoint {
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// The point's category.
    pub category: Category,
    /// The point's index in the caller's vector; returned by queries.
    pub index: usize,
}

impl ClusterPoint {
    /// Facility `index` at its symbol's position (the point, a line's middle, a point inside
    /// an area).
    pub fn anchor_of(index: usize, facility: &super::Facility) -> Self {
        let anchor = facility.geometry.anchor();
        Self {
            lon: anchor.x(),
            lat: anchor.y(),
            category: facility.category,
            index,
        }
    }

    /// Facility `index` if it is a point facility.
    pub fn point_of(index: usize, facility: &super::Facility) -> Option<Self> {
        matches!(facility.geometry, super::FacilityGeometry::Point(_))
            .then(|| Self::anchor_of(index, facility))
    }
}

/// How points are clustered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterOptions {
    /// Cluster radius on screen, in pixels.
    pub radius_px: f64,
    /// Width of one tile in pixels (walkers: 256), so that zoom levels match the map's.
    pub tile_size_px: f64,
    /// Lowest zoom level with clusters.
    pub min_zoom: u8,
    /// Highest zoom level with clusters; above it every point is shown on its own.
    pub max_zoom: u8,
    /// Leaf size of the KD-trees (supercluster's `nodeSize`).
    pub node_size: usize,
}

impl Default for ClusterOptions {
    /// supercluster's defaults (radius 40, zooms 0–16, node size 64) on walkers' 256 px tiles.
    fn default() -> Self {
        Self {
            radius_px: 40.0,
            tile_size_px: 256.0,
            min_zoom: 0,
            max_zoom: 16,
            node_size: 64,
        }
    }
}

/// Why an index could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    /// The options make no sense (zero radius, `min_zoom > max_zoom`, …).
    #[error("invalid cluster options: {0}")]
    InvalidOptions(&'static str),
    /// More points than the index can address (2³¹ − 1).
    #[error("too many points for the cluster index: {0}")]
    TooManyPoints(usize),
}

/// Identifies a cluster node of one [`ClusterIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClusterId(u32);

/// A single visible point in a query result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointItem {
    /// The point's index in the caller's vector.
    pub index: usize,
    /// Its category.
    pub category: Category,
    /// Its position (WGS84, within about 1 cm of the input).
    pub position: Point<f64>,
}

/// A cluster with at least two visible members in a query result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterSummary {
    /// The cluster node, for [`ClusterIndex::expansion_zoom`] and [`ClusterIndex::leaves`].
    pub id: ClusterId,
    /// Centroid of the visible members (WGS84).
    pub position: Point<f64>,
    /// Number of visible members.
    pub count: u32,
    /// Visible members per category, in [`Category::ALL`] order (hidden categories are 0).
    pub counts_by_category: [u32; CATEGORY_COUNT],
    /// The visible category with most members (ties go to the earlier in legend order).
    pub dominant_category: Category,
    /// Bounding box of the visible members (WGS84), for "click to zoom to its extent".
    pub extent: Rect<f64>,
}

/// One thing to draw: a point or a cluster badge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClusterItem {
    /// A single visible point.
    Point(PointItem),
    /// Several visible points drawn as one badge.
    Cluster(ClusterSummary),
}

impl ClusterItem {
    /// Where to draw it (WGS84).
    pub fn position(&self) -> Point<f64> {
        match self {
            ClusterItem::Point(p) => p.position,
            ClusterItem::Cluster(c) => c.position,
        }
    }

    /// Number of visible points it stands for.
    pub fn count(&self) -> u32 {
        match self {
            ClusterItem::Point(_) => 1,
            ClusterItem::Cluster(c) => c.count,
        }
    }
}

/// Fixed-point scale: Mercator world units `[0, 1]` × 2³².
const SCALE: f64 = 4_294_967_296.0;
/// High bit of a [`NodeRef`]: set for clusters, clear for leaves.
const CLUSTER_BIT: u32 = 1 << 31;
/// Below this many entries a KD-tree subtree is sorted on one thread.
const PARALLEL_SORT_MIN: usize = 1 << 16;

/// A node in a level: a leaf (input point number) or a cluster (with [`CLUSTER_BIT`]).
type NodeRef = u32;

/// One entry of a level's KD-tree: fixed-point Mercator position and the node it stands for.
#[derive(Debug, Clone, Copy)]
struct Entry {
    x: u32,
    y: u32,
    node: NodeRef,
}

/// Per-category bounding box in fixed point: `[min_x, min_y, max_x, max_y]`.
type FixedBox = [u32; 4];

const EMPTY_BOX: FixedBox = [u32::MAX, u32::MAX, 0, 0];

/// The cluster hierarchy. Build once per data set with [`ClusterIndex::build`]; query every frame
/// with [`ClusterIndex::clusters_into`].
#[derive(Debug, Clone)]
pub struct ClusterIndex {
    options: ClusterOptions,
    /// KD-sorted entries; `trees[level_of_zoom[z - min_zoom]]` is zoom `z`'s, the last zoom
    /// (`max_zoom + 1`) holds every point. Levels where nothing merged share a tree.
    trees: Vec<Vec<Entry>>,
    level_of_zoom: Vec<usize>,
    /// Per input point (leaf number): category index and the caller's index.
    leaf_category: Vec<u8>,
    leaf_index: Vec<u32>,
    /// Per cluster: members per category, mean position per category, extent per category,
    /// zoom level it was formed at and its children (a range of `children`).
    counts: Vec<[u32; CATEGORY_COUNT]>,
    means: Vec<[[u32; 2]; CATEGORY_COUNT]>,
    boxes: Vec<[FixedBox; CATEGORY_COUNT]>,
    formed_at_zoom: Vec<u8>,
    child_ranges: Vec<[u32; 2]>,
    children: Vec<NodeRef>,
    skipped_points: usize,
}

impl ClusterIndex {
    /// An index of no points: every query returns nothing.
    pub fn empty(options: ClusterOptions) -> Self {
        Self {
            options,
            trees: Vec::new(),
            level_of_zoom: Vec::new(),
            leaf_category: Vec::new(),
            leaf_index: Vec::new(),
            counts: Vec::new(),
            means: Vec::new(),
            boxes: Vec::new(),
            formed_at_zoom: Vec::new(),
            child_ranges: Vec::new(),
            children: Vec::new(),
            skipped_points: 0,
        }
    }

    /// Clusters `points` at every zoom level from `options.max_zoom` down to `options.min_zoom`.
    /// Points with non-finite coordinates are skipped (see [`ClusterIndex::skipped_points`]);
    /// latitudes are clamped to the Web-Mercator range.
    pub fn build(points: &[ClusterPoint], options: ClusterOptions) -> Result<Self, ClusterError> {
        if !(options.radius_px.is_finite() && options.radius_px > 0.0) {
            return Err(ClusterError::InvalidOptions("radius_px must be positive"));
        }
        if !(options.tile_size_px.is_finite() && options.tile_size_px > 0.0) {
            return Err(ClusterError::InvalidOptions(
                "tile_size_px must be positive",
            ));
        }
        if options.min_zoom > options.max_zoom || options.max_zoom > 30 {
            return Err(ClusterError::InvalidOptions(
                "zoom levels must satisfy min_zoom <= max_zoom <= 30",
            ));
        }
        if options.node_size < 2 {
            return Err(ClusterError::InvalidOptions("node_size must be at least 2"));
        }
        if points.len() >= CLUSTER_BIT as usize {
            return Err(ClusterError::TooManyPoints(points.len()));
        }

        let mut leaf_category = Vec::with_capacity(points.len());
        let mut leaf_index = Vec::with_capacity(points.len());
        let mut entries = Vec::with_capacity(points.len());
        for point in points {
            if !(point.lon.is_finite() && point.lat.is_finite()) {
                continue;
            }
            let Ok(index) = u32::try_from(point.index) else {
                continue;
            };
            let node = entries.len() as u32;
            entries.push(Entry {
                x: to_fixed(lon_to_x(point.lon)),
                y: to_fixed(lat_to_y(point.lat)),
                node,
            });
            leaf_category.push(point.category.index() as u8);
            leaf_index.push(index);
        }
        let skipped_points = points.len() - entries.len();

        let mut index = ClusterIndex {
            options,
            trees: Vec::new(),
            level_of_zoom: vec![0; usize::from(options.max_zoom - options.min_zoom) + 2],
            leaf_category,
            leaf_index,
            counts: Vec::new(),
            means: Vec::new(),
            boxes: Vec::new(),
            formed_at_zoom: Vec::new(),
            child_ranges: Vec::new(),
            children: Vec::new(),
            skipped_points,
        };
        kd_sort(&mut entries, 0, options.node_size);
        index.trees.push(entries);
        let leaf_level = index.level_of_zoom.len() - 1;
        index.level_of_zoom[leaf_level] = 0;

        let mut scratch = Scratch::default();
        for zoom in (options.min_zoom..=options.max_zoom).rev() {
            let level = usize::from(zoom - options.min_zoom);
            let prev_tree = index.level_of_zoom[level + 1];
            let next = index.cluster_level(prev_tree, zoom, &mut scratch);
            match next {
                None => index.level_of_zoom[level] = prev_tree,
                Some(mut entries) => {
                    kd_sort(&mut entries, 0, options.node_size);
                    index.trees.push(entries);
                    index.level_of_zoom[level] = index.trees.len() - 1;
                }
            }
        }
        index.trees.iter_mut().for_each(|t| t.shrink_to_fit());
        Ok(index)
    }

    /// Merges the entries of tree `prev_tree` at `zoom`; `None` when nothing merged.
    fn cluster_level(
        &mut self,
        prev_tree: usize,
        zoom: u8,
        scratch: &mut Scratch,
    ) -> Option<Vec<Entry>> {
        let radius_fixed = self.radius_fixed(zoom);
        let prev = std::mem::take(&mut self.trees[prev_tree]);
        scratch.processed.clear();
        scratch.processed.resize(prev.len(), false);
        let mut next = Vec::with_capacity(prev.len() / 2 + 1);
        let mut merged_any = false;
        for i in 0..prev.len() {
            if scratch.processed[i] {
                continue;
            }
            scratch.processed[i] = true;
            let seed = prev[i];
            scratch.neighbours.clear();
            kd_within(
                &prev,
                self.options.node_size,
                (seed.x, seed.y),
                radius_fixed,
                &mut scratch.stack,
                &mut scratch.neighbours,
            );
            scratch
                .neighbours
                .retain(|&n| !scratch.processed[n as usize]);
            if scratch.neighbours.is_empty() {
                next.push(seed);
                continue;
            }
            merged_any = true;
            let first_child = self.children.len() as u32;
            self.children.push(seed.node);
            let mut acc = Accumulator::new();
            self.accumulate(&mut acc, seed);
            for &n in &scratch.neighbours {
                scratch.processed[n as usize] = true;
                let entry = prev[n as usize];
                self.children.push(entry.node);
                self.accumulate(&mut acc, entry);
            }
            let id = self.counts.len() as u32;
            let total = acc.total as f64;
            let (x, y) = (acc.weighted_x / total, acc.weighted_y / total);
            let mut means = [[0u32; 2]; CATEGORY_COUNT];
            for (c, mean) in means.iter_mut().enumerate() {
                if acc.counts[c] > 0 {
                    let n = f64::from(acc.counts[c]);
                    *mean = [
                        fixed_from_f64(acc.sums[c][0] / n),
                        fixed_from_f64(acc.sums[c][1] / n),
                    ];
                }
            }
            self.counts.push(acc.counts);
            self.means.push(means);
            self.boxes.push(acc.boxes);
            self.formed_at_zoom.push(zoom);
            self.child_ranges
                .push([first_child, self.children.len() as u32 - first_child]);
            next.push(Entry {
                x: fixed_from_f64(x),
                y: fixed_from_f64(y),
                node: id | CLUSTER_BIT,
            });
        }
        self.trees[prev_tree] = prev;
        merged_any.then_some(next)
    }

    /// Adds one level entry (a leaf or a cluster) to a cluster being formed.
    fn accumulate(&self, acc: &mut Accumulator, entry: Entry) {
        if entry.node & CLUSTER_BIT == 0 {
            let c = usize::from(self.leaf_category[entry.node as usize]);
            let (x, y) = (f64::from(entry.x), f64::from(entry.y));
            acc.counts[c] += 1;
            acc.total += 1;
            acc.sums[c][0] += x;
            acc.sums[c][1] += y;
            acc.weighted_x += x;
            acc.weighted_y += y;
            grow(&mut acc.boxes[c], &[entry.x, entry.y, entry.x, entry.y]);
        } else {
            let id = (entry.node & !CLUSTER_BIT) as usize;
            let counts = &self.counts[id];
            let total: u32 = counts.iter().sum();
            acc.total += u64::from(total);
            acc.weighted_x += f64::from(entry.x) * f64::from(total);
            acc.weighted_y += f64::from(entry.y) * f64::from(total);
            for (c, &count) in counts.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let n = f64::from(count);
                acc.counts[c] += count;
                acc.sums[c][0] += f64::from(self.means[id][c][0]) * n;
                acc.sums[c][1] += f64::from(self.means[id][c][1]) * n;
                grow(&mut acc.boxes[c], &self.boxes[id][c]);
            }
        }
    }

    /// The options it was built with.
    pub fn options(&self) -> &ClusterOptions {
        &self.options
    }

    /// Number of points indexed.
    pub fn len(&self) -> usize {
        self.leaf_index.len()
    }

    /// Whether no point was indexed.
    pub fn is_empty(&self) -> bool {
        self.leaf_index.is_empty()
    }

    /// Input points left out because their coordinates were not finite (or their index did not
    /// fit in 32 bits).
    pub fn skipped_points(&self) -> usize {
        self.skipped_points
    }

    /// Number of cluster nodes over all zoom levels.
    pub fn cluster_count(&self) -> usize {
        self.counts.len()
    }

    /// Heap bytes held by the index (capacities of its vectors).
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        self.trees
            .iter()
            .map(|t| t.capacity() * size_of::<Entry>())
            .sum::<usize>()
            + self.trees.capacity() * size_of::<Vec<Entry>>()
            + self.level_of_zoom.capacity() * size_of::<usize>()
            + self.leaf_category.capacity()
            + self.leaf_index.capacity() * size_of::<u32>()
            + self.counts.capacity() * size_of::<[u32; CATEGORY_COUNT]>()
            + self.means.capacity() * size_of::<[[u32; 2]; CATEGORY_COUNT]>()
            + self.boxes.capacity() * size_of::<[FixedBox; CATEGORY_COUNT]>()
            + self.formed_at_zoom.capacity()
            + self.child_ranges.capacity() * size_of::<[u32; 2]>()
            + self.children.capacity() * size_of::<NodeRef>()
    }

    /// The zoom level whose tree answers a query at `zoom_level` (floored, clamped to
    /// `min_zoom ..= max_zoom + 1`).
    fn tree_for_zoom(&self, zoom_level: f64) -> (&[Entry], Option<u8>) {
        let max = f64::from(self.options.max_zoom) + 1.0;
        let min = f64::from(self.options.min_zoom);
        let zoom = if zoom_level.is_nan() {
            min
        } else {
            zoom_level.floor().clamp(min, max)
        };
        let level = (zoom - min) as usize;
        let tree = self
            .level_of_zoom
            .get(level)
            .and_then(|&t| self.trees.get(t))
            .map_or(&[][..], Vec::as_slice);
        let clustered_zoom = (zoom < max).then_some(zoom as u8);
        (tree, clustered_zoom)
    }

    /// Cluster radius at `zoom` in fixed-point world units.
    fn radius_fixed(&self, zoom: u8) -> f64 {
        self.options.radius_px / (self.options.tile_size_px * f64::from(1u32 << zoom.min(30)))
            * SCALE
    }

    /// What to draw at `zoom_level` inside `bbox` (WGS84; an item is returned when its position
    /// is inside, so pad the viewport by the badge radius) with the categories `visible` shown.
    pub fn clusters(
        &self,
        bbox: Rect<f64>,
        zoom_level: f64,
        visible: &Visibility,
    ) -> Vec<ClusterItem> {
        let mut out = Vec::new();
        self.clusters_into(bbox, zoom_level, visible, &mut out);
        out
    }

    /// Like [`ClusterIndex::clusters`], reusing `out` (cleared first) so a frame allocates
    /// nothing once the vector has grown.
    pub fn clusters_into(
        &self,
        bbox: Rect<f64>,
        zoom_level: f64,
        visible: &Visibility,
        out: &mut Vec<ClusterItem>,
    ) {
        out.clear();
        if !visible.iter().any(|&v| v) {
            return;
        }
        let (tree, clustered_zoom) = self.tree_for_zoom(zoom_level);
        let bbox = [
            to_fixed(lon_to_x(bbox.min().x)),
            to_fixed(lat_to_y(bbox.max().y)),
            to_fixed(lon_to_x(bbox.max().x)),
            to_fixed(lat_to_y(bbox.min().y)),
        ];
        // A tree entry sits at the centroid of *all* its members, the item at the centroid of
        // the visible ones. Both lie within the members' hull, at most 4 radii across, so the
        // tree is searched that much wider and items are kept by their visible position.
        let pad = clustered_zoom.map_or(0, |z| fixed_from_f64(4.0 * self.radius_fixed(z)));
        let padded = [
            bbox[0].saturating_sub(pad),
            bbox[1].saturating_sub(pad),
            bbox[2].saturating_add(pad),
            bbox[3].saturating_add(pad),
        ];
        kd_range(tree, self.options.node_size, padded, |i| {
            if let Some(item) = tree.get(i).and_then(|e| self.item(*e, visible, &bbox)) {
                out.push(item);
            }
        });
    }

    /// The item a level entry shows with `visible` categories, if any member is visible.
    /// Only items whose (visible) position is inside `bbox` are returned.
    fn item(&self, entry: Entry, visible: &Visibility, bbox: &FixedBox) -> Option<ClusterItem> {
        let inside = |x: u32, y: u32| x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
        if entry.node & CLUSTER_BIT == 0 {
            if !inside(entry.x, entry.y) {
                return None;
            }
            return self.leaf_item(entry.node, entry.x, entry.y, visible);
        }
        let id = (entry.node & !CLUSTER_BIT) as usize;
        let mut counts_by_category = [0u32; CATEGORY_COUNT];
        let mut count = 0u32;
        let (mut sum_x, mut sum_y) = (0.0f64, 0.0f64);
        let mut extent = EMPTY_BOX;
        let mut dominant = 0usize;
        for c in 0..CATEGORY_COUNT {
            let n = self.counts[id][c];
            if !visible[c] || n == 0 {
                continue;
            }
            counts_by_category[c] = n;
            count += n;
            sum_x += f64::from(self.means[id][c][0]) * f64::from(n);
            sum_y += f64::from(self.means[id][c][1]) * f64::from(n);
            grow(&mut extent, &self.boxes[id][c]);
            if n > counts_by_category[dominant] {
                dominant = c;
            }
        }
        match count {
            0 => None,
            1 => {
                // The mean of a category with one member is that member's position.
                let [x, y] = self.means[id][dominant];
                if !inside(x, y) {
                    return None;
                }
                let leaf = self.single_visible_leaf(id, visible)?;
                self.leaf_item(leaf, x, y, visible)
            }
            _ => {
                let n = f64::from(count);
                let (x, y) = (sum_x / n, sum_y / n);
                if !inside(fixed_from_f64(x), fixed_from_f64(y)) {
                    return None;
                }
                Some(ClusterItem::Cluster(ClusterSummary {
                    id: ClusterId(id as u32),
                    position: fixed_to_point(x, y),
                    count,
                    counts_by_category,
                    dominant_category: Category::ALL[dominant],
                    extent: fixed_box_to_rect(&extent),
                }))
            }
        }
    }

    /// A leaf as an item at fixed-point `(x, y)`, if its category is visible.
    fn leaf_item(
        &self,
        leaf: NodeRef,
        x: u32,
        y: u32,
        visible: &Visibility,
    ) -> Option<ClusterItem> {
        let c = usize::from(*self.leaf_category.get(leaf as usize)?);
        if !visible[c] {
            return None;
        }
        Some(ClusterItem::Point(PointItem {
            index: *self.leaf_index.get(leaf as usize)? as usize,
            category: Category::ALL[c],
            position: fixed_to_point(f64::from(x), f64::from(y)),
        }))
    }

    /// The only visible leaf below cluster `id` (whose visible count is 1).
    fn single_visible_leaf(&self, mut id: usize, visible: &Visibility) -> Option<NodeRef> {
        'descend: loop {
            let [first, len] = *self.child_ranges.get(id)?;
            let children = self.children.get(first as usize..(first + len) as usize)?;
            for &child in children {
                if child & CLUSTER_BIT == 0 {
                    let c = usize::from(*self.leaf_category.get(child as usize)?);
                    if visible[c] {
                        return Some(child);
                    }
                } else {
                    let child_id = (child & !CLUSTER_BIT) as usize;
                    if self.visible_count(child_id, visible) > 0 {
                        id = child_id;
                        continue 'descend;
                    }
                }
            }
            return None;
        }
    }

    /// Visible members of cluster `id`.
    fn visible_count(&self, id: usize, visible: &Visibility) -> u32 {
        self.counts.get(id).map_or(0, |counts| {
            counts
                .iter()
                .zip(visible)
                .filter(|(_, v)| **v)
                .map(|(n, _)| n)
                .sum()
        })
    }

    /// The zoom level at which cluster `id`'s visible members stop being one badge (they split
    /// into several items); never more than `max_zoom + 1`, where every point is on its own.
    pub fn expansion_zoom(&self, id: ClusterId, visible: &Visibility) -> u8 {
        let mut id = id.0 as usize;
        loop {
            let Some(&zoom) = self.formed_at_zoom.get(id) else {
                return self.options.max_zoom + 1;
            };
            let mut visible_children = 0;
            let mut only_cluster = None;
            let [first, len] = self.child_ranges[id];
            for &child in &self.children[first as usize..(first + len) as usize] {
                if child & CLUSTER_BIT == 0 {
                    let c = usize::from(self.leaf_category[child as usize]);
                    if visible[c] {
                        visible_children += 1;
                        only_cluster = None;
                    }
                } else {
                    let child_id = (child & !CLUSTER_BIT) as usize;
                    if self.visible_count(child_id, visible) > 0 {
                        visible_children += 1;
                        only_cluster = Some(child_id);
                    }
                }
            }
            match (visible_children, only_cluster) {
                (1, Some(child)) => id = child,
                _ => return zoom + 1,
            }
        }
    }

    /// Up to `limit` visible members of cluster `id` (the caller's indices), depth first; for
    /// fanning out markers that still overlap at the highest zoom.
    pub fn leaves(&self, id: ClusterId, visible: &Visibility, limit: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![id.0 | CLUSTER_BIT];
        while let Some(node) = stack.pop() {
            if out.len() >= limit {
                break;
            }
            if node & CLUSTER_BIT == 0 {
                let c = usize::from(self.leaf_category[node as usize]);
                if visible[c] {
                    out.push(self.leaf_index[node as usize] as usize);
                }
                continue;
            }
            let cluster = (node & !CLUSTER_BIT) as usize;
            if self.visible_count(cluster, visible) == 0 {
                continue;
            }
            let [first, len] = self.child_ranges[cluster];
            stack.extend(
                self.children[first as usize..(first + len) as usize]
                    .iter()
                    .rev(),
            );
        }
        out
    }
}

/// Offsets in pixels (x right, y down) for fanning out `count` markers that share a position at
/// the highest zoom: a circle for up to 8, a spiral beyond, about `spacing_px` apart.
pub fn fan_out_offsets_px(count: usize, spacing_px: f32) -> Vec<[f32; 2]> {
    use std::f32::consts::TAU;
    if count <= 1 {
        return vec![[0.0, 0.0]; count];
    }
    if count <= 8 {
        let radius = spacing_px * count as f32 / TAU * 1.2;
        let radius = radius.max(spacing_px);
        return (0..count)
            .map(|i| {
                let angle = TAU * i as f32 / count as f32 - TAU / 4.0;
                [radius * angle.cos(), radius * angle.sin()]
            })
            .collect();
    }
    // Archimedean spiral with constant spacing along the curve.
    let mut angle = 0.0f32;
    let mut radius = spacing_px;
    (0..count)
        .map(|_| {
            let offset = [radius * angle.cos(), radius * angle.sin()];
            angle += spacing_px / radius;
            radius += spacing_px * 0.8 / TAU * (spacing_px / radius);
            offset
        })
        .collect()
}

#[derive(Default)]
struct Scratch {
    processed: Vec<bool>,
    neighbours: Vec<u32>,
    stack: Vec<(usize, usize, usize)>,
}

#[derive(Default)]
struct Accumulator {
    counts: [u32; CATEGORY_COUNT],
    total: u64,
    sums: [[f64; 2]; CATEGORY_COUNT],
    weighted_x: f64,
    weighted_y: f64,
    boxes: [FixedBox; CATEGORY_COUNT],
}

impl Accumulator {
    fn new() -> Self {
        Self {
            boxes: [EMPTY_BOX; CATEGORY_COUNT],
            ..Self::default()
        }
    }
}

fn grow(target: &mut FixedBox, other: &FixedBox) {
    target[0] = target[0].min(other[0]);
    target[1] = target[1].min(other[1]);
    target[2] = target[2].max(other[2]);
    target[3] = target[3].max(other[3]);
}

/// Web-Mercator x in `[0, 1]` of a longitude.
pub fn lon_to_x(lon: f64) -> f64 {
    lon / 360.0 + 0.5
}

/// Web-Mercator y in `[0, 1]` (0 at the north edge) of a latitude, clamped to the square.
pub fn lat_to_y(lat: f64) -> f64 {
    let sin = lat.to_radians().sin();
    let y = 0.5 - 0.25 * ((1.0 + sin) / (1.0 - sin)).ln() / std::f64::consts::PI;
    if y.is_nan() { 0.5 } else { y.clamp(0.0, 1.0) }
}

/// Longitude of a Web-Mercator x.
pub fn x_to_lon(x: f64) -> f64 {
    (x - 0.5) * 360.0
}

/// Latitude of a Web-Mercator y.
pub fn y_to_lat(y: f64) -> f64 {
    let y2 = (180.0 - y * 360.0).to_radians();
    360.0 * y2.exp().atan() / std::f64::consts::PI - 90.0
}

fn to_fixed(world: f64) -> u32 {
    fixed_from_f64(world * SCALE)
}

fn fixed_from_f64(value: f64) -> u32 {
    // `as` saturates and maps NaN to 0.
    value.round().clamp(0.0, f64::from(u32::MAX)) as u32
}

fn fixed_to_point(x: f64, y: f64) -> Point<f64> {
    Point::new(x_to_lon(x / SCALE), y_to_lat(y / SCALE))
}

fn fixed_box_to_rect(b: &FixedBox) -> Rect<f64> {
    let min_lon = x_to_lon(f64::from(b[0]) / SCALE);
    let max_lon = x_to_lon(f64::from(b[2]) / SCALE);
    // y grows southwards.
    let max_lat = y_to_lat(f64::from(b[1]) / SCALE);
    let min_lat = y_to_lat(f64::from(b[3]) / SCALE);
    Rect::new(
        coord! { x: min_lon, y: min_lat },
        coord! { x: max_lon, y: max_lat },
    )
}

fn axis_value(entry: &Entry, axis: usize) -> u32 {
    if axis == 0 { entry.x } else { entry.y }
}

/// Sorts `entries` into a static KD-tree (kdbush layout): the middle entry of every range is
/// its median on the range's axis, ranges of at most `node_size` entries are left unsorted.
fn kd_sort(entries: &mut [Entry], axis: usize, node_size: usize) {
    if entries.len() <= node_size {
        return;
    }
    let m = entries.len() / 2;
    entries.select_nth_unstable_by_key(m, |e| axis_value(e, axis));
    let (left, rest) = entries.split_at_mut(m);
    let right = &mut rest[1..];
    if left.len() >= PARALLEL_SORT_MIN {
        rayon::join(
            || kd_sort(left, 1 - axis, node_size),
            || kd_sort(right, 1 - axis, node_size),
        );
    } else {
        kd_sort(left, 1 - axis, node_size);
        kd_sort(right, 1 - axis, node_size);
    }
}

/// Calls `visit` with the position of every entry inside `[min_x, min_y, max_x, max_y]`.
fn kd_range(entries: &[Entry], node_size: usize, bbox: FixedBox, mut visit: impl FnMut(usize)) {
    let [min_x, min_y, max_x, max_y] = bbox;
    let inside = |e: &Entry| e.x >= min_x && e.x <= max_x && e.y >= min_y && e.y <= max_y;
    let mut stack: Vec<(usize, usize, usize)> = vec![(0, entries.len(), 0)];
    while let Some((lo, hi, axis)) = stack.pop() {
        if hi - lo <= node_size {
            for (i, e) in entries[lo..hi].iter().enumerate() {
                if inside(e) {
                    visit(lo + i);
                }
            }
            continue;
        }
        let m = lo + (hi - lo) / 2;
        let e = &entries[m];
        if inside(e) {
            visit(m);
        }
        let value = axis_value(e, axis);
        let (min, max) = if axis == 0 {
            (min_x, max_x)
        } else {
            (min_y, max_y)
        };
        if min <= value {
            stack.push((lo, m, 1 - axis));
        }
        if max >= value {
            stack.push((m + 1, hi, 1 - axis));
        }
    }
}

/// Pushes the position of every entry within `radius` (fixed-point units) of `(x, y)`.
fn kd_within(
    entries: &[Entry],
    node_size: usize,
    (x, y): (u32, u32),
    radius: f64,
    stack: &mut Vec<(usize, usize, usize)>,
    out: &mut Vec<u32>,
) {
    let r = radius.max(0.0).min(f64::from(u32::MAX)) as u64;
    let r2 = r * r;
    let min_x = u64::from(x).saturating_sub(r);
    let max_x = u64::from(x) + r;
    let min_y = u64::from(y).saturating_sub(r);
    let max_y = u64::from(y) + r;
    let near = |e: &Entry| {
        let dx = u64::from(e.x.abs_diff(x));
        let dy = u64::from(e.y.abs_diff(y));
        dx <= r && dy <= r && dx * dx + dy * dy <= r2
    };
    stack.clear();
    stack.push((0, entries.len(), 0));
    while let Some((lo, hi, axis)) = stack.pop() {
        if hi - lo <= node_size {
            for (i, e) in entries[lo..hi].iter().enumerate() {
                if near(e) {
                    out.push((lo + i) as u32);
                }
            }
            continue;
        }
        let m = lo + (hi - lo) / 2;
        let e = &entries[m];
        if near(e) {
            out.push(m as u32);
        }
        let value = u64::from(axis_value(e, axis));
        let (min, max) = if axis == 0 {
            (min_x, max_x)
        } else {
            (min_y, max_y)
        };
        if min <= value {
            stack.push((lo, m, 1 - axis));
        }
        if max >= value {
            stack.push((m + 1, hi, 1 - axis));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeded generator of the synthetic data sets, so failures are reproducible.
    use crate::model::synthetic::Rng;

    /// `n` points in a 0.1° square near the district, categories cycling with a bias.
    fn random_points(n: usize, seed: u64) -> Vec<ClusterPoint> {
        let mut rng = Rng::new(seed);
        (0..n)
            .map(|i| ClusterPoint {
                lon: 113.10 + rng.unit() * 0.1,
                lat: 35.20 + rng.unit() * 0.1,
                category: Category::ALL[(rng.next_u64() % 4) as usize * (i % 3)],
                index: i * 10,
            })
            .collect()
    }

    fn world() -> Rect<f64> {
        Rect::new(coord! { x: -180.0, y: -85.0 }, coord! { x: 180.0, y: 85.0 })
    }

    fn only(categories: &[Category]) -> Visibility {
        Category::ALL.map(|c| categories.contains(&c))
    }

    #[test]
    fn counts_add_up_to_the_visible_points_at_every_zoom_and_filter() {
        let points = random_points(3000, 7);
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let filters = [
            ALL_VISIBLE,
            only(&[Category::ServiceStation]),
            only(&[Category::SchoolPost, Category::ConvenienceSalesPoint]),
        ];
        for visible in filters {
            let expected = points
                .iter()
                .filter(|p| visible[p.category.index()])
                .count() as u32;
            for zoom in 0..=18 {
                let items = index.clusters(world(), f64::from(zoom), &visible);
                let total: u32 = items.iter().map(ClusterItem::count).sum();
                assert_eq!(total, expected, "zoom {zoom}");
            }
        }
    }

    #[test]
    fn above_max_zoom_every_visible_point_is_returned_with_its_index() {
        let points = random_points(500, 3);
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let visible = only(&[Category::SchoolPost]);
        let mut got: Vec<usize> = index
            .clusters(world(), 17.0, &visible)
            .iter()
            .map(|item| match item {
                ClusterItem::Point(p) => p.index,
                ClusterItem::Cluster(_) => usize::MAX,
            })
            .collect();
        got.sort_unstable();
        let expected: Vec<usize> = points
            .iter()
            .filter(|p| p.category == Category::SchoolPost)
            .map(|p| p.index)
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_cluster_with_one_visible_member_is_returned_as_that_point() {
        let points = vec![
            ClusterPoint {
                lon: 113.18,
                lat: 35.24,
                category: Category::SchoolPost,
                index: 4,
            },
            ClusterPoint {
                lon: 113.1801,
                lat: 35.2401,
                category: Category::ServiceStation,
                index: 9,
            },
        ];
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let both = index.clusters(world(), 5.0, &ALL_VISIBLE);
        assert!(matches!(both.as_slice(), [ClusterItem::Cluster(c)] if c.count == 2));
        let one = index.clusters(world(), 5.0, &only(&[Category::ServiceStation]));
        let [ClusterItem::Point(point)] = one.as_slice() else {
            panic!("expected one point, got {one:?}");
        };
        assert_eq!(point.index, 9);
        assert_eq!(point.category, Category::ServiceStation);
        assert!((point.position.x() - 113.1801).abs() < 1e-6);
        assert!((point.position.y() - 35.2401).abs() < 1e-6);
    }

    #[test]
    fn the_badge_shows_the_dominant_visible_category_and_visible_extent() {
        let mut points = Vec::new();
        for i in 0..5 {
            points.push(ClusterPoint {
                lon: 113.18 + i as f64 * 1e-4,
                lat: 35.24,
                category: Category::SchoolPost,
                index: i,
            });
        }
        for i in 0..3 {
            points.push(ClusterPoint {
                lon: 113.18,
                lat: 35.24 + (i + 1) as f64 * 1e-3,
                category: Category::WaterSupply,
                index: 10 + i,
            });
        }
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let all = index.clusters(world(), 8.0, &ALL_VISIBLE);
        let [ClusterItem::Cluster(cluster)] = all.as_slice() else {
            panic!("expected one cluster, got {all:?}");
        };
        assert_eq!(cluster.count, 8);
        assert_eq!(cluster.dominant_category, Category::SchoolPost);
        assert_eq!(cluster.counts_by_category[Category::WaterSupply.index()], 3);
        assert!((cluster.extent.max().y - 35.243).abs() < 1e-6);

        let water = only(&[Category::WaterSupply]);
        let filtered = index.clusters(world(), 8.0, &water);
        let [ClusterItem::Cluster(cluster)] = filtered.as_slice() else {
            panic!("expected one cluster, got {filtered:?}");
        };
        assert_eq!(cluster.count, 3);
        assert_eq!(cluster.dominant_category, Category::WaterSupply);
        assert_eq!(cluster.counts_by_category[Category::SchoolPost.index()], 0);
        assert!((cluster.extent.min().y - 35.241).abs() < 1e-6);
        assert!((cluster.extent.min().x - 113.18).abs() < 1e-6);
        assert!((cluster.extent.max().x - 113.18).abs() < 1e-6);
        assert!((cluster.position.y() - 35.242).abs() < 1e-6);
        let mut leaves = index.leaves(cluster.id, &water, 100);
        leaves.sort_unstable();
        assert_eq!(leaves, vec![10, 11, 12]);
    }

    #[test]
    fn at_the_expansion_zoom_a_cluster_splits_into_several_items() {
        let points = random_points(2000, 11);
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let visible = only(&[Category::ServiceStation, Category::FruitVendorArea]);
        for zoom in [6.0, 10.0, 13.0] {
            for item in index.clusters(world(), zoom, &visible) {
                let ClusterItem::Cluster(cluster) = item else {
                    continue;
                };
                let expansion = index.expansion_zoom(cluster.id, &visible);
                assert!(f64::from(expansion) > zoom);
                // Pad by ~10 cm: members on the edge of the extent must not round out.
                let pad = 1e-6;
                let padded = Rect::new(
                    coord! { x: cluster.extent.min().x - pad, y: cluster.extent.min().y - pad },
                    coord! { x: cluster.extent.max().x + pad, y: cluster.extent.max().y + pad },
                );
                let inside = index.clusters(padded, f64::from(expansion), &visible);
                assert!(
                    inside.len() >= 2,
                    "zoom {zoom}: {cluster:?} expands at {expansion} into {inside:?}; formed at {}",
                    index.formed_at_zoom[cluster.id.0 as usize]
                );
                let leaves = index.leaves(cluster.id, &visible, usize::MAX);
                assert_eq!(leaves.len() as u32, cluster.count);
            }
        }
    }

    #[test]
    fn viewport_queries_return_exactly_the_points_inside_at_leaf_level() {
        let points = random_points(4000, 5);
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        let mut rng = Rng::new(99);
        for _ in 0..50 {
            let (lon, lat) = (113.10 + rng.unit() * 0.1, 35.20 + rng.unit() * 0.1);
            let (w, h) = (rng.unit() * 0.05, rng.unit() * 0.05);
            let bbox = Rect::new(coord! { x: lon, y: lat }, coord! { x: lon + w, y: lat + h });
            let mut got: Vec<usize> = index
                .clusters(bbox, 20.0, &ALL_VISIBLE)
                .iter()
                .filter_map(|item| match item {
                    ClusterItem::Point(p) => Some(p.index),
                    ClusterItem::Cluster(_) => None,
                })
                .collect();
            got.sort_unstable();
            // Allow for the 1 cm fixed-point rounding at the edges: compare away from them.
            let margin = 1e-7;
            let expected_sure: Vec<usize> = points
                .iter()
                .filter(|p| {
                    p.lon > lon + margin
                        && p.lon < lon + w - margin
                        && p.lat > lat + margin
                        && p.lat < lat + h - margin
                })
                .map(|p| p.index)
                .collect();
            assert!(expected_sure.iter().all(|i| got.binary_search(i).is_ok()));
            assert!(got.len() <= expected_sure.len() + 2);
        }
    }

    #[test]
    fn nothing_is_returned_with_every_category_hidden() {
        let index = ClusterIndex::build(&random_points(100, 1), ClusterOptions::default()).unwrap();
        assert!(
            index
                .clusters(world(), 3.0, &[false; CATEGORY_COUNT])
                .is_empty()
        );
    }

    #[test]
    fn non_finite_points_are_skipped_and_bad_options_rejected() {
        let mut points = random_points(10, 2);
        points[3].lon = f64::NAN;
        points[4].lat = f64::INFINITY;
        let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
        assert_eq!(index.len(), 8);
        assert_eq!(index.skipped_points(), 2);
        assert!(index.memory_bytes() > 0);

        let bad = ClusterOptions {
            min_zoom: 10,
            max_zoom: 5,
            ..ClusterOptions::default()
        };
        assert!(matches!(
            ClusterIndex::build(&points, bad),
            Err(ClusterError::InvalidOptions(_))
        ));
        let empty = ClusterIndex::build(&[], ClusterOptions::default()).unwrap();
        assert!(empty.is_empty());
        assert!(empty.clusters(world(), 4.0, &ALL_VISIBLE).is_empty());
    }

    #[test]
    fn the_filter_table_follows_the_legend() {
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::NightMarket, false);
        let table = visibility(&filter);
        assert!(!table[Category::NightMarket.index()]);
        assert_eq!(table.iter().filter(|v| **v).count(), CATEGORY_COUNT - 1);
    }

    #[test]
    fn fanned_out_markers_do_not_overlap() {
        for count in [2, 5, 8, 9, 30] {
            let offsets = fan_out_offsets_px(count, 20.0);
            assert_eq!(offsets.len(), count);
            for (i, a) in offsets.iter().enumerate() {
                for b in &offsets[i + 1..] {
                    let d = (a[0] - b[0]).hypot(a[1] - b[1]);
                    assert!(d >= 14.0, "{count}: {a:?} {b:?} {d}");
                }
            }
        }
    }

    #[test]
    fn mercator_conversions_round_trip() {
        for (lon, lat) in [(113.18, 35.24), (-70.0, -33.4), (0.0, 0.0)] {
            assert!((x_to_lon(lon_to_x(lon)) - lon).abs() < 1e-9);
            assert!((y_to_lat(lat_to_y(lat)) - lat).abs() < 1e-9);
        }
    }
}
