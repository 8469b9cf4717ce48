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

#![expect(
    clippy::indexing_slicing,
    reason = "indices are the index's own (node numbers, tree levels, category slots), made and bounded when it is built; queries on user input go through `get`"
)]

use geo::Rect;

use crate::model::category::Category;

mod fan_out;
mod items;
mod kdtree;
mod mercator;
#[cfg(test)]
mod tests;

pub use fan_out::fan_out_offsets_px;
pub use items::{
    ALL_VISIBLE, CATEGORY_COUNT, ClusterError, ClusterId, ClusterItem, ClusterOptions,
    ClusterPoint, ClusterSummary, PointItem, Visibility, visibility,
};
use kdtree::{Entry, kd_range, kd_sort, kd_within};
use mercator::{
    EMPTY_BOX, FixedBox, SCALE, fixed_box_to_rect, fixed_from_f64, fixed_to_point, to_fixed,
};
pub use mercator::{lat_to_y, lon_to_x, x_to_lon, y_to_lat};

/// A cluster's members of one category: how many, their mean position and their extent.
#[derive(Debug, Clone, Copy)]
struct CategoryPart {
    category: u8,
    count: u32,
    mean: [u32; 2],
    extent: FixedBox,
}

/// High bit of a [`NodeRef`]: set for clusters, clear for leaves.
const CLUSTER_BIT: u32 = 1 << 31;

/// A node in a level: a leaf (input point number) or a cluster (with [`CLUSTER_BIT`]).
type NodeRef = u32;

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
    /// Per cluster: its members of each category it has any of (count, mean position,
    /// extent), as `parts[part_starts[id]..part_starts[id + 1]]` in category order — most
    /// clusters hold a few of the nine categories, so this is about a third of nine full
    /// records — then the zoom level it was formed at and its children (a range of
    /// `children`).
    part_starts: Vec<u32>,
    parts: Vec<CategoryPart>,
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
            part_starts: vec![0],
            parts: Vec::new(),
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
            part_starts: vec![0],
            parts: Vec::new(),
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
        index.part_starts.shrink_to_fit();
        index.parts.shrink_to_fit();
        index.formed_at_zoom.shrink_to_fit();
        index.child_ranges.shrink_to_fit();
        index.children.shrink_to_fit();
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
            let id = self.formed_at_zoom.len() as u32;
            let total = acc.total as f64;
            let (x, y) = (acc.weighted_x / total, acc.weighted_y / total);
            for c in 0..CATEGORY_COUNT {
                if acc.counts[c] > 0 {
                    let n = f64::from(acc.counts[c]);
                    self.parts.push(CategoryPart {
                        category: c as u8,
                        count: acc.counts[c],
                        mean: [
                            fixed_from_f64(acc.sums[c][0] / n),
                            fixed_from_f64(acc.sums[c][1] / n),
                        ],
                        extent: acc.boxes[c],
                    });
                }
            }
            self.part_starts.push(self.parts.len() as u32);
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
            let parts = self.parts_of((entry.node & !CLUSTER_BIT) as usize);
            let total: u32 = parts.iter().map(|part| part.count).sum();
            acc.total += u64::from(total);
            acc.weighted_x += f64::from(entry.x) * f64::from(total);
            acc.weighted_y += f64::from(entry.y) * f64::from(total);
            for part in parts {
                let (c, n) = (usize::from(part.category), f64::from(part.count));
                acc.counts[c] += part.count;
                acc.sums[c][0] += f64::from(part.mean[0]) * n;
                acc.sums[c][1] += f64::from(part.mean[1]) * n;
                grow(&mut acc.boxes[c], &part.extent);
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
        self.formed_at_zoom.len()
    }

    /// Cluster `id`'s members per category it has any of, in category order.
    fn parts_of(&self, id: usize) -> &[CategoryPart] {
        let start = self.part_starts.get(id).copied().unwrap_or(0) as usize;
        let end = self.part_starts.get(id + 1).copied().unwrap_or(0) as usize;
        self.parts.get(start..end).unwrap_or_default()
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
            + self.part_starts.capacity() * size_of::<u32>()
            + self.parts.capacity() * size_of::<CategoryPart>()
            + self.formed_at_zoom.capacity()
            + self.child_ranges.capacity() * size_of::<[u32; 2]>()
            + self.children.capacity() * size_of::<NodeRef>()
    }

    /// Where [`ClusterIndex::memory_bytes`] goes: `(part, bytes)` for the level trees, the
    /// leaves and the cluster records.
    pub fn memory_parts(&self) -> Vec<(String, usize)> {
        use std::mem::size_of;
        let mut parts: Vec<(String, usize)> = self
            .trees
            .iter()
            .enumerate()
            .map(|(level, t)| {
                (
                    format!("tree {level} ({} entries)", t.len()),
                    t.capacity() * size_of::<Entry>(),
                )
            })
            .collect();
        parts.push((
            "leaves".to_owned(),
            self.leaf_category.capacity() + self.leaf_index.capacity() * size_of::<u32>(),
        ));
        parts.push((
            format!(
                "cluster records ({} clusters, {} category parts)",
                self.cluster_count(),
                self.parts.len()
            ),
            self.part_starts.capacity() * size_of::<u32>()
                + self.parts.capacity() * size_of::<CategoryPart>()
                + self.formed_at_zoom.capacity()
                + self.child_ranges.capacity() * size_of::<[u32; 2]>(),
        ));
        parts.push((
            "children".to_owned(),
            self.children.capacity() * size_of::<NodeRef>(),
        ));
        parts
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
        let mut dominant_mean = [0, 0];
        for part in self.parts_of(id) {
            let (c, n) = (usize::from(part.category), part.count);
            if !visible.get(c).copied().unwrap_or(false) || n == 0 {
                continue;
            }
            // The first of the largest visible categories.
            if count == 0 || n > counts_by_category[dominant] {
                dominant = c;
                dominant_mean = part.mean;
            }
            counts_by_category[c] = n;
            count += n;
            sum_x += f64::from(part.mean[0]) * f64::from(n);
            sum_y += f64::from(part.mean[1]) * f64::from(n);
            grow(&mut extent, &part.extent);
        }
        match count {
            0 => None,
            1 => {
                // The mean of a category with one member is that member's position.
                let [x, y] = dominant_mean;
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
        self.parts_of(id)
            .iter()
            .filter(|part| {
                visible
                    .get(usize::from(part.category))
                    .copied()
                    .unwrap_or(false)
            })
            .map(|part| part.count)
            .sum()
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
