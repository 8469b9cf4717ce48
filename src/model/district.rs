//! District boundaries of Jiaozuo (WGS84, converted from GCJ-02 AMap data), bundled so the
//! map is a map even with no network.

use geo::{BoundingRect, Centroid, Coord, LineString, MultiPolygon, Point, Polygon, Rect};
use geojson::{GeoJson, Value as GeoValue};

/// Administrative code of Zhongzhan District.
pub const ZHONGZHAN_ADCODE: &str = "410803";

/// The bundled boundary data (see `assets/geodata/README.md` for its source and licence).
pub const BUNDLED_DISTRICTS: &str =
    include_str!("../../assets/geodata/jiaozuo_districts_echarts_wgs84.geojson");

/// One district or county.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// Administrative code, e.g. `410803`.
    pub adcode: String,
    /// Chinese name, e.g. `中站区`.
    pub name_zh: String,
    /// Boundary in WGS84.
    pub boundary: MultiPolygon<f64>,
    /// Where to put the label.
    pub label_position: Point<f64>,
}

impl District {
    /// Whether this is Zhongzhan District, the app's home.
    pub fn is_zhongzhan(&self) -> bool {
        self.adcode == ZHONGZHAN_ADCODE
    }
}

/// Why boundary data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DistrictError {
    /// The text is not GeoJSON.
    #[error("district boundaries are not valid GeoJSON: {0}")]
    Syntax(String),
    /// It is GeoJSON but not a FeatureCollection.
    #[error("district boundaries must be a FeatureCollection")]
    NotAFeatureCollection,
}

/// Parses a FeatureCollection of (Multi)Polygons with `adcode` and `name` properties.
/// Features without a polygon are skipped.
pub fn parse_districts(text: &str) -> Result<Vec<District>, DistrictError> {
    let geojson: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| DistrictError::Syntax(e.to_string()))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(DistrictError::NotAFeatureCollection);
    };
    let mut districts = Vec::new();
    for feature in collection.features {
        let property = |key: &str| {
            feature
                .property(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let Some(boundary) = feature
            .geometry
            .as_ref()
            .and_then(|g| to_multi_polygon(&g.value))
        else {
            continue;
        };
        let label_position = boundary.centroid().unwrap_or_else(|| Point::new(0.0, 0.0));
        districts.push(District {
            adcode: property("adcode"),
            name_zh: property("name"),
            boundary,
            label_position,
        });
    }
    Ok(districts)
}

/// The bundled coarse river lines (GSHHG/WDBII, kilometre-scale accuracy).
pub const BUNDLED_RIVERS: &str =
    include_str!("../../assets/geodata/rivers_wdbii_jiaozuo_wgs84.geojson");

/// Parses a FeatureCollection of LineStrings (MultiLineStrings are split); other geometries
/// are skipped.
pub fn parse_lines(text: &str) -> Result<Vec<LineString<f64>>, DistrictError> {
    let geojson: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| DistrictError::Syntax(e.to_string()))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(DistrictError::NotAFeatureCollection);
    };
    Ok(collection
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .flat_map(|g| match &g.value {
            GeoValue::LineString(line) => vec![ring(line)],
            GeoValue::MultiLineString(lines) => lines.iter().map(|l| ring(l)).collect(),
            _ => Vec::new(),
        })
        .filter(|line| line.0.len() >= 2)
        .collect())
}

/// Bounding box of Zhongzhan District, if present.
pub fn zhongzhan_bounds(districts: &[District]) -> Option<Rect<f64>> {
    districts
        .iter()
        .find(|d| d.is_zhongzhan())
        .and_then(|d| d.boundary.bounding_rect())
}

fn ring(positions: &[Vec<f64>]) -> LineString<f64> {
    positions
        .iter()
        .filter_map(|p| match (p.first(), p.get(1)) {
            (Some(&x), Some(&y)) if x.is_finite() && y.is_finite() => Some(Coord { x, y }),
            _ => None,
        })
        .collect()
}

fn polygon(rings: &[Vec<Vec<f64>>]) -> Option<Polygon<f64>> {
    let (exterior, interiors) = rings.split_first()?;
    Some(Polygon::new(
        ring(exterior),
        interiors.iter().map(|r| ring(r)).collect(),
    ))
}

fn to_multi_polygon(value: &GeoValue) -> Option<MultiPolygon<f64>> {
    match value {
        GeoValue::Polygon(rings) => polygon(rings).map(|p| MultiPolygon(vec![p])),
        GeoValue::MultiPolygon(polygons) => Some(MultiPolygon(
            polygons.iter().filter_map(|p| polygon(p)).collect(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains};

    #[test]
    fn bundled_boundaries_contain_zhongzhan_and_its_neighbours() {
        let districts = parse_districts(BUNDLED_DISTRICTS).unwrap();
        assert_eq!(districts.len(), 10);
        let zhongzhan = districts.iter().find(|d| d.is_zhongzhan()).unwrap();
        assert_eq!(zhongzhan.name_zh, "中站区");
        // The district centre from the reference points (WGS84) lies inside.
        assert!(
            zhongzhan
                .boundary
                .contains(&Point::new(113.176488, 35.237226))
        );
    }

    #[test]
    fn zhongzhan_bounds_are_around_jiaozuo_west() {
        let districts = parse_districts(BUNDLED_DISTRICTS).unwrap();
        let bounds = zhongzhan_bounds(&districts).unwrap();
        assert!(bounds.min().x > 113.0 && bounds.max().x < 113.3);
        assert!(bounds.min().y > 35.1 && bounds.max().y < 35.4);
        let area_deg2 = districts
            .iter()
            .find(|d| d.is_zhongzhan())
            .map(|d| d.boundary.unsigned_area())
            .unwrap();
        assert!(area_deg2 > 0.005, "about 124.7 km², {area_deg2} deg²");
    }

    #[test]
    fn bundled_rivers_are_lines_near_jiaozuo() {
        let rivers = parse_lines(BUNDLED_RIVERS).unwrap();
        assert_eq!(rivers.len(), 22);
        let first = rivers[0].0[0];
        assert!((112.0..114.5).contains(&first.x) && (34.5..36.0).contains(&first.y));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_districts("not json").is_err());
        assert!(matches!(
            parse_districts(r#"{"type":"Point","coordinates":[1,2]}"#),
            Err(DistrictError::NotAFeatureCollection)
        ));
    }
}
