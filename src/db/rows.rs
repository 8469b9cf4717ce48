//! One facility as one row of `zhongzhan.facilities` and back. Both directions go through the
//! model's GeoJSON feature form ([`feature_json`] and the loader's `parse_feature`), so a row
//! holds exactly what a data file would, and a row becomes a facility by the same rules as a
//! file's feature (a missing precision is `illustrative`, an unknown category is an error with
//! the row's id …). Geometries travel as EWKB (exact `f64`); geozero writes SRID 0, so every
//! written geometry goes through `ST_SetSRID($n::geometry, 4326)`.

use geozero::wkb;
use postgres::Row;
use postgres::types::ToSql;
use serde_json::{Map, Value};

use crate::model::facility::{Facility, FacilityGeometry};
use crate::model::io::load::{FeatureResult, KNOWN_PROPERTIES, parse_feature};
use crate::model::io::save::feature_json;

use super::error::Version;

/// The typed text columns: the file format's properties except `id`, in file order.
pub(crate) const TEXT_COLUMNS: [&str; 16] = [
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

/// Columns read for a facility, in the order [`from_row`] expects.
pub(crate) fn select_list() -> String {
    format!(
        "id, {}, extra, geom, version, deleted",
        TEXT_COLUMNS.join(", ")
    )
}

/// Columns written for a facility, in the order of [`RowValues::params`].
pub(crate) fn write_columns() -> String {
    format!("id, {}, extra, geom", TEXT_COLUMNS.join(", "))
}

/// `$1, …, $n` for [`write_columns`], the geometry wrapped in `ST_SetSRID(…, 4326)`.
pub(crate) fn write_placeholders() -> String {
    let mut placeholders: Vec<String> = (1..=TEXT_COLUMNS.len() + 2)
        .map(|n| format!("${n}"))
        .collect();
    placeholders.push(format!(
        "ST_SetSRID(${}::geometry, 4326)",
        TEXT_COLUMNS.len() + 3
    ));
    placeholders.join(", ")
}

/// `col = $n` for every written column but `id` (which is `$1`), for an UPDATE.
pub(crate) fn update_assignments() -> String {
    let mut assignments: Vec<String> = TEXT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 2))
        .collect();
    assignments.push(format!("extra = ${}", TEXT_COLUMNS.len() + 2));
    assignments.push(format!(
        "geom = ST_SetSRID(${}::geometry, 4326)",
        TEXT_COLUMNS.len() + 3
    ));
    assignments.join(", ")
}

/// The values of one facility's row.
pub(crate) struct RowValues {
    id: String,
    texts: Vec<String>,
    extra: Value,
    geometry: wkb::Encode<geo::Geometry<f64>>,
}

impl RowValues {
    /// The row for `facility`, from its GeoJSON feature form.
    pub(crate) fn new(facility: &Facility) -> Self {
        let feature = feature_json(facility);
        let properties = feature.get("properties").and_then(Value::as_object);
        let text = |key: &str| {
            properties
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Self {
            id: facility.id.0.to_string(),
            texts: TEXT_COLUMNS.iter().map(|c| text(c)).collect(),
            extra: Value::Object((*facility.extra_properties).clone()),
            geometry: wkb::Encode(geometry(&facility.geometry)),
        }
    }

    /// The parameters for [`write_columns`] / [`update_assignments`]: id, texts, extra,
    /// geometry.
    pub(crate) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(TEXT_COLUMNS.len() + 3);
        params.push(&self.id);
        params.extend(self.texts.iter().map(|t| t as &(dyn ToSql + Sync)));
        params.push(&self.extra);
        params.push(&self.geometry);
        params
    }
}

fn geometry(geometry: &FacilityGeometry) -> geo::Geometry<f64> {
    match geometry {
        FacilityGeometry::Point(point) => geo::Geometry::Point(*point),
        FacilityGeometry::Line(line) => geo::Geometry::LineString((**line).clone()),
        FacilityGeometry::Area(polygon) => geo::Geometry::Polygon((**polygon).clone()),
    }
}

/// A facility as stored: content, version and whether it is a tombstone.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFacility {
    /// The facility.
    pub facility: Facility,
    /// Its version in the database.
    pub version: Version,
    /// Whether it was deleted (a tombstone).
    pub deleted: bool,
}

/// A row read with [`select_list`] as a facility, or its id and why it is not one.
pub(crate) fn from_row(row: &Row) -> Result<StoredFacility, (Option<String>, String)> {
    let id: String = row.try_get(0).map_err(|e| (None, e.to_string()))?;
    let fail = |message: String| (Some(id.clone()), message);
    let mut properties = Map::new();
    properties.insert("id".to_owned(), Value::String(id.clone()));
    for (i, column) in TEXT_COLUMNS.iter().enumerate() {
        let value: Option<String> = row
            .try_get(i + 1)
            .map_err(|e| fail(format!("column {column}: {e}")))?;
        properties.insert(
            (*column).to_owned(),
            Value::String(value.unwrap_or_default()),
        );
    }
    let base = TEXT_COLUMNS.len() + 1;
    let extra: Value = row
        .try_get(base)
        .map_err(|e| fail(format!("column extra: {e}")))?;
    let Value::Object(extra) = extra else {
        return Err(fail("column extra is not a JSON object".to_owned()));
    };
    for (key, value) in extra {
        if !KNOWN_PROPERTIES.contains(&key.as_str()) {
            properties.insert(key, value);
        }
    }
    let geometry: wkb::Decode<geo::Geometry<f64>> = row
        .try_get(base + 1)
        .map_err(|e| fail(format!("column geom: {e}")))?;
    let geometry = geometry
        .geometry
        .ok_or_else(|| fail("missing geometry".to_owned()))?;
    let version: Version = row
        .try_get(base + 2)
        .map_err(|e| fail(format!("column version: {e}")))?;
    let deleted: bool = row
        .try_get(base + 3)
        .map_err(|e| fail(format!("column deleted: {e}")))?;
    let feature = geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new(geojson::Value::from(&geometry))),
        id: Some(geojson::feature::Id::String(id.clone())),
        properties: Some(properties),
        foreign_members: None,
    };
    let result: FeatureResult = parse_feature(feature);
    result.map(|facility| StoredFacility {
        facility,
        version,
        deleted,
    })
}
