//! Reading the facilities data file (an RFC 7946 GeoJSON FeatureCollection, WGS84 [lon, lat])
//! into [`Facility`] values. Every problem is reported with the feature it concerns; nothing here
//! panics on user data and nothing here writes files.

use crate::model::provenance::shared_text;
use std::borrow::Cow;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use geo::{Coord, LineString, Point, Polygon};
use geojson::Value as GeoValue;
use serde_json::{Map, Value};

use crate::model::category::Category;
use crate::model::facility::{Facility, FacilityGeometry, FacilityId};
use crate::model::provenance::{Precision, Provenance};
use crate::model::thin_str::ThinStr;

/// Properties the app understands, in the order they are written; everything else is kept in
/// `extra_properties` and written back after them.
pub const KNOWN_PROPERTIES: [&str; 17] = [
    "id",
    "category",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "address_zh",
    "source_quote",
    "source_ref",
    "position_precision",
    "position_method",
    "article_mention",
    "hours",
    "hours_source",
    "valid_from",
    "valid_until",
    "notes",
];

/// Why a data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, no permission, …).
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file's bytes are not text in an encoding the app reads.
    #[error(transparent)]
    Encoding(super::text::TextError),
    /// The file is not valid GeoJSON.
    #[error("{origin} is not valid GeoJSON: {message}")]
    Syntax {
        /// The file, or "bundled data".
        origin: String,
        /// The parser's message (with line and column when known).
        message: String,
    },
    /// The GeoJSON is valid but is not a FeatureCollection.
    #[error("{origin}: expected a GeoJSON FeatureCollection, found a {found}")]
    NotAFeatureCollection {
        /// The file, or "bundled data".
        origin: String,
        /// What was found instead.
        found: &'static str,
    },
    /// The reading was stopped before it finished (the window gave up waiting).
    #[error("{origin}: reading stopped before it finished")]
    Stopped {
        /// The file.
        origin: String,
    },
    /// Some features are invalid; each problem names its feature.
    #[error("{origin}: {} invalid feature(s): {}", problems.len(), summarize(problems))]
    InvalidFeatures {
        /// The file, or "bundled data".
        origin: String,
        /// One entry per problem.
        problems: Vec<FeatureProblem>,
    },
}

/// One problem with one feature.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureProblem {
    /// Zero-based position of the feature in the file.
    pub index: usize,
    /// The feature's id, when it has one.
    pub id: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for FeatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "feature #{} ({id}): {}", self.index, self.message),
            None => write!(f, "feature #{}: {}", self.index, self.message),
        }
    }
}

fn summarize(problems: &[FeatureProblem]) -> String {
    const SHOWN: usize = 3;
    let mut text = problems
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN {
        text.push_str(&format!("; and {} more", problems.len() - SHOWN));
    }
    text
}

/// Reads and parses a data file. The file is never modified.
pub fn load_file(path: &Path) -> Result<Vec<Facility>, LoadError> {
    let decoded = read_text_file(path)?;
    parse_facilities(&decoded.text, &path.display().to_string())
}

/// Reads a text file in UTF-8 (with or without BOM), UTF-16 or GB18030 (see `io::text`).
pub fn read_text_file(path: &Path) -> Result<super::text::DecodedText, LoadError> {
    read_text_file_reporting(path, &|_| {})
}

/// [`read_text_file`], telling `progress` the share of the file's bytes read so far.
pub fn read_text_file_reporting(
    path: &Path,
    progress: &dyn Fn(f32),
) -> Result<super::text::DecodedText, LoadError> {
    super::text::read_text_reporting(path, progress).map_err(|error| match error {
        super::text::TextError::Io { path, source } => LoadError::Io { path, source },
        undecodable @ super::text::TextError::Undecodable { .. } => {
            LoadError::Encoding(undecodable)
        }
    })
}

/// How often, in features, [`parse_facilities_reporting`] says how far it is.
const PROGRESS_EVERY_FEATURES: usize = 1024;

/// The top level of a GeoJSON text: its type, its features still unparsed (each a slice of the
/// text, so no tree of the whole file is ever built and the parse can say how far it is), and
/// a legacy `crs` member. Other members are skipped.
#[derive(serde::Deserialize)]
#[serde(expecting = "a GeoJSON object")]
struct TopLevel<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Option<Vec<&'a serde_json::value::RawValue>>,
    #[serde(default)]
    crs: Option<Value>,
}

/// GeoJSON geometry types: a file of one of these is a single shape, not a collection.
const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// Parses GeoJSON text; `origin` names the text's source in error messages.
pub fn parse_facilities(text: &str, origin: &str) -> Result<Vec<Facility>, LoadError> {
    parse_facilities_reporting(text, origin, &|_| ControlFlow::Continue(()))
}

/// [`parse_facilities`], telling `progress` the share of the text parsed so far (0 to 1)
/// every thousand or so features and at the end; when it answers `Break`, the parse stops there
/// with [`LoadError::Stopped`]. A feature that is not a GeoJSON Feature is reported with its
/// position like any other invalid feature.
pub fn parse_facilities_reporting(
    text: &str,
    origin: &str,
    progress: &dyn Fn(f32) -> ControlFlow<()>,
) -> Result<Vec<Facility>, LoadError> {
    let syntax = |message: String| LoadError::Syntax {
        origin: origin.to_owned(),
        message,
    };
    // A derived struct would also take a JSON array (its fields by position).
    if !text.trim_start().starts_with('{') {
        let found = text.trim_start().chars().next().map_or_else(
            || "an empty text".to_owned(),
            |first| format!("a text that starts with '{first}'"),
        );
        return Err(syntax(format!("expected a GeoJSON object, found {found}")));
    }
    let top: TopLevel<'_> = serde_json::from_str(text).map_err(|e| syntax(e.to_string()))?;
    match top.kind.as_deref() {
        Some("FeatureCollection") => {}
        Some("Feature") => {
            return Err(LoadError::NotAFeatureCollection {
                origin: origin.to_owned(),
                found: "Feature",
            });
        }
        Some(kind) if GEOMETRY_TYPES.contains(&kind) => {
            return Err(LoadError::NotAFeatureCollection {
                origin: origin.to_owned(),
                found: "Geometry",
            });
        }
        Some(kind) => {
            return Err(syntax(format!(
                "unknown \"type\": \"{kind}\" (expected \"FeatureCollection\")"
            )));
        }
        None => {
            return Err(syntax(
                "no \"type\" member (expected \"type\": \"FeatureCollection\")".to_owned(),
            ));
        }
    }
    if let Some(crs) = &top.crs {
        check_crs(crs, origin)?;
    }
    let Some(features) = top.features else {
        return Err(syntax(
            "the FeatureCollection has no \"features\" array".to_owned(),
        ));
    };
    let text_start = text.as_ptr() as usize;
    let text_bytes = text.len().max(1) as f32;
    let stopped = std::cell::Cell::new(false);
    let results = features.into_iter().enumerate().map_while(|(index, raw)| {
        if index.is_multiple_of(PROGRESS_EVERY_FEATURES) {
            let offset = (raw.get().as_ptr() as usize).saturating_sub(text_start);
            if progress(offset as f32 / text_bytes).is_break() {
                stopped.set(true);
                return None;
            }
        }
        Some((index, parse_raw_feature(raw.get())))
    });
    let facilities = collect_unique(results, origin.to_owned());
    if stopped.get() || progress(1.0).is_break() {
        return Err(LoadError::Stopped {
            origin: origin.to_owned(),
        });
    }
    facilities
}

/// One feature's JSON text, parsed.
fn parse_raw_feature(json: &str) -> FeatureResult {
    let object: Map<String, Value> = match serde_json::from_str(json) {
        Ok(object) => object,
        Err(error) => return Err((None, format!("not a JSON object: {error}"))),
    };
    let id = object
        .get("properties")
        .and_then(|p| p.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match geojson::Feature::from_json_object(object) {
        Ok(feature) => parse_feature(feature),
        Err(error) => Err((id, format!("not a GeoJSON Feature: {error}"))),
    }
}

/// Gathers parsed features (or table rows) into facilities: every facility when all are
/// valid and their ids unique, otherwise every problem with its position and id.
pub(crate) fn collect_unique(
    results: impl IntoIterator<Item = (usize, FeatureResult)>,
    origin: String,
) -> Result<Vec<Facility>, LoadError> {
    let mut facilities = Vec::new();
    let mut problems = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    for (index, result) in results {
        match result {
            Ok(facility) => {
                if seen_ids.insert(facility.id.clone()) {
                    facilities.push(facility);
                } else {
                    problems.push(FeatureProblem {
                        index,
                        id: Some(facility.id.0.to_string()),
                        message: "duplicate id".to_owned(),
                    });
                }
            }
            Err((id, message)) => problems.push(FeatureProblem { index, id, message }),
        }
    }
    if problems.is_empty() {
        Ok(facilities)
    } else {
        Err(LoadError::InvalidFeatures { origin, problems })
    }
}

/// Names of coordinate reference systems that mean WGS84 longitude/latitude (CGCS2000 differs
/// by centimetres). GDAL writes a `crs` member (from the 2008 GeoJSON spec) unless told
/// `-lco RFC7946=YES`.
const WGS84_CRS_NAMES: [&str; 6] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4490",
    "EPSG:4490",
];

/// Accepts a legacy `crs` member only when it names WGS84 (or CGCS2000).
pub(crate) fn check_crs(crs: &Value, origin: &str) -> Result<(), LoadError> {
    let name = crs
        .pointer("/properties/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    if name.is_empty() || WGS84_CRS_NAMES.contains(&name) {
        return Ok(());
    }
    Err(LoadError::Syntax {
        origin: origin.to_owned(),
        message: format!(
            "coordinates are in {name}, not WGS84 longitude/latitude; convert them first, e.g. `ogr2ogr -t_srs EPSG:4326 -lco RFC7946=YES out.geojson in.geojson`"
        ),
    })
}

/// One parsed feature, or its id (if known) and what is wrong with it.
pub(crate) type FeatureResult = Result<Facility, (Option<String>, String)>;

/// One GeoJSON feature as a facility, or why it cannot be one (content rules aside: see
/// [`Facility::problems`]).
pub(crate) fn parse_feature(feature: geojson::Feature) -> FeatureResult {
    let properties = feature.properties.unwrap_or_default();
    let id = properties
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| match &feature.id {
            Some(geojson::feature::Id::String(s)) => Some(s.clone()),
            Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
            None => None,
        });
    let fail = |message: String| (id.clone(), message);

    let Some(id_text) = id.clone().filter(|s| !s.trim().is_empty()) else {
        return Err(fail("missing \"id\"".to_owned()));
    };
    let category_slug = property_text(&properties, "category");
    let category = Category::from_slug(&category_slug).ok_or_else(|| {
        fail(if category_slug.is_empty() {
            "missing \"category\"".to_owned()
        } else {
            format!("unknown category \"{category_slug}\"")
        })
    })?;
    let name_zh = string_property(&properties, "name_zh");
    let name_en = string_property(&properties, "name_en");
    let precision_slug = property_text(&properties, "position_precision");
    let precision = if precision_slug.is_empty() {
        // Honesty first: a position nobody vouched for is only illustrative.
        Precision::Illustrative
    } else {
        Precision::from_slug(&precision_slug).ok_or_else(|| {
            fail(format!(
                "unknown position_precision \"{precision_slug}\" (expected surveyed, approximate or illustrative)"
            ))
        })?
    };
    let geometry = feature
        .geometry
        .ok_or_else(|| fail("missing geometry".to_owned()))?;
    let geometry = convert_geometry(geometry.value).map_err(fail)?;

    let extra_properties: Map<String, Value> = properties
        .iter()
        .filter(|(key, _)| !KNOWN_PROPERTIES.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let article_mention =
        Some(string_property(&properties, "article_mention")).filter(|s| !s.trim().is_empty());

    Ok(Facility {
        id: FacilityId(id_text.into()),
        category,
        name_zh,
        name_en,
        description_zh: string_property(&properties, "description_zh"),
        description_en: string_property(&properties, "description_en"),
        address_zh: string_property(&properties, "address_zh"),
        hours: string_property(&properties, "hours"),
        hours_source: string_property(&properties, "hours_source"),
        valid_from: string_property(&properties, "valid_from"),
        valid_until: string_property(&properties, "valid_until"),
        notes: string_property(&properties, "notes"),
        article_mention,
        provenance: Provenance {
            source_quote: shared_text(&property_text(&properties, "source_quote")),
            source_ref: shared_text(&property_text(&properties, "source_ref")),
            precision,
            method: shared_text(&property_text(&properties, "position_method")),
        },
        geometry,
        extra_properties: extra_properties.into(),
    })
}

/// A text property as written (a number as its digits; anything else empty), borrowed when
/// it is a string.
fn property_text<'a>(properties: &'a Map<String, Value>, key: &str) -> Cow<'a, str> {
    match properties.get(key) {
        Some(Value::String(s)) => Cow::Borrowed(s),
        Some(Value::Number(n)) => Cow::Owned(n.to_string()),
        _ => Cow::Borrowed(""),
    }
}

/// A text property kept as a facility's field.
fn string_property(properties: &Map<String, Value>, key: &str) -> ThinStr {
    ThinStr::new(&property_text(properties, key))
}

/// Converts one GeoJSON position, rejecting NaN, infinities and out-of-range values.
fn convert_position(position: &[f64]) -> Result<Coord<f64>, String> {
    let (Some(&lon), Some(&lat)) = (position.first(), position.get(1)) else {
        return Err("a position needs at least two numbers [lon, lat]".to_owned());
    };
    if !lon.is_finite() || !lat.is_finite() {
        return Err(format!("position [{lon}, {lat}] is not a finite number"));
    }
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "position [{lon}, {lat}] is outside WGS84 range (expected [lon, lat])"
        ));
    }
    Ok(Coord { x: lon, y: lat })
}

fn convert_ring(ring: &[Vec<f64>]) -> Result<LineString<f64>, String> {
    let coords = ring
        .iter()
        .map(|p| convert_position(p))
        .collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 4 {
        return Err(format!(
            "a polygon ring needs at least 4 positions, found {}",
            coords.len()
        ));
    }
    if coords.first() != coords.last() {
        return Err("polygon ring is not closed (first and last positions differ)".to_owned());
    }
    Ok(LineString::new(coords))
}

fn convert_geometry(value: GeoValue) -> Result<FacilityGeometry, String> {
    match value {
        GeoValue::Point(p) => Ok(FacilityGeometry::Point(Point(convert_position(&p)?))),
        GeoValue::LineString(line) => {
            let coords = line
                .iter()
                .map(|p| convert_position(p))
                .collect::<Result<Vec<_>, _>>()?;
            if coords.len() < 2 {
                return Err("a LineString needs at least 2 positions".to_owned());
            }
            Ok(FacilityGeometry::line(LineString::new(coords)))
        }
        GeoValue::Polygon(rings) => {
            let mut rings = rings.iter();
            let exterior = rings
                .next()
                .ok_or_else(|| "a Polygon needs an exterior ring".to_owned())
                .and_then(|r| convert_ring(r))?;
            let interiors = rings.map(|r| convert_ring(r)).collect::<Result<_, _>>()?;
            Ok(FacilityGeometry::area(Polygon::new(exterior, interiors)))
        }
        // GDAL and shapefiles often wrap single shapes in Multi* types; one member is fine.
        GeoValue::MultiPoint(mut points) if points.len() == 1 => {
            convert_geometry(GeoValue::Point(points.remove(0)))
        }
        GeoValue::MultiLineString(mut lines) if lines.len() == 1 => {
            convert_geometry(GeoValue::LineString(lines.remove(0)))
        }
        GeoValue::MultiPolygon(mut polygons) if polygons.len() == 1 => {
            convert_geometry(GeoValue::Polygon(polygons.remove(0)))
        }
        GeoValue::MultiPoint(points) => Err(format!(
            "MultiPoint with {} points: one facility needs one position; split it into one feature per point",
            points.len()
        )),
        other => Err(format!(
            "unsupported geometry type {} (expected Point, LineString or Polygon, or a Multi* with one member)",
            other.type_name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(properties: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{properties},"geometry":{geometry}}}]}}"#
        )
    }

    const GOOD_PROPS: &str = r#"{"id":"school-post-01","category":"school-post","name_zh":"护学岗 01","name_en":"School guard post 01","position_precision":"illustrative","source_quote":"设置16处护学岗","colour":"red"}"#;
    const POINT: &str = r#"{"type":"Point","coordinates":[113.17,35.23]}"#;

    #[test]
    fn a_valid_feature_loads_with_its_provenance_and_unknown_properties() {
        let facilities = parse_facilities(&feature(GOOD_PROPS, POINT), "test").unwrap();
        assert_eq!(facilities.len(), 1);
        let f = &facilities[0];
        assert_eq!(f.id.as_str(), "school-post-01");
        assert_eq!(f.category, Category::SchoolPost);
        assert_eq!(f.provenance.precision, Precision::Illustrative);
        assert_eq!(&*f.provenance.source_quote, "设置16处护学岗");
        assert_eq!(f.extra_properties.get("colour"), Some(&Value::from("red")));
        assert_eq!(
            f.geometry,
            FacilityGeometry::Point(Point::new(113.17, 35.23))
        );
    }

    #[test]
    fn malformed_json_reports_the_file_and_the_position() {
        let err =
            parse_facilities("{\"type\": \"FeatureCollection\", ", "data/x.geojson").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("data/x.geojson"), "{message}");
        assert!(message.contains("not valid GeoJSON"), "{message}");
    }

    #[test]
    fn the_parse_reports_a_growing_share_of_the_text_and_ends_at_one() {
        let features: Vec<String> = (0..5000)
            .map(|n| {
                let props = GOOD_PROPS.replace("school-post-01", &format!("post-{n}"));
                format!(r#"{{"type":"Feature","properties":{props},"geometry":{POINT}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let shares = std::cell::RefCell::new(Vec::new());
        let facilities = parse_facilities_reporting(&text, "x", &|share| {
            shares.borrow_mut().push(share);
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(facilities.len(), 5000);
        let shares = shares.into_inner();
        // Every 1024 features, then the end.
        assert_eq!(shares.len(), 6, "{shares:?}");
        assert!(shares.windows(2).all(|w| w[0] < w[1]), "{shares:?}");
        assert!(shares[0] < 0.01 && shares[4] > 0.8, "{shares:?}");
        assert_eq!(shares.last(), Some(&1.0));
    }

    #[test]
    fn a_parse_told_to_stop_stops_at_its_next_report_and_says_so() {
        let one = |n: usize| {
            let props = GOOD_PROPS.replace("school-post-01", &format!("post-{n}"));
            format!(r#"{{"type":"Feature","properties":{props},"geometry":{POINT}}}"#)
        };
        let features: Vec<String> = (0..3000).map(one).collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let reports = std::cell::Cell::new(0);
        let result = parse_facilities_reporting(&text, "big.geojson", &|_| {
            reports.set(reports.get() + 1);
            if reports.get() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let Err(error) = result else {
            panic!("the parse went on after it was told to stop");
        };
        assert!(matches!(error, LoadError::Stopped { .. }), "{error}");
        assert_eq!(
            error.to_string(),
            "big.geojson: reading stopped before it finished"
        );
        assert_eq!(reports.get(), 2, "no report after the stop");
    }

    #[test]
    fn a_member_that_is_not_a_feature_is_reported_with_its_position_and_id() {
        let good = format!(r#"{{"type":"Feature","properties":{GOOD_PROPS},"geometry":{POINT}}}"#);
        let no_type = r#"{"properties":{"id":"typeless"},"geometry":null}"#;
        let text = format!(r#"{{"type":"FeatureCollection","features":[{good},{no_type},7]}}"#);
        let err = parse_facilities(&text, "data/x.geojson").unwrap_err();
        let LoadError::InvalidFeatures { problems, .. } = &err else {
            panic!("expected InvalidFeatures, got {err:?}");
        };
        assert_eq!(problems.len(), 2, "{err}");
        assert_eq!(problems[0].index, 1);
        assert_eq!(problems[0].id.as_deref(), Some("typeless"));
        assert!(
            problems[0].message.contains("not a GeoJSON Feature"),
            "{err}"
        );
        assert_eq!(problems[1].index, 2);
        assert!(problems[1].message.contains("not a JSON object"), "{err}");
        assert!(
            err.to_string().starts_with("data/x.geojson: 2 invalid"),
            "{err}"
        );
    }

    #[test]
    fn a_top_level_that_is_not_a_feature_collection_says_what_it_is() {
        let cases = [
            ("[1, 2]", "expected a GeoJSON object"),
            (r#"{"features": []}"#, "no \"type\" member"),
            (r#"{"type": "Topology"}"#, "unknown \"type\": \"Topology\""),
            (r#"{"type": "FeatureCollection"}"#, "no \"features\" array"),
        ];
        for (text, expected) in cases {
            let message = parse_facilities(text, "data/x.geojson")
                .unwrap_err()
                .to_string();
            assert!(
                message.starts_with("data/x.geojson is not valid GeoJSON"),
                "{message}"
            );
            assert!(message.contains(expected), "{text}: {message}");
        }
        let feature =
            format!(r#"{{"type":"Feature","properties":{GOOD_PROPS},"geometry":{POINT}}}"#);
        assert!(matches!(
            parse_facilities(&feature, "x"),
            Err(LoadError::NotAFeatureCollection {
                found: "Feature",
                ..
            })
        ));
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_the_file() {
        let err = load_file(Path::new("/nonexistent/facilities.geojson")).unwrap_err();
        assert!(matches!(err, LoadError::Io { .. }));
        assert!(err.to_string().contains("/nonexistent/facilities.geojson"));
    }

    #[test]
    fn a_single_geometry_is_not_a_feature_collection() {
        let err = parse_facilities(POINT, "x").unwrap_err();
        assert!(matches!(
            err,
            LoadError::NotAFeatureCollection {
                found: "Geometry",
                ..
            }
        ));
    }

    #[test]
    fn unknown_category_is_reported_with_the_feature_id() {
        let props = GOOD_PROPS.replace("\"school-post\"", "\"kiosk\"");
        let err = parse_facilities(&feature(&props, POINT), "x").unwrap_err();
        let LoadError::InvalidFeatures { problems, .. } = err else {
            panic!("expected InvalidFeatures, got {err:?}");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].id.as_deref(), Some("school-post-01"));
        assert!(problems[0].message.contains("kiosk"));
    }

    #[test]
    fn swapped_latitude_out_of_range_is_rejected() {
        let geometry = r#"{"type":"Point","coordinates":[35.23,113.17]}"#;
        let err = parse_facilities(&feature(GOOD_PROPS, geometry), "x").unwrap_err();
        assert!(err.to_string().contains("outside WGS84 range"), "{err}");
    }

    #[test]
    fn unclosed_polygon_ring_is_rejected() {
        let props = GOOD_PROPS.replace("school-post\"", "fruit-vendor-area\"");
        let geometry = r#"{"type":"Polygon","coordinates":[[[113.1,35.2],[113.2,35.2],[113.2,35.3],[113.1,35.3]]]}"#;
        let err = parse_facilities(&feature(&props, geometry), "x").unwrap_err();
        assert!(err.to_string().contains("not closed"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let one = format!(r#"{{"type":"Feature","properties":{GOOD_PROPS},"geometry":{POINT}}}"#);
        let text = format!(r#"{{"type":"FeatureCollection","features":[{one},{one}]}}"#);
        let err = parse_facilities(&text, "x").unwrap_err();
        assert!(err.to_string().contains("duplicate id"), "{err}");
    }

    #[test]
    fn missing_precision_defaults_to_illustrative_never_surveyed() {
        let props = GOOD_PROPS.replace(r#""position_precision":"illustrative","#, "");
        let facilities = parse_facilities(&feature(&props, POINT), "x").unwrap();
        assert_eq!(facilities[0].provenance.precision, Precision::Illustrative);
    }
}

#[cfg(test)]
mod fuzz {
    //! Seeded mutation testing: thousands of corrupted versions of the bundled data must give
    //! a result or an error — never a panic — from the loader and the validator.

    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::validate::validate;

    /// A small deterministic generator (xorshift), so failures are reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const SNIPPETS: [&str; 12] = [
        "null",
        "NaN",
        "1e999",
        "-1e999",
        "[]",
        "{}",
        "\"\"",
        "[[[]]]",
        "\"Polygon\"",
        "0",
        "\u{0}",
        "\"\u{fffd}\"",
    ];

    fn mutate(text: &str, rng: &mut Rng) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(4) {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, b"{}[],:\"-.0e"[rng.below(11)]),
                2 => {
                    let end = (at + rng.below(200)).min(bytes.len());
                    bytes.drain(at..end);
                }
                _ => {
                    let snippet = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                    bytes.splice(at..at, snippet.iter().copied());
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn corrupted_files_never_panic_the_loader_or_the_validator() {
        let mut rng = Rng(0x2024_1001);
        let mut rejected = 0;
        for _ in 0..3000 {
            let text = mutate(BUNDLED_FACILITIES, &mut rng);
            if parse_facilities(&text, "fuzz").is_err() {
                rejected += 1;
            }
            let _problems = validate(&text, None);
        }
        assert!(
            rejected > 1000,
            "mutations should mostly break the file: {rejected}"
        );
    }

    #[test]
    fn corrupted_tables_never_panic_the_csv_importer() {
        use crate::model::io::csv_table::{parse_csv, to_csv_text};
        use crate::model::io::import::{ImportFormat, SourceDatum, import_text};
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap_or_default();
        let table = to_csv_text(&facilities).unwrap_or_default();
        let mut rng = Rng(0x0ca1_1e55);
        let mut rejected = 0;
        for round in 0..3000 {
            let mut text = mutate(&table, &mut rng);
            if round % 3 == 0 {
                // CSV-specific damage: stray quotes, separators and WKT fragments.
                let at = rng.below(text.len());
                let at = (0..=at)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                let junk = [
                    "\"",
                    ";",
                    "\t",
                    "POLYGON ((",
                    "\r\n",
                    ",,,",
                    "POINT (nan inf)",
                ];
                text.insert_str(at, junk[rng.below(junk.len())]);
            }
            if parse_csv(&text, "fuzz.csv").is_err() {
                rejected += 1;
            }
            let datum = SourceDatum::ALL[rng.below(SourceDatum::ALL.len())];
            let _outcome = import_text(&text, "fuzz.csv", ImportFormat::Csv, datum);
        }
        assert!(
            rejected > 500,
            "mutations should often break the table: {rejected}"
        );
    }

    #[test]
    fn hostile_values_in_geometry_are_errors() {
        for coordinates in ["[1e999, 35]", "[null, 35]", "[113]", "\"x\"", "[[113, 35]]"] {
            let text = format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"x","category":"school-post","name_zh":"甲"}},"geometry":{{"type":"Point","coordinates":{coordinates}}}}}]}}"#
            );
            assert!(parse_facilities(&text, "x").is_err(), "{coordinates}");
        }
    }
}
