//! Validation of a data file for maintainers (`--check FILE`): every problem, each with its
//! feature, in plain words — not just the first one. Reads JSON leniently so that one broken
//! feature does not hide the others.

use geo::{Contains, Coord, MultiPolygon, Point};
use serde_json::Value;

use crate::model::category::Category;
use crate::model::provenance::Precision;

pub use crate::model::rules::Severity;

/// One problem found in a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// How bad it is.
    pub severity: Severity,
    /// Zero-based feature position, or `None` for the whole file.
    pub index: Option<usize>,
    /// The feature's id, when it has one.
    pub id: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.index, &self.id) {
            (Some(index), Some(id)) => {
                write!(f, "{severity}: feature #{index} ({id}): {}", self.message)
            }
            (Some(index), None) => write!(f, "{severity}: feature #{index}: {}", self.message),
            (None, _) => write!(f, "{severity}: {}", self.message),
        }
    }
}

/// Checks GeoJSON text. `home` is the district every vertex should lie in (WGS84).
pub fn validate(text: &str, home: Option<&MultiPolygon<f64>>) -> Vec<Problem> {
    let file_error = |message: String| {
        vec![Problem {
            severity: Severity::Error,
            index: None,
            id: None,
            message,
        }]
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return file_error(format!("not valid JSON: {e}")),
    };
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return file_error("the file must be a GeoJSON FeatureCollection".to_owned());
    }
    let Some(features) = root.get("features").and_then(Value::as_array) else {
        return file_error("\"features\" must be an array".to_owned());
    };
    let mut problems = Vec::new();
    if let Some(crs) = root.get("crs") {
        let refused = crate::model::io::load::check_crs(crs, "the file").err();
        problems.push(Problem {
            severity: if refused.is_some() {
                Severity::Error
            } else {
                Severity::Warning
            },
            index: None,
            id: None,
            message: refused.map_or_else(
                || "\"crs\" member found: RFC 7946 GeoJSON is always WGS84 [lon, lat]; make sure the coordinates are".to_owned(),
                |error| error.to_string(),
            ),
        });
    }
    let mut seen = std::collections::HashMap::new();
    for (index, feature) in features.iter().enumerate() {
        let mut checker = FeatureChecker {
            index,
            id: None,
            problems: &mut problems,
        };
        checker.check(feature, home, &mut seen);
    }
    problems
}

struct FeatureChecker<'a> {
    index: usize,
    id: Option<String>,
    problems: &'a mut Vec<Problem>,
}

impl FeatureChecker<'_> {
    fn report(&mut self, severity: Severity, message: impl Into<String>) {
        self.problems.push(Problem {
            severity,
            index: Some(self.index),
            id: self.id.clone(),
            message: message.into(),
        });
    }

    fn check(
        &mut self,
        feature: &Value,
        home: Option<&MultiPolygon<f64>>,
        seen: &mut std::collections::HashMap<String, usize>,
    ) {
        let properties = feature.get("properties").and_then(Value::as_object);
        let text = |key: &str| {
            properties
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        self.id = text("id")
            .map(str::to_owned)
            .or_else(|| match feature.get("id") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            });
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            self.report(Severity::Error, "not a GeoJSON Feature");
            return;
        }
        match self.id.clone() {
            None => self.report(Severity::Error, "missing \"id\""),
            Some(id) => {
                if let Some(first) = seen.insert(id.clone(), self.index) {
                    self.report(
                        Severity::Error,
                        format!("duplicate id \"{id}\" (first used by feature #{first})"),
                    );
                }
            }
        }
        match text("category") {
            None => self.report(Severity::Error, "missing \"category\""),
            Some(slug) if Category::from_slug(slug).is_none() => {
                let known: Vec<&str> = Category::ALL.iter().map(|c| c.slug()).collect();
                self.report(
                    Severity::Error,
                    format!("unknown category \"{slug}\" (known: {})", known.join(", ")),
                );
            }
            Some(_) => {}
        }
        if let Some(precision) = text("position_precision")
            && Precision::from_slug(precision).is_none()
        {
            self.report(
                Severity::Error,
                format!("unknown position_precision \"{precision}\" (surveyed, approximate or illustrative)"),
            );
        }
        // The content rules are the model's, the same the app and the edit form use.
        let parsed = geojson::Feature::from_json_value(feature.clone())
            .ok()
            .and_then(|f| crate::model::io::load::parse_feature(f).ok());
        if let Some(facility) = parsed {
            for problem in facility.problems() {
                self.report(problem.severity(), problem.to_string());
            }
        }
        match feature.get("geometry") {
            None | Some(Value::Null) => self.report(Severity::Error, "missing geometry"),
            Some(geometry) => {
                self.check_geometry(geometry, home);
            }
        }
    }

    fn check_geometry(&mut self, geometry: &Value, home: Option<&MultiPolygon<f64>>) {
        let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
        let coordinates = geometry.get("coordinates");
        if let (Some(simple), Some(Value::Array(members))) =
            (kind.strip_prefix("Multi"), coordinates)
        {
            // GDAL wraps single shapes in Multi* types; one member is accepted by the loader.
            if let [only] = members.as_slice() {
                let single = serde_json::json!({"type": simple, "coordinates": only});
                self.check_geometry(&single, home);
                return;
            }
        }
        let positions: Vec<&Value> = match (kind, coordinates) {
            ("Point", Some(c)) => vec![c],
            ("LineString", Some(Value::Array(line))) => {
                if line.len() < 2 {
                    self.report(Severity::Error, "a LineString needs at least 2 positions");
                }
                line.iter().collect()
            }
            ("Polygon", Some(Value::Array(rings))) => {
                if rings.is_empty() {
                    self.report(Severity::Error, "a Polygon needs an exterior ring");
                }
                for (ring_index, ring) in rings.iter().enumerate() {
                    let ring = ring.as_array().map(Vec::as_slice).unwrap_or_default();
                    if ring.len() < 4 {
                        self.report(
                            Severity::Error,
                            format!(
                                "ring {ring_index} has {} positions; a ring needs at least 4",
                                ring.len()
                            ),
                        );
                    } else if ring.first() != ring.last() {
                        self.report(
                            Severity::Error,
                            format!("ring {ring_index} is not closed: its first and last positions differ"),
                        );
                    }
                }
                rings.iter().filter_map(Value::as_array).flatten().collect()
            }
            ("Point" | "LineString" | "Polygon", _) => {
                self.report(
                    Severity::Error,
                    format!("{kind} without valid \"coordinates\""),
                );
                return;
            }
            (other, _) => {
                self.report(
                    Severity::Error,
                    format!(
                        "unsupported geometry type \"{other}\" (use Point, LineString or Polygon)"
                    ),
                );
                return;
            }
        };
        let mut outside = 0;
        let mut swapped = 0;
        for position in positions {
            let Some(coord) = self.position(position) else {
                continue;
            };
            let Some(home) = home else {
                continue;
            };
            if !home.contains(&Point(coord)) {
                outside += 1;
                if home.contains(&Point::new(coord.y, coord.x)) {
                    swapped += 1;
                }
            }
        }
        if swapped > 0 {
            self.report(
                Severity::Error,
                format!("{swapped} position(s) look like [lat, lon]: GeoJSON is [lon, lat]"),
            );
        } else if outside > 0 {
            self.report(
                Severity::Warning,
                format!("{outside} position(s) lie outside Zhongzhan District"),
            );
        }
    }

    fn position(&mut self, position: &Value) -> Option<Coord<f64>> {
        let numbers: Vec<Option<f64>> = position
            .as_array()
            .map(|a| a.iter().map(Value::as_f64).collect())
            .unwrap_or_default();
        match numbers.as_slice() {
            [Some(x), Some(y), ..] if x.is_finite() && y.is_finite() => {
                if !(-180.0..=180.0).contains(x) || !(-90.0..=90.0).contains(y) {
                    let hint = if (-90.0..=90.0).contains(x) && (-180.0..=180.0).contains(y) {
                        " — it looks like [lat, lon]: GeoJSON is [lon, lat]"
                    } else {
                        ""
                    };
                    self.report(
                        Severity::Error,
                        format!("position [{x}, {y}] is outside the WGS84 range{hint}"),
                    );
                    return None;
                }
                Some(Coord { x: *x, y: *y })
            }
            _ => {
                self.report(
                    Severity::Error,
                    format!("position {position} is not [lon, lat] numbers"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::district::{BUNDLED_DISTRICTS, parse_districts};

    fn home() -> MultiPolygon<f64> {
        parse_districts(BUNDLED_DISTRICTS)
            .unwrap()
            .into_iter()
            .find(|d| d.is_zhongzhan())
            .unwrap()
            .boundary
    }

    fn collection(features: &[&str]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    fn feature(id: &str, category: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","category":"{category}","name_zh":"名","name_en":"Name"}},"geometry":{geometry}}}"#
        )
    }

    const INSIDE: &str = r#"{"type":"Point","coordinates":[113.17,35.235]}"#;

    #[test]
    fn the_bundled_data_has_no_problems() {
        assert_eq!(validate(BUNDLED_FACILITIES, Some(&home())), []);
    }

    #[test]
    fn every_problem_is_reported_with_its_feature() {
        let text = collection(&[
            &feature("a", "school-post", INSIDE),
            &feature("a", "school-post", INSIDE),
            &feature("b", "kiosk", INSIDE),
            &feature(
                "c",
                "school-post",
                r#"{"type":"Point","coordinates":[35.235,113.17]}"#,
            ),
            &feature(
                "d",
                "school-post",
                r#"{"type":"Point","coordinates":[116.4,39.9]}"#,
            ),
            &feature(
                "e",
                "fruit-vendor-area",
                r#"{"type":"Polygon","coordinates":[[[113.17,35.235],[113.171,35.235],[113.171,35.236],[113.17,35.236]]]}"#,
            ),
            r#"{"type":"Feature","properties":{"id":"f","category":"school-post"},"geometry":{"type":"Point","coordinates":[113.17,35.235]}}"#,
            &feature(
                "g",
                "school-post",
                r#"{"type":"Point","coordinates":["x",35.2]}"#,
            ),
        ]);
        let problems = validate(&text, Some(&home()));
        let find = |id: &str, needle: &str| {
            problems
                .iter()
                .any(|p| p.id.as_deref() == Some(id) && p.message.contains(needle))
        };
        assert!(find("a", "duplicate id"), "{problems:#?}");
        assert!(find("b", "unknown category \"kiosk\""));
        assert!(find("c", "like [lat, lon]"));
        assert!(find("d", "outside Zhongzhan District"));
        assert!(find("e", "not closed"));
        assert!(find("f", "missing name"));
        assert!(find("g", "not [lon, lat] numbers"));
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count(),
            6
        );
    }

    #[test]
    fn a_projected_crs_is_an_error_and_a_wgs84_crs_a_warning() {
        let with_crs = |name: &str| {
            format!(
                r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"{name}"}}}},"features":[]}}"#
            )
        };
        let mercator = validate(&with_crs("urn:ogc:def:crs:EPSG::3857"), None);
        assert_eq!(mercator.len(), 1);
        assert_eq!(mercator[0].severity, Severity::Error);
        assert!(mercator[0].message.contains("3857"));
        let wgs84 = validate(&with_crs("urn:ogc:def:crs:OGC:1.3:CRS84"), None);
        assert_eq!(wgs84[0].severity, Severity::Warning);
    }

    #[test]
    fn a_vendor_area_given_as_a_point_is_a_warning() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","category":"fruit-vendor-area","name_zh":"甲","name_en":"A"},"geometry":{"type":"Point","coordinates":[113.17,35.23]}}]}"#;
        let problems = validate(text, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].severity, Severity::Warning);
        assert!(problems[0].message.contains("usually a Polygon"));
    }

    #[test]
    fn broken_json_is_one_file_level_error() {
        let problems = validate("{\"type\": ", None);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("not valid JSON"));
        assert_eq!(problems[0].index, None);
    }
}
