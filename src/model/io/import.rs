//! Importing facilities from GeoJSON or CSV files made elsewhere (QGIS, GDAL, Excel, positions
//! copied from AMap or Baidu): the user states the datum the coordinates are in and they are
//! converted to WGS84 here, at the edge. Imported facilities are added as one undoable edit;
//! ids that already exist get a suffix instead of overwriting anything.

use std::path::Path;

use geo::Coord;

use crate::model::edit::history::Edit;
use crate::model::facility::{Facility, FacilityGeometry, FacilityId};
use crate::model::io::csv_table::parse_csv;
use crate::model::io::load::{LoadError, parse_facilities};

/// The datum the coordinates of an imported file are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceDatum {
    /// WGS84 / GPS / CGCS2000 (OSM, Tianditu, GDAL output, GPS receivers).
    #[default]
    Wgs84,
    /// GCJ-02: coordinates copied from AMap (Gaode) or Tencent maps.
    Gcj02,
    /// BD-09: coordinates copied from Baidu maps.
    Bd09,
}

impl SourceDatum {
    /// Every choice, in the order offered to the user.
    pub const ALL: [SourceDatum; 3] = [SourceDatum::Wgs84, SourceDatum::Gcj02, SourceDatum::Bd09];

    /// Its usual name: "WGS84", "GCJ-02", "BD-09".
    pub fn name(self) -> &'static str {
        match self {
            SourceDatum::Wgs84 => "WGS84",
            SourceDatum::Gcj02 => "GCJ-02",
            SourceDatum::Bd09 => "BD-09",
        }
    }

    /// Converts one coordinate to WGS84.
    pub fn to_wgs84(self, c: Coord<f64>) -> Coord<f64> {
        let (x, y) = match self {
            SourceDatum::Wgs84 => (c.x, c.y),
            SourceDatum::Gcj02 => coordtransform::gcj02_to_wgs84(c.x, c.y),
            SourceDatum::Bd09 => coordtransform::bd09_to_wgs84(c.x, c.y),
        };
        Coord { x, y }
    }
}

/// The file formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// GeoJSON FeatureCollection (RFC 7946 or GDAL's older flavour with `crs`).
    GeoJson,
    /// CSV table with lon/lat or WKT columns.
    Csv,
}

impl ImportFormat {
    /// Guesses the format from the file name: `.csv`/`.txt` are tables, anything else GeoJSON.
    pub fn from_path(path: &Path) -> ImportFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv" | "txt" | "tsv") => ImportFormat::Csv,
            _ => ImportFormat::GeoJson,
        }
    }
}

/// Parses text in `format` and converts its coordinates from `datum` to WGS84.
pub fn import_text(
    text: &str,
    origin: &str,
    format: ImportFormat,
    datum: SourceDatum,
) -> Result<Vec<Facility>, LoadError> {
    let mut facilities = match format {
        ImportFormat::GeoJson => parse_facilities(text, origin)?,
        ImportFormat::Csv => parse_csv(text, origin)?,
    };
    for facility in &mut facilities {
        restore_shapefile_names(facility);
    }
    if datum != SourceDatum::Wgs84 {
        for facility in &mut facilities {
            facility.geometry = convert(&facility.geometry, datum);
        }
    }
    Ok(facilities)
}

/// Moves properties a Shapefile cut to 10 characters (`descriptio`, `position_p` …) back into
/// the fields they stand for, when those fields are empty; anything else stays as it was.
pub fn restore_shapefile_names(facility: &mut Facility) {
    let cut: Vec<String> = facility
        .extra_properties
        .keys()
        .filter(|k| crate::model::rules::shapefile_field(k).is_some())
        .cloned()
        .collect();
    for key in cut {
        let Some(intended) = crate::model::rules::shapefile_field(&key) else {
            continue;
        };
        let Some(value) = facility
            .extra_properties
            .get(&key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let shared = match intended {
            "source_quote" => Some(&mut facility.provenance.source_quote),
            "position_method" => Some(&mut facility.provenance.method),
            _ => None,
        };
        if let Some(shared) = shared {
            if shared.trim().is_empty() {
                *shared = crate::model::provenance::shared_text(&value);
                facility.extra_properties.remove(&key);
            }
            continue;
        }
        let field = match intended {
            "description_zh" => &mut facility.description_zh,
            "description_en" => &mut facility.description_en,
            "hours_source" => &mut facility.hours_source,
            "valid_until" => &mut facility.valid_until,
            "article_mention" => {
                if facility.article_mention.is_none() && !value.trim().is_empty() {
                    facility.article_mention = Some(value.into());
                    facility.extra_properties.remove(&key);
                }
                continue;
            }
            "position_precision" => {
                if let Some(precision) = crate::model::provenance::Precision::from_slug(&value) {
                    facility.provenance.precision = precision;
                    facility.extra_properties.remove(&key);
                }
                continue;
            }
            _ => continue,
        };
        if field.trim().is_empty() {
            *field = value.into();
            facility.extra_properties.remove(&key);
        }
    }
}

/// What an import records in each facility's `position_method`: the file, the date and the
/// datum conversion, e.g. "imported from points.csv on 2026-12-03, GCJ-02 converted to WGS84".
pub fn import_note(file_name: &str, date: &str, datum: SourceDatum) -> String {
    let conversion = match datum {
        SourceDatum::Wgs84 => "coordinates taken as WGS84".to_owned(),
        SourceDatum::Gcj02 => "GCJ-02 converted to WGS84".to_owned(),
        SourceDatum::Bd09 => "BD-09 converted to WGS84".to_owned(),
    };
    format!("imported from {file_name} on {date}, {conversion}")
}

/// Records an import in each facility's `position_method` (after what the source said about how
/// it was placed): "imported from FILE on DATE, GCJ-02 converted to WGS84".
pub fn record_import(facilities: &mut [Facility], path: &Path, date: &str, datum: SourceDatum) {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let note = import_note(&file_name, date, datum);
    for facility in facilities {
        facility.provenance.method = if facility.provenance.method.trim().is_empty() {
            crate::model::provenance::shared_text(&note)
        } else {
            crate::model::provenance::shared_text(&format!(
                "{}; {note}",
                facility.provenance.method.trim()
            ))
        };
    }
}

/// Reads and imports a file (format from its extension).
pub fn import_file(path: &Path, datum: SourceDatum) -> Result<Vec<Facility>, LoadError> {
    import_file_decoded(path, datum).map(|(facilities, _)| facilities)
}

/// Reads and imports a file, and says which encoding it was read in (GB18030 from Chinese
/// Excel or WPS, UTF-16, UTF-8 with or without BOM).
pub fn import_file_decoded(
    path: &Path,
    datum: SourceDatum,
) -> Result<(Vec<Facility>, super::text::TextEncoding), LoadError> {
    let decoded = super::load::read_text_file(path)?;
    let facilities = import_text(
        &decoded.text,
        &path.display().to_string(),
        ImportFormat::from_path(path),
        datum,
    )?;
    Ok((facilities, decoded.encoding))
}

fn convert(geometry: &FacilityGeometry, datum: SourceDatum) -> FacilityGeometry {
    use geo::MapCoords;
    match geometry {
        FacilityGeometry::Point(p) => FacilityGeometry::Point(p.map_coords(|c| datum.to_wgs84(c))),
        FacilityGeometry::Line(l) => FacilityGeometry::line(l.map_coords(|c| datum.to_wgs84(c))),
        FacilityGeometry::Area(a) => FacilityGeometry::area(a.map_coords(|c| datum.to_wgs84(c))),
    }
}

/// What importing into the current list will do.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// One undoable step adding every imported facility at the end of the list.
    pub edit: Edit,
    /// Ids renamed because they already existed: (from, to).
    pub renamed: Vec<(FacilityId, FacilityId)>,
}

/// Plans adding `imported` after `existing`; ids that collide get `-2`, `-3`, … appended.
pub fn plan_import(existing: &[Facility], imported: Vec<Facility>) -> ImportPlan {
    let mut taken: std::collections::HashSet<FacilityId> =
        existing.iter().map(|f| f.id.clone()).collect();
    let mut renamed = Vec::new();
    let mut edits = Vec::with_capacity(imported.len());
    for (offset, mut facility) in imported.into_iter().enumerate() {
        if taken.contains(&facility.id) {
            let original = facility.id.clone();
            let fresh = (2..)
                .map(|n| FacilityId::new(format!("{}-{n}", original.0)))
                .find(|id| !taken.contains(id))
                .unwrap_or_else(|| original.clone());
            facility.id = fresh.clone();
            renamed.push((original, fresh));
        }
        taken.insert(facility.id.clone());
        edits.push(Edit::Insert {
            index: existing.len() + offset,
            facility: Box::new(facility),
        });
    }
    ImportPlan {
        edit: Edit::Batch(edits),
        renamed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::datum::Datum;

    #[test]
    fn amap_coordinates_are_converted_to_the_same_ground_in_wgs84() {
        let ground = Coord {
            x: 113.1765,
            y: 35.2372,
        };
        let amap = Datum::Gcj02.from_wgs84(ground);
        let text = format!(
            "id,category,name_zh,lon,lat\nsp-1,convenience-sales-point,新点,{},{}\n",
            amap.x, amap.y
        );
        let facilities =
            import_text(&text, "t.csv", ImportFormat::Csv, SourceDatum::Gcj02).unwrap();
        let FacilityGeometry::Point(p) = facilities[0].geometry else {
            panic!("a point");
        };
        let error_m = ((p.x() - ground.x) * 91_000.0).hypot((p.y() - ground.y) * 111_000.0);
        assert!(error_m < 0.01, "{error_m} m off after the round trip");
        let raw = import_text(&text, "t.csv", ImportFormat::Csv, SourceDatum::Wgs84).unwrap();
        assert_ne!(raw[0].geometry, facilities[0].geometry);
    }

    #[test]
    fn gdal_style_geojson_with_crs_3d_and_multipoint_loads() {
        let text = r#"{"type":"FeatureCollection","name":"x",
            "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features":[{"type":"Feature","properties":{"id":"a","category":"school-post","name_zh":"甲"},
              "geometry":{"type":"MultiPoint","coordinates":[[113.17,35.23,0.0]]}}]}"#;
        let facilities = import_text(
            text,
            "gdal.geojson",
            ImportFormat::GeoJson,
            SourceDatum::Wgs84,
        )
        .unwrap();
        assert_eq!(
            facilities[0].geometry,
            FacilityGeometry::Point(geo::Point::new(113.17, 35.23))
        );
    }

    #[test]
    fn a_projected_crs_is_refused_with_advice() {
        let text = r#"{"type":"FeatureCollection",
            "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},
            "features":[]}"#;
        let err =
            import_text(text, "m.geojson", ImportFormat::GeoJson, SourceDatum::Wgs84).unwrap_err();
        assert!(err.to_string().contains("EPSG::3857") && err.to_string().contains("ogr2ogr"));
    }

    #[test]
    fn importing_existing_ids_renames_them_and_undo_removes_them_all() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let original = facilities.clone();
        let imported = vec![original[0].clone(), original[1].clone()];
        let plan = plan_import(&facilities, imported);
        assert_eq!(plan.renamed.len(), 2);
        assert_eq!(
            plan.renamed[0].1,
            FacilityId::new(format!("{}-2", original[0].id))
        );
        let mut history = crate::model::edit::history::History::default();
        history.apply(plan.edit, &mut facilities).unwrap();
        assert_eq!(facilities.len(), original.len() + 2);
        history.undo(&mut facilities).unwrap();
        assert_eq!(facilities, original);
    }

    #[test]
    fn shapefile_cut_field_names_are_mapped_back_on_import() {
        let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
            "properties": {"id": "s-1", "category": "school-post", "name_zh": "甲", "name_en": "A",
              "descriptio": "校门口", "descript_1": "At the gate", "position_p": "approximate",
              "source_quo": "设立16处护学岗", "article_me": "16处护学岗"},
            "geometry": {"type": "Point", "coordinates": [113.18, 35.24]}}]}"#;
        let before = crate::model::io::load::parse_facilities(text, "shp.geojson").unwrap();
        assert!(before[0].problems().iter().any(|p| matches!(
            p,
            crate::model::rules::FacilityProblem::TruncatedField {
                intended: "position_precision",
                ..
            }
        )));
        let imported = import_text(
            text,
            "shp.geojson",
            ImportFormat::GeoJson,
            SourceDatum::Wgs84,
        )
        .unwrap()
        .remove(0);
        assert_eq!(imported.description_zh, "校门口");
        assert_eq!(imported.description_en, "At the gate");
        assert_eq!(
            imported.provenance.precision,
            crate::model::Precision::Approximate
        );
        assert_eq!(&*imported.provenance.source_quote, "设立16处护学岗");
        assert_eq!(imported.article_mention.as_deref(), Some("16处护学岗"));
        assert!(
            imported.extra_properties.is_empty(),
            "{:?}",
            imported.extra_properties
        );
        assert_eq!(imported.problems(), vec![]);
    }
}
