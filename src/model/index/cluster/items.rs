//! The cluster index's public vocabulary: input points, options, errors and the items a query
//! returns (single points and cluster summaries), plus the per-category tables they share.

use geo::{Point, Rect};

use crate::model::category::Category;
use crate::model::filter::CategoryFilter;

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
    pub fn anchor_of(index: usize, facility: &crate::model::Facility) -> Self {
        let anchor = facility.geometry.anchor();
        Self {
            lon: anchor.x(),
            lat: anchor.y(),
            category: facility.category,
            index,
        }
    }

    /// Facility `index` if it is a point facility.
    pub fn point_of(index: usize, facility: &crate::model::Facility) -> Option<Self> {
        matches!(facility.geometry, crate::model::FacilityGeometry::Point(_))
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

/// Identifies a cluster node of one [`ClusterIndex`](super::ClusterIndex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClusterId(pub(super) u32);

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
    /// The cluster node, for [`ClusterIndex::expansion_zoom`](super::ClusterIndex::expansion_zoom) and [`ClusterIndex::leaves`](super::ClusterIndex::leaves).
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
