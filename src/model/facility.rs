//! A facility: one service point, area or public-works site, with its geometry in WGS84
//! (`x` = longitude, `y` = latitude) and its provenance.

use geo::{BoundingRect, Centroid, Euclidean, InteriorPoint, Length};
use geo::{Coord, LineString, Point, Polygon, Rect};

use super::category::{Category, GeometryKind};
use super::provenance::Provenance;
use super::thin_str::ThinStr;

/// Stable identifier of a facility, as stored in the data file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FacilityId(pub ThinStr);

impl FacilityId {
    /// The identifier `text`.
    pub fn new(text: impl Into<ThinStr>) -> Self {
        Self(text.into())
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FacilityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shape of a facility, in WGS84 degrees.
#[derive(Debug, Clone, PartialEq)]
pub enum FacilityGeometry {
    /// A single position.
    Point(Point<f64>),
    /// A line such as a street or a pipe route (boxed, as the area: most facilities are
    /// points, which then take 24 bytes instead of 56).
    Line(Box<LineString<f64>>),
    /// An area; the exterior ring is closed.
    Area(Box<Polygon<f64>>),
}

impl FacilityGeometry {
    /// A line geometry.
    pub fn line(line: LineString<f64>) -> Self {
        FacilityGeometry::Line(Box::new(line))
    }

    /// An area geometry.
    pub fn area(polygon: Polygon<f64>) -> Self {
        FacilityGeometry::Area(Box::new(polygon))
    }

    /// A representative position: the point itself, the middle of a line, or a point
    /// guaranteed inside an area. Used for symbols, labels and panning.
    pub fn anchor(&self) -> Point<f64> {
        match self {
            FacilityGeometry::Point(p) => *p,
            FacilityGeometry::Line(line) => line_midpoint(line),
            FacilityGeometry::Area(polygon) => polygon
                .interior_point()
                .or_else(|| polygon.centroid())
                .unwrap_or_else(|| Point::new(0.0, 0.0)),
        }
    }

    /// Bounding box in degrees, or `None` for an empty geometry.
    pub fn bounds(&self) -> Option<Rect<f64>> {
        match self {
            FacilityGeometry::Point(p) => Some(Rect::new(p.0, p.0)),
            FacilityGeometry::Line(line) => line.bounding_rect(),
            FacilityGeometry::Area(polygon) => polygon.bounding_rect(),
        }
    }

    /// Every vertex, for validation.
    pub fn coords(&self) -> Box<dyn Iterator<Item = Coord<f64>> + '_> {
        match self {
            FacilityGeometry::Point(p) => Box::new(std::iter::once(p.0)),
            FacilityGeometry::Line(line) => Box::new(line.coords().copied()),
            FacilityGeometry::Area(polygon) => Box::new(
                polygon
                    .exterior()
                    .coords()
                    .chain(polygon.interiors().iter().flat_map(|r| r.coords()))
                    .copied(),
            ),
        }
    }

    /// Point, line or area.
    pub fn kind(&self) -> GeometryKind {
        match self {
            FacilityGeometry::Point(_) => GeometryKind::Point,
            FacilityGeometry::Line(_) => GeometryKind::Line,
            FacilityGeometry::Area(_) => GeometryKind::Area,
        }
    }

    /// Short English name of the geometry type, as in GeoJSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            FacilityGeometry::Point(_) => "Point",
            FacilityGeometry::Line(_) => "LineString",
            FacilityGeometry::Area(_) => "Polygon",
        }
    }
}

/// The point halfway along a line (by length in degrees, which is fine at district scale).
fn line_midpoint(line: &LineString<f64>) -> Point<f64> {
    let total = Euclidean.length(line);
    let half = total / 2.0;
    let mut walked = 0.0;
    for segment in line.lines() {
        let len = Euclidean.length(&segment);
        if walked + len >= half && len > 0.0 {
            let t = (half - walked) / len;
            return Point::new(
                segment.start.x + (segment.end.x - segment.start.x) * t,
                segment.start.y + (segment.end.y - segment.start.y) * t,
            );
        }
        walked += len;
    }
    line.0
        .first()
        .map(|c| Point(*c))
        .unwrap_or_else(|| Point::new(0.0, 0.0))
}

/// Properties of a facility this version of the app does not know (kept for a faithful round
/// trip). Most facilities have none: they then take 8 bytes, not the 72 of an empty map. Reads
/// and writes go through the map it derefs to; the first write makes it.
#[derive(Debug, Clone, Default)]
pub struct ExtraProperties(Option<Box<serde_json::Map<String, serde_json::Value>>>);

/// The map an empty [`ExtraProperties`] reads as.
static NO_EXTRA_PROPERTIES: std::sync::LazyLock<serde_json::Map<String, serde_json::Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

impl std::ops::Deref for ExtraProperties {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        self.0.as_deref().unwrap_or(&NO_EXTRA_PROPERTIES)
    }
}

impl std::ops::DerefMut for ExtraProperties {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for ExtraProperties {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for ExtraProperties {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<'a> IntoIterator for &'a ExtraProperties {
    type Item = (&'a String, &'a serde_json::Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

/// One facility, as loaded from the data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    /// Stable identifier.
    pub id: FacilityId,
    /// What kind of facility it is.
    pub category: Category,
    /// Chinese name (required).
    pub name_zh: ThinStr,
    /// English name (required).
    pub name_en: ThinStr,
    /// What the facility does, in Chinese.
    pub description_zh: ThinStr,
    /// What the facility does, in English.
    pub description_en: ThinStr,
    /// Address or location description, in Chinese.
    pub address_zh: ThinStr,
    /// Opening hours (OSM `opening_hours` syntax), empty when unknown.
    pub hours: ThinStr,
    /// Where the hours come from (e.g. "illustrative: the article gives no hours").
    pub hours_source: ThinStr,
    /// First day of a seasonal facility (`YYYY-MM-DD`), empty when always valid or unknown.
    pub valid_from: ThinStr,
    /// Last day of a seasonal facility (`YYYY-MM-DD`), empty when always valid or unknown.
    pub valid_until: ThinStr,
    /// Free-text notes by the bureau.
    pub notes: ThinStr,
    /// The short text in the article this facility links to, e.g. `16处护学岗`.
    pub article_mention: Option<ThinStr>,
    /// Where the facility and its position come from.
    pub provenance: Provenance,
    /// Shape in WGS84.
    pub geometry: FacilityGeometry,
    /// Properties this version of the app does not know, kept for a faithful round trip.
    pub extra_properties: ExtraProperties,
}

impl Facility {
    /// A facility with its required parts; descriptions, address, hours, season, notes and
    /// mention empty, no unknown properties.
    pub fn new(
        id: FacilityId,
        category: Category,
        names: (String, String),
        provenance: Provenance,
        geometry: FacilityGeometry,
    ) -> Self {
        let (name_zh, name_en) = names;
        Self {
            id,
            category,
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            description_zh: ThinStr::EMPTY,
            description_en: ThinStr::EMPTY,
            address_zh: ThinStr::EMPTY,
            hours: ThinStr::EMPTY,
            hours_source: ThinStr::EMPTY,
            valid_from: ThinStr::EMPTY,
            valid_until: ThinStr::EMPTY,
            notes: ThinStr::EMPTY,
            article_mention: None,
            provenance,
            geometry,
            extra_properties: ExtraProperties::default(),
        }
    }

    /// "中文名 English name", the label used for markers and list rows.
    pub fn label(&self) -> String {
        format!("{} {}", self.name_zh, self.name_en)
    }

    /// Whether everything but the geometry is the same (a pure move or reshape).
    pub fn properties_equal(&self, other: &Facility) -> bool {
        let mut moved = other.clone();
        moved.geometry = self.geometry.clone();
        *self == moved
    }

    /// Whether `query` (already lower-cased) occurs in the names.
    pub fn name_contains(&self, query_lowercase: &str) -> bool {
        self.name_zh.contains(query_lowercase)
            || self.name_en.to_lowercase().contains(query_lowercase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, polygon};

    #[test]
    fn anchor_of_a_line_is_halfway_along_it() {
        let line = line_string![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0)];
        let anchor = FacilityGeometry::line(line).anchor();
        assert!((anchor.x() - 2.0).abs() < 1e-9 && anchor.y().abs() < 1e-9);
    }

    #[test]
    fn anchor_of_an_area_lies_inside_it() {
        use geo::Contains;
        let l_shape = polygon![
            (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 1.0),
            (x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 0.0, y: 3.0),
        ];
        let anchor = FacilityGeometry::area(l_shape.clone()).anchor();
        assert!(l_shape.contains(&anchor));
    }
}
