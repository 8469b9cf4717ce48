//! Fitting the view to a geographic extent: the centre and zoom level that show a WGS84
//! rectangle inside a screen area with a margin.

use geo::Rect;
use walkers::{MercatorProjection, Position, Projection};

/// Closest zoom allowed when fitting (a single point would otherwise zoom in forever).
pub const MAX_FIT_ZOOM_LEVEL: f64 = 17.0;
/// Farthest zoom allowed when fitting.
pub const MIN_FIT_ZOOM_LEVEL: f64 = 3.0;

/// Centre and zoom level that show `extent` within a view of `view_size_px` (width, height),
/// leaving `margin_px` free on every side.
pub fn fit_extent(extent: Rect<f64>, view_size_px: (f32, f32), margin_px: f32) -> (Position, f64) {
    let min = MercatorProjection.project(Position::new(extent.min().x, extent.max().y), 0.0);
    let max = MercatorProjection.project(Position::new(extent.max().x, extent.min().y), 0.0);
    let width_world = (max.x() - min.x()).abs().max(1e-9);
    let height_world = (max.y() - min.y()).abs().max(1e-9);
    let usable_w = f64::from((view_size_px.0 - 2.0 * margin_px).max(50.0));
    let usable_h = f64::from((view_size_px.1 - 2.0 * margin_px).max(50.0));
    let zoom_level = (usable_w / width_world)
        .min(usable_h / height_world)
        .log2()
        .clamp(MIN_FIT_ZOOM_LEVEL, MAX_FIT_ZOOM_LEVEL);
    let centre = MercatorProjection.unproject(
        walkers::Pixels::new((min.x() + max.x()) / 2.0, (min.y() + max.y()) / 2.0),
        0.0,
    );
    (centre, zoom_level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    #[test]
    fn fitting_zhongzhan_in_a_window_gives_a_district_zoom() {
        let extent = Rect::new(
            Coord {
                x: 113.086,
                y: 35.178,
            },
            Coord {
                x: 113.211,
                y: 35.356,
            },
        );
        let (centre, zoom_level) = fit_extent(extent, (800.0, 600.0), 20.0);
        assert!((centre.x() - 113.1485).abs() < 1e-3);
        assert!((centre.y() - 35.267).abs() < 2e-3);
        assert!((11.0..13.0).contains(&zoom_level), "{zoom_level}");
    }

    #[test]
    fn a_single_point_is_fitted_at_the_closest_fit_zoom() {
        let point = Coord {
            x: 113.17,
            y: 35.23,
        };
        let (centre, zoom_level) = fit_extent(Rect::new(point, point), (800.0, 600.0), 20.0);
        assert_eq!(zoom_level, MAX_FIT_ZOOM_LEVEL);
        assert!((centre.x() - 113.17).abs() < 1e-9);
    }

    #[test]
    fn zooming_to_a_cluster_shows_every_one_of_its_members() {
        use crate::model::index::cluster::{
            ALL_VISIBLE, ClusterIndex, ClusterItem, ClusterOptions, ClusterPoint,
        };
        use crate::model::io::load::parse_facilities;
        let facilities = parse_facilities(crate::model::BUNDLED_FACILITIES, "bundled").unwrap();
        let points: Vec<ClusterPoint> = facilities
            .iter()
            .enumerate()
            .map(|(i, f)| ClusterPoint::anchor_of(i, f))
            .collect();
        let options = ClusterOptions {
            radius_px: f64::from(crate::theme::CLUSTER_RADIUS_PX),
            max_zoom: crate::theme::CLUSTER_MAX_ZOOM_LEVEL,
            ..ClusterOptions::default()
        };
        let index = ClusterIndex::build(&points, options).unwrap();
        let world = Rect::new(
            Coord {
                x: -180.0,
                y: -85.0,
            },
            Coord { x: 180.0, y: 85.0 },
        );
        let view_px = (640.0_f32, 480.0_f32);
        let mut clusters_seen = 0;
        for zoom_level in [11.0, 12.0, 13.0, 14.0, 15.0] {
            for item in index.clusters(world, zoom_level, &ALL_VISIBLE) {
                let ClusterItem::Cluster(cluster) = item else {
                    continue;
                };
                clusters_seen += 1;
                let (centre, fitted_zoom) = fit_extent(cluster.extent, view_px, 40.0);
                let centre_px = MercatorProjection.project(centre, fitted_zoom);
                for member in index.leaves(cluster.id, &ALL_VISIBLE, usize::MAX) {
                    let anchor = facilities[member].geometry.anchor();
                    let at = MercatorProjection.project(Position::from(anchor), fitted_zoom);
                    let (dx, dy) = (at.x() - centre_px.x(), at.y() - centre_px.y());
                    assert!(
                        dx.abs() <= f64::from(view_px.0) / 2.0
                            && dy.abs() <= f64::from(view_px.1) / 2.0,
                        "zoom {zoom_level}: member {member} of a {}-cluster is {dx:.0},{dy:.0} px from the centre",
                        cluster.count
                    );
                }
            }
        }
        assert!(
            clusters_seen > 0,
            "the bundled data clusters at district zooms"
        );
    }
}
