//! "What is near here?": for a reference point, the nearest facility of each category with its
//! straight-line (haversine) distance and a walking-time estimate, and whether the point lies
//! inside a fruit-vendor area.

use geo::{Closest, Contains, Distance, Haversine, HaversineClosestPoint, Point};

use crate::model::category::Category;
use crate::model::facility::{Facility, FacilityGeometry};
use crate::model::index::cluster::ALL_VISIBLE;
use crate::model::index::spatial::SpatialIndex;

/// Walking speed used for estimates: 4.8 km/h, 80 m per minute.
pub const WALKING_METRES_PER_MINUTE: f64 = 80.0;

/// The nearest facility of one category.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// Its category.
    pub category: Category,
    /// Its index in the catalog.
    pub index: usize,
    /// Straight-line distance in metres (0 inside an area).
    pub distance_m: f64,
}

impl Nearest {
    /// Walking time in whole minutes (at least 1), along a straight line.
    pub fn walking_minutes(&self) -> u32 {
        ((self.distance_m / WALKING_METRES_PER_MINUTE).ceil() as u32).max(1)
    }
}

/// Haversine distance in metres from `point` to the nearest part of a facility.
pub fn distance_m(point: Point<f64>, geometry: &FacilityGeometry) -> f64 {
    let closest = match geometry {
        FacilityGeometry::Point(p) => return Haversine.distance(point, *p),
        FacilityGeometry::Line(line) => line.haversine_closest_point(&point),
        FacilityGeometry::Area(polygon) => {
            if polygon.contains(&point) {
                return 0.0;
            }
            polygon.exterior().haversine_closest_point(&point)
        }
    };
    match closest {
        Closest::Intersection(p) | Closest::SinglePoint(p) => Haversine.distance(point, p),
        Closest::Indeterminate => Haversine.distance(point, geometry.anchor()),
    }
}

/// The nearest facility of every category that has any, in legend order.
pub fn nearest_by_category(facilities: &[Facility], point: Point<f64>) -> Vec<Nearest> {
    let mut best: Vec<Option<Nearest>> = vec![None; Category::ALL.len()];
    for (index, facility) in facilities.iter().enumerate() {
        let distance_m = distance_m(point, &facility.geometry);
        if let Some(slot) = best.get_mut(facility.category.index())
            && slot.is_none_or(|b| distance_m < b.distance_m)
        {
            *slot = Some(Nearest {
                category: facility.category,
                index,
                distance_m,
            });
        }
    }
    best.into_iter().flatten().collect()
}

/// Like [`nearest_by_category`], without visiting every facility: point facilities come from
/// `points` (a spatial index over exactly the point facilities, with their catalog indices),
/// lines and areas from `shape_indices`. Distances are exact (haversine) as above.
pub fn nearest_by_category_indexed(
    facilities: &[Facility],
    points: &SpatialIndex,
    shape_indices: &[usize],
    point: Point<f64>,
) -> Vec<Nearest> {
    nearest_by_category_where(facilities, points, shape_indices, point, |_| true)
}

/// As [`nearest_by_category_indexed`], among the facilities `keep` accepts (the open-now filter
/// leaves closed ones out).
pub fn nearest_by_category_where(
    facilities: &[Facility],
    points: &SpatialIndex,
    shape_indices: &[usize],
    point: Point<f64>,
    keep: impl Fn(usize) -> bool,
) -> Vec<Nearest> {
    let mut best: Vec<Option<Nearest>> = vec![None; Category::ALL.len()];
    let mut offer = |index: usize| {
        let Some(facility) = facilities.get(index) else {
            return;
        };
        let distance_m = distance_m(point, &facility.geometry);
        if let Some(slot) = best.get_mut(facility.category.index())
            && slot.is_none_or(|b| distance_m < b.distance_m)
        {
            *slot = Some(Nearest {
                category: facility.category,
                index,
                distance_m,
            });
        }
    };
    for hit in points.nearest_by_category_where(point, &ALL_VISIBLE, &keep) {
        offer(hit.index);
    }
    for &index in shape_indices.iter().filter(|&&i| keep(i)) {
        offer(index);
    }
    best.into_iter().flatten().collect()
}

/// The fruit-vendor area containing `point` among `shape_indices`, if any.
pub fn vendor_area_among(
    facilities: &[Facility],
    shape_indices: &[usize],
    point: Point<f64>,
) -> Option<usize> {
    shape_indices.iter().copied().find(|&i| {
        facilities.get(i).is_some_and(|f| {
            f.category == Category::FruitVendorArea
                && matches!(&f.geometry, FacilityGeometry::Area(p) if p.contains(&point))
        })
    })
}

/// The fruit-vendor area containing `point`, if any.
pub fn vendor_area_at(facilities: &[Facility], point: Point<f64>) -> Option<usize> {
    facilities.iter().position(|f| {
        f.category == Category::FruitVendorArea
            && matches!(&f.geometry, FacilityGeometry::Area(p) if p.contains(&point))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    fn bundled() -> Vec<Facility> {
        parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
    }

    #[test]
    fn the_indexed_answer_equals_visiting_every_facility() {
        use crate::model::index::cluster::ClusterPoint;
        let facilities = bundled();
        let point_facilities: Vec<ClusterPoint> = facilities
            .iter()
            .enumerate()
            .filter_map(|(index, f)| ClusterPoint::point_of(index, f))
            .collect();
        let index = SpatialIndex::build(&point_facilities);
        let shapes: Vec<usize> = facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| !matches!(f.geometry, FacilityGeometry::Point(_)))
            .map(|(i, _)| i)
            .collect();
        // A grid of reference points over the district and around it.
        for i in 0..12 {
            for j in 0..12 {
                let at = Point::new(113.12 + 0.01 * f64::from(i), 35.19 + 0.008 * f64::from(j));
                let brute = nearest_by_category(&facilities, at);
                let indexed = nearest_by_category_indexed(&facilities, &index, &shapes, at);
                assert_eq!(brute.len(), indexed.len());
                for (a, b) in brute.iter().zip(&indexed) {
                    assert_eq!(a.category, b.category);
                    assert!(
                        (a.distance_m - b.distance_m).abs() < 1e-6,
                        "{at:?} {a:?} {b:?}"
                    );
                }
                assert_eq!(
                    vendor_area_at(&facilities, at),
                    vendor_area_among(&facilities, &shapes, at)
                );
            }
        }
    }

    #[test]
    fn standing_on_a_facility_it_is_the_nearest_at_zero_metres() {
        let facilities = bundled();
        let station = facilities
            .iter()
            .position(|f| f.category == Category::ServiceStation)
            .unwrap();
        let here = facilities[station].geometry.anchor();
        let nearest = nearest_by_category(&facilities, here);
        assert_eq!(nearest.len(), Category::ALL.len());
        let station_row = nearest
            .iter()
            .find(|n| n.category == Category::ServiceStation)
            .unwrap();
        assert_eq!(station_row.index, station);
        assert!(station_row.distance_m < 0.01);
        assert_eq!(station_row.walking_minutes(), 1);
    }

    #[test]
    fn distances_are_in_metres_on_the_ellipsoid_scale() {
        // 0.01° of latitude is about 1.11 km.
        let geometry = FacilityGeometry::Point(Point::new(113.17, 35.24));
        let d = distance_m(Point::new(113.17, 35.23), &geometry);
        assert!((1100.0..1125.0).contains(&d), "{d}");
        let nearest = Nearest {
            category: Category::SchoolPost,
            index: 0,
            distance_m: d,
        };
        assert_eq!(nearest.walking_minutes(), 14);
    }

    #[test]
    fn inside_a_vendor_area_is_answered_by_point_in_polygon() {
        let facilities = bundled();
        let area = facilities
            .iter()
            .position(|f| f.category == Category::FruitVendorArea)
            .unwrap();
        let inside = facilities[area].geometry.anchor();
        assert_eq!(vendor_area_at(&facilities, inside), Some(area));
        assert_eq!(distance_m(inside, &facilities[area].geometry), 0.0);
        assert_eq!(vendor_area_at(&facilities, Point::new(113.0, 35.0)), None);
    }

    #[test]
    fn the_distance_to_a_line_is_to_its_nearest_point_not_its_middle() {
        let line = FacilityGeometry::line(geo::LineString::from(vec![
            (113.16, 35.23),
            (113.18, 35.23),
        ]));
        let d = distance_m(Point::new(113.161, 35.231), &line);
        assert!((100.0..125.0).contains(&d), "{d}");
    }
}
