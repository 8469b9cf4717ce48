//! Tidying what staff type or drag before it becomes an edit: a one-line field loses the line
//! breaks and surrounding spaces nobody can see in it (a pasted cell ends with a newline), and a
//! moved or drawn geometry keeps 7 decimals (≈ 1 cm) instead of the 15 a drag or a datum
//! conversion produces. Only what changed is touched, so loaded data stays byte for byte.

use crate::model::provenance::shared_text;
use geo::{Coord, MapCoords};

use crate::model::facility::{Facility, FacilityGeometry};
use crate::model::thin_str::ThinStr;

/// Decimals kept for edited coordinates (1e-7 degree ≈ 1 cm at Zhongzhan).
pub const COORDINATE_DECIMALS: i32 = 7;

/// Tidies `after`, the new version of `before` (`None`: a new facility).
pub fn tidy_edit(before: Option<&Facility>, after: &mut Facility) {
    let one_line = |before: Option<&ThinStr>, value: &mut ThinStr| {
        if before != Some(value) {
            let tidied = value.replace(['\r', '\n'], " ");
            *value = ThinStr::new(tidied.trim());
        }
    };
    one_line(before.map(|f| &f.name_zh), &mut after.name_zh);
    one_line(before.map(|f| &f.name_en), &mut after.name_en);
    one_line(before.map(|f| &f.address_zh), &mut after.address_zh);
    one_line(before.map(|f| &f.hours), &mut after.hours);
    one_line(before.map(|f| &f.hours_source), &mut after.hours_source);
    one_line(before.map(|f| &f.valid_from), &mut after.valid_from);
    one_line(before.map(|f| &f.valid_until), &mut after.valid_until);
    if before.is_none_or(|f| f.provenance.source_ref != after.provenance.source_ref) {
        let tidied = after.provenance.source_ref.replace(['\r', '\n'], " ");
        after.provenance.source_ref = shared_text(tidied.trim());
    }
    if before.is_none_or(|before| before.geometry != after.geometry) {
        after.geometry = rounded(&after.geometry);
    }
}

/// `geometry` with every coordinate rounded to [`COORDINATE_DECIMALS`].
pub fn rounded(geometry: &FacilityGeometry) -> FacilityGeometry {
    let scale = 10f64.powi(COORDINATE_DECIMALS);
    let round = |c: Coord<f64>| Coord {
        x: (c.x * scale).round() / scale,
        y: (c.y * scale).round() / scale,
    };
    match geometry {
        FacilityGeometry::Point(point) => FacilityGeometry::Point(point.map_coords(round)),
        FacilityGeometry::Line(line) => FacilityGeometry::line(line.map_coords(round)),
        FacilityGeometry::Area(area) => FacilityGeometry::area(area.map_coords(round)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;
    use crate::model::io::save::to_geojson_text;

    #[test]
    fn a_pasted_line_break_in_a_one_line_field_is_not_stored_and_notes_keep_theirs() {
        let before = parse_facilities(BUNDLED_FACILITIES, "b").unwrap().remove(0);
        let mut after = before.clone();
        after.name_zh = "护学岗 01（实验小学）\n".into();
        after.notes = "第一行\n第二行".into();
        tidy_edit(Some(&before), &mut after);
        assert_eq!(after.name_zh, "护学岗 01（实验小学）");
        assert_eq!(
            after.notes, "第一行\n第二行",
            "notes may have several lines"
        );
    }

    #[test]
    fn a_moved_point_keeps_seven_decimals_and_untouched_ones_are_not_rounded() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "b").unwrap();
        let before = facilities[0].clone();
        let mut moved = before.clone();
        moved.geometry = FacilityGeometry::Point(geo::Point::new(113.123_456_789_123, 35.2));
        tidy_edit(Some(&before), &mut moved);
        let text = to_geojson_text(std::slice::from_ref(&moved), None).unwrap();
        assert!(text.contains("113.1234568"), "{text}");
        assert!(!text.contains("113.12345678"), "{text}");
        let mut renamed = before.clone();
        renamed.notes = "x".into();
        tidy_edit(Some(&before), &mut renamed);
        assert_eq!(
            renamed.geometry, before.geometry,
            "an unmoved geometry is left alone"
        );
    }
}
