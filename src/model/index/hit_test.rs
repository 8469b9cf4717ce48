//! Hit-testing in screen space: which facility is under the pointer, given a projection from
//! WGS84 to screen pixels. Pure geometry, so it is tested without a window.

use geo::{Area, Contains, Coord, Distance, Euclidean, LineString, Point, Polygon};

use crate::model::facility::{Facility, FacilityGeometry};

/// How close (in screen pixels) the pointer must be to count as a hit.
#[derive(Debug, Clone, Copy)]
pub struct HitTolerance {
    /// Radius of a point marker.
    pub marker_radius_px: f64,
    /// Half-width of the clickable band around a line.
    pub line_px: f64,
}

/// Finds the facility under `pointer_px`. Points win over lines, lines over areas (so a
/// marker inside an area stays clickable); among points and lines the nearest wins, among
/// areas the smallest on screen.
///
/// `candidates` yields `(index, facility)` pairs (already filtered); `project` maps a WGS84
/// coordinate to screen pixels. Returns the index of the hit.
pub fn hit_test<'a>(
    candidates: impl IntoIterator<Item = (usize, &'a Facility)>,
    project: impl Fn(Coord<f64>) -> Coord<f64>,
    pointer_px: Coord<f64>,
    tolerance: HitTolerance,
) -> Option<usize> {
    let pointer = Point(pointer_px);
    let mut best_point: Option<(f64, usize)> = None;
    let mut best_line: Option<(f64, usize)> = None;
    let mut best_area: Option<(f64, usize)> = None;
    let keep_min = |best: &mut Option<(f64, usize)>, key: f64, index: usize| {
        if best.is_none_or(|(k, _)| key < k) {
            *best = Some((key, index));
        }
    };

    for (index, facility) in candidates {
        match &facility.geometry {
            FacilityGeometry::Point(p) => {
                let distance = Euclidean.distance(pointer, Point(project(p.0)));
                if distance <= tolerance.marker_radius_px {
                    keep_min(&mut best_point, distance, index);
                }
            }
            FacilityGeometry::Line(line) => {
                let on_screen: LineString<f64> = line.coords().map(|c| project(*c)).collect();
                let distance = Euclidean.distance(&pointer, &on_screen);
                if distance <= tolerance.line_px {
                    keep_min(&mut best_line, distance, index);
                }
            }
            FacilityGeometry::Area(polygon) => {
                let on_screen = Polygon::new(
                    polygon.exterior().coords().map(|c| project(*c)).collect(),
                    polygon
                        .interiors()
                        .iter()
                        .map(|ring| ring.coords().map(|c| project(*c)).collect())
                        .collect(),
                );
                if on_screen.contains(&pointer) {
                    keep_min(&mut best_area, on_screen.unsigned_area(), index);
                }
            }
        }
    }
    best_point.or(best_line).or(best_area).map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::category::Category;
    use crate::model::facility::FacilityId;
    use crate::model::provenance::{Precision, Provenance};
    use geo::{line_string, polygon};

    fn facility(id: &str, geometry: FacilityGeometry) -> Facility {
        Facility::new(
            FacilityId::new(id),
            Category::SchoolPost,
            (id.to_owned(), id.to_owned()),
            Provenance {
                source_quote: Default::default(),
                source_ref: Default::default(),
                precision: Precision::Illustrative,
                method: Default::default(),
            },
            geometry,
        )
    }

    /// 1 degree = 100 px, y flipped like a screen.
    fn project(c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x * 100.0,
            y: -c.y * 100.0,
        }
    }

    const TOLERANCE: HitTolerance = HitTolerance {
        marker_radius_px: 10.0,
        line_px: 5.0,
    };

    fn sample() -> Vec<Facility> {
        vec![
            facility(
                "area",
                FacilityGeometry::area(polygon![
                    (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0), (x: 0.0, y: 0.0)
                ]),
            ),
            facility("point", FacilityGeometry::Point(Point::new(0.5, 0.5))),
            facility(
                "line",
                FacilityGeometry::line(line_string![(x: 0.0, y: 0.2), (x: 1.0, y: 0.2)]),
            ),
        ]
    }

    fn hit(facilities: &[Facility], x: f64, y: f64) -> Option<&str> {
        hit_test(
            facilities.iter().enumerate(),
            project,
            Coord { x, y },
            TOLERANCE,
        )
        .and_then(|i| facilities.get(i))
        .map(|f| f.id.as_str())
    }

    #[test]
    fn a_marker_inside_an_area_wins_over_the_area() {
        let facilities = sample();
        assert_eq!(hit(&facilities, 53.0, -47.0), Some("point"));
    }

    #[test]
    fn a_click_near_a_line_hits_the_line() {
        let facilities = sample();
        assert_eq!(hit(&facilities, 80.0, -23.0), Some("line"));
    }

    #[test]
    fn a_click_inside_an_area_away_from_markers_hits_the_area() {
        let facilities = sample();
        assert_eq!(hit(&facilities, 80.0, -80.0), Some("area"));
    }

    #[test]
    fn a_click_on_empty_map_hits_nothing() {
        let facilities = sample();
        assert_eq!(hit(&facilities, 150.0, -150.0), None);
        assert_eq!(hit(&facilities, 80.0, 30.0), None);
    }

    #[test]
    fn hidden_facilities_are_not_hit() {
        let facilities = sample();
        let visible = facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| f.id.as_str() != "point");
        let index = hit_test(visible, project, Coord { x: 50.0, y: -50.0 }, TOLERANCE);
        assert_eq!(index, Some(0), "falls through to the area");
    }

    #[test]
    fn the_nearest_of_two_overlapping_markers_wins() {
        let facilities = vec![
            facility("a", FacilityGeometry::Point(Point::new(0.0, 0.0))),
            facility("b", FacilityGeometry::Point(Point::new(0.1, 0.0))),
        ];
        assert_eq!(hit(&facilities, 7.0, 0.0), Some("b"));
        assert_eq!(hit(&facilities, 3.0, 0.0), Some("a"));
    }
}
