//! Facilities as a CSV table, both ways, for Excel and WPS users: UTF-8 with a byte-order mark,
//! one row per facility, the known properties first, unknown properties after them, then `lon`
//! and `lat` (the point, or the anchor of a line or area) and `WKT` with the full geometry
//! (GDAL's CSV driver reads a `WKT` column as the geometry).

use crate::model::provenance::shared_text;
use geo::{Geometry, Point};
use serde_json::Value;
use wkt::{ToWkt, TryFromWkt};

use crate::model::category::Category;
use crate::model::facility::{Facility, FacilityGeometry, FacilityId};
use crate::model::io::load::{FeatureResult, KNOWN_PROPERTIES, LoadError, collect_unique};
use crate::model::provenance::{Precision, Provenance};
use crate::model::thin_str::ThinStr;

/// The byte-order mark Excel needs to read UTF-8.
pub const UTF8_BOM: char = '\u{feff}';

/// Header names accepted for the longitude and latitude columns on import.
const LON_HEADERS: [&str; 6] = ["lon", "lng", "longitude", "x", "经度", "long"];
const LAT_HEADERS: [&str; 4] = ["lat", "latitude", "y", "纬度"];

/// Why CSV export failed (should not happen for valid facilities).
#[derive(Debug, thiserror::Error)]
#[error("cannot write CSV: {0}")]
pub struct CsvWriteError(#[from] csv::Error);

/// The table as text: BOM, header row, one row per facility, `\r\n` line ends (RFC 4180).
pub fn to_csv_text(facilities: &[Facility]) -> Result<String, CsvWriteError> {
    let mut extra_keys: Vec<String> = Vec::new();
    for facility in facilities {
        for key in facility.extra_properties.keys() {
            if !extra_keys.contains(key) {
                extra_keys.push(key.clone());
            }
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header: Vec<&str> = KNOWN_PROPERTIES.to_vec();
    header.extend(extra_keys.iter().map(String::as_str));
    header.extend(["lon", "lat", "WKT"]);
    writer.write_record(&header)?;
    for facility in facilities {
        let properties = crate::model::io::save::feature_json(facility);
        let mut row: Vec<String> = KNOWN_PROPERTIES
            .iter()
            .map(|key| {
                defuse(
                    properties
                        .pointer(&format!("/properties/{key}"))
                        .map(cell)
                        .unwrap_or_default(),
                )
            })
            .collect();
        for key in &extra_keys {
            row.push(defuse(
                facility
                    .extra_properties
                    .get(key)
                    .map(cell)
                    .unwrap_or_default(),
            ));
        }
        let anchor = facility.geometry.anchor();
        row.push(anchor.x().to_string());
        row.push(anchor.y().to_string());
        row.push(geometry_wkt(&facility.geometry));
        writer.write_record(&row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    let mut text = String::with_capacity(bytes.len() + 3);
    text.push(UTF8_BOM);
    text.push_str(&String::from_utf8_lossy(&bytes));
    Ok(text)
}

/// Characters that make Excel, WPS or LibreOffice read a cell as a formula (OWASP "CSV
/// injection"): such a text cell is written with a leading `'`, which they show as text.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet: `=HYPERLINK(…)` becomes `'=HYPERLINK(…)`.
pub fn defuse(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Undoes [`defuse`] on import, so an exported table reads back as it was.
pub fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A JSON value as a cell: strings as they are, everything else as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn geometry_wkt(geometry: &FacilityGeometry) -> String {
    match geometry {
        FacilityGeometry::Point(p) => p.wkt_string(),
        FacilityGeometry::Line(line) => line.wkt_string(),
        FacilityGeometry::Area(polygon) => polygon.wkt_string(),
    }
}

/// Reads a CSV table (with or without BOM; comma, semicolon or tab separated). Positions come
/// from a `WKT` column when present, else from longitude/latitude columns (`lon`/`lng`/
/// `longitude`/`经度`, `lat`/`latitude`/`纬度`). Coordinates are returned as written: the caller
/// converts them from the datum the user chose. Every problem names its row.
pub fn parse_csv(text: &str, origin: &str) -> Result<Vec<Facility>, LoadError> {
    let text = text.strip_prefix(UTF8_BOM).unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let syntax = |e: csv::Error| LoadError::Syntax {
        origin: origin.to_owned(),
        message: e.to_string(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(syntax)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let lon_column = column(&LON_HEADERS);
    let lat_column = column(&LAT_HEADERS);
    let wkt_column = column(&["wkt", "geometry"]);
    if wkt_column.is_none() && (lon_column.is_none() || lat_column.is_none()) {
        return Err(LoadError::Syntax {
            origin: origin.to_owned(),
            message: "no position columns: expected lon and lat (or 经度 and 纬度), or WKT"
                .to_owned(),
        });
    }
    let position_columns = [lon_column, lat_column, wkt_column];

    let results = reader.records().enumerate().map(|(index, record)| {
        let result = match record {
            Err(e) => Err((None, e.to_string())),
            Ok(record) => {
                let row: Vec<(&str, &str)> = headers
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !position_columns.contains(&Some(*i)))
                    .filter_map(|(i, h)| record.get(i).map(|v| (h.as_str(), undefuse(v))))
                    .collect();
                let position =
                    |column: Option<usize>| column.and_then(|i| record.get(i)).unwrap_or("");
                parse_row(
                    &row,
                    position(lon_column),
                    position(lat_column),
                    position(wkt_column),
                )
            }
        };
        (index, result)
    });
    let results = with_generated_ids(results.collect());
    collect_unique(
        results,
        format!("{origin} (rows counted from 0 after the header)"),
    )
}

/// Rows without an id get `<category>-<n>` (`school-post-1`, …), numbered per category and
/// skipping every id the table already uses.
fn with_generated_ids(mut results: Vec<(usize, FeatureResult)>) -> Vec<(usize, FeatureResult)> {
    let mut taken: std::collections::HashSet<String> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .filter(|f| !f.id.0.is_empty())
        .map(|f| f.id.to_string())
        .collect();
    let mut next: std::collections::HashMap<Category, usize> = std::collections::HashMap::new();
    for (_, result) in &mut results {
        let Ok(facility) = result else {
            continue;
        };
        if !facility.id.0.is_empty() {
            continue;
        }
        let n = next.entry(facility.category).or_insert(0);
        let id = loop {
            *n += 1;
            let candidate = format!("{}-{n}", facility.category.slug());
            if taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        facility.id = FacilityId(id.into());
    }
    results
}

/// The separator used in the header line: comma unless semicolons or tabs dominate.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| header.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

fn parse_row(
    row: &[(&str, &str)],
    lon: &str,
    lat: &str,
    wkt: &str,
) -> Result<Facility, (Option<String>, String)> {
    let text = |key: &str| {
        row.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    };
    let id = text("id");
    let fail = |message: String| (Some(id.to_owned()).filter(|s| !s.is_empty()), message);
    let slug = text("category");
    let category = Category::from_slug(slug)
        .or_else(|| {
            Category::ALL
                .into_iter()
                .find(|c| c.name_zh() == slug || c.name_en().eq_ignore_ascii_case(slug))
        })
        .ok_or_else(|| {
            fail(if slug.is_empty() {
                "missing category".to_owned()
            } else {
                format!("unknown category \"{slug}\"")
            })
        })?;
    // Names are the rule set's business (`Facility::problems`), as for GeoJSON.
    let (name_zh, name_en) = (text("name_zh"), text("name_en"));
    let precision_slug = text("position_precision");
    let precision = if precision_slug.is_empty() {
        Precision::Illustrative
    } else {
        Precision::from_slug(precision_slug)
            .ok_or_else(|| fail(format!("unknown position_precision \"{precision_slug}\"")))?
    };
    let geometry = if wkt.trim().is_empty() {
        let number = |s: &str, what: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| fail(format!("{what} \"{s}\" is not a number")))
        };
        let (x, y) = (number(lon, "longitude")?, number(lat, "latitude")?);
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(fail(format!(
                "position ({x}, {y}) is outside the WGS84 range (lon, lat)"
            )));
        }
        FacilityGeometry::Point(Point::new(x, y))
    } else {
        wkt_geometry(wkt).map_err(fail)?
    };
    // Unknown columns, in the table's order; empty cells are left out.
    let mut extra_properties = serde_json::Map::new();
    for (key, value) in row {
        if !KNOWN_PROPERTIES.contains(key) && !key.is_empty() && !value.is_empty() {
            extra_properties.insert((*key).to_owned(), Value::String((*value).to_owned()));
        }
    }
    Ok(Facility {
        id: FacilityId::new(id),
        category,
        name_zh: name_zh.into(),
        name_en: name_en.into(),
        description_zh: text("description_zh").into(),
        description_en: text("description_en").into(),
        address_zh: text("address_zh").into(),
        hours: text("hours").into(),
        hours_source: text("hours_source").into(),
        valid_from: text("valid_from").into(),
        valid_until: text("valid_until").into(),
        notes: text("notes").into(),
        article_mention: Some(text("article_mention"))
            .filter(|s| !s.is_empty())
            .map(ThinStr::from),
        provenance: Provenance {
            source_quote: shared_text(text("source_quote")),
            source_ref: shared_text(text("source_ref")),
            precision,
            method: shared_text(text("position_method")),
        },
        geometry,
        extra_properties: extra_properties.into(),
    })
}

/// A WKT Point, LineString or Polygon (or a one-member Multi*) as a facility geometry.
fn wkt_geometry(wkt: &str) -> Result<FacilityGeometry, String> {
    let geometry = Geometry::<f64>::try_from_wkt_str(wkt.trim())
        .map_err(|e| format!("cannot read WKT \"{}\": {e}", shorten(wkt)))?;
    let geometry = match geometry {
        Geometry::MultiPoint(m) if m.0.len() == 1 => m.0.into_iter().next().map(Geometry::Point),
        Geometry::MultiLineString(m) if m.0.len() == 1 => {
            m.0.into_iter().next().map(Geometry::LineString)
        }
        Geometry::MultiPolygon(m) if m.0.len() == 1 => {
            m.0.into_iter().next().map(Geometry::Polygon)
        }
        other => Some(other),
    };
    let valid = |c: &geo::Coord<f64>| {
        c.x.is_finite()
            && c.y.is_finite()
            && (-180.0..=180.0).contains(&c.x)
            && (-90.0..=90.0).contains(&c.y)
    };
    let result = match geometry {
        Some(Geometry::Point(p)) => FacilityGeometry::Point(p),
        Some(Geometry::LineString(line)) if line.0.len() >= 2 => FacilityGeometry::line(line),
        Some(Geometry::Polygon(polygon))
            if polygon.exterior().0.len() >= 4 && polygon.exterior().is_closed() =>
        {
            FacilityGeometry::area(polygon)
        }
        _ => {
            return Err(format!(
                "WKT \"{}\" is not a Point, a LineString of 2+ points or a closed Polygon",
                shorten(wkt)
            ));
        }
    };
    if result.coords().all(|c| valid(&c)) {
        Ok(result)
    } else {
        Err(format!(
            "WKT \"{}\" has positions outside the WGS84 range (lon, lat)",
            shorten(wkt)
        ))
    }
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    #[test]
    fn the_bundled_data_survives_a_csv_round_trip() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let text = to_csv_text(&facilities).unwrap();
        assert!(text.starts_with(UTF8_BOM), "Excel needs the BOM");
        assert!(text.contains("\r\n"));
        let again = parse_csv(&text, "export.csv").unwrap();
        assert_eq!(again, facilities);
    }

    #[test]
    fn a_table_with_chinese_position_headers_and_semicolons_loads() {
        let text =
            "id;category;name_zh;经度;纬度;电话\nsp-1;临时便民销售点;新点;113.17;35.23;123\n";
        let facilities = parse_csv(text, "t.csv").unwrap();
        assert_eq!(facilities[0].category, Category::ConvenienceSalesPoint);
        assert_eq!(
            facilities[0].geometry,
            FacilityGeometry::Point(Point::new(113.17, 35.23))
        );
        assert_eq!(facilities[0].provenance.precision, Precision::Illustrative);
        assert_eq!(facilities[0].extra_properties["电话"], "123");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_id() {
        let text = "id,category,name_zh,lon,lat\n\
                    a,school-post,甲,113.1,35.2\n\
                    b,moon-base,乙,113.1,35.2\n\
                    c,school-post,丙,abc,35.2\n\
                    ,school-post,丁,113.1,35.2\n\
                    e,school-post,,113.1,35.2\n\
                    f,school-post,己,35.2,113.1\n";
        let Err(LoadError::InvalidFeatures { problems, .. }) = parse_csv(text, "t.csv") else {
            panic!("expected row problems");
        };
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        // A row without an id gets one and a row without a name is a rule problem
        // (`Facility::problems`) shown after import, not a reason to refuse the table.
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].contains("(b)") && messages[0].contains("moon-base"));
        assert!(messages[1].contains("(c)") && messages[1].contains("not a number"));
        assert!(messages[2].contains("(f)") && messages[2].contains("outside the WGS84 range"));
        let fine = "id,category,name_zh,lon,lat\n\
                    ,school-post,丁,113.1,35.2\n\
                    e,school-post,,113.1,35.2\n";
        let facilities = parse_csv(fine, "t.csv").unwrap();
        assert_eq!(facilities[0].id.0, "school-post-1");
        assert!(
            facilities[1].problems().iter().any(|p| p.is_error()),
            "no name at all"
        );
    }

    #[test]
    fn a_table_without_positions_is_refused_clearly() {
        let err = parse_csv("id,category,name_zh\na,school-post,甲\n", "t.csv").unwrap_err();
        assert!(err.to_string().contains("lon and lat"), "{err}");
    }

    #[test]
    fn a_name_that_is_a_formula_is_written_as_text_and_read_back_as_it_was() {
        let mut facility = parse_csv(
            "id,category,name_zh,lon,lat\nx-1,school-post,护学岗,113.18,35.24\n",
            "t.csv",
        )
        .unwrap()
        .remove(0);
        facility.name_zh = "=HYPERLINK(\"http://x\",\"点我\")".into();
        facility.notes = "-1 day".into();
        let text = to_csv_text(std::slice::from_ref(&facility)).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
            "{text}"
        );
        assert!(text.contains("'-1 day"), "{text}");
        let back = parse_csv(&text, "t.csv").unwrap().remove(0);
        assert_eq!(back.name_zh, facility.name_zh);
        assert_eq!(back.notes, "-1 day");
    }

    #[test]
    fn rows_without_ids_get_category_numbers_that_do_not_collide() {
        let table = "category,name_zh,lon,lat,id\n\
                     school-post,甲,113.18,35.24,\n\
                     school-post,乙,113.19,35.24,school-post-1\n\
                     school-post,丙,113.20,35.24,\n";
        let ids: Vec<String> = parse_csv(table, "t.csv")
            .unwrap()
            .into_iter()
            .map(|f| f.id.to_string())
            .collect();
        assert_eq!(ids, ["school-post-2", "school-post-1", "school-post-3"]);
        let no_id_column = "category,name_zh,lon,lat\nschool-post,甲,113.18,35.24\n";
        assert_eq!(
            parse_csv(no_id_column, "t.csv").unwrap()[0].id.0,
            "school-post-1"
        );
    }
}
