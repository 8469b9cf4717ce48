//! Datums for display. Everything the app stores is WGS84; only when a basemap's tiles are
//! drawn in GCJ-02 (AMap/Gaode) are overlays shifted, at the edge, with the `coordtransform`
//! crate. Without the shift, markers would sit about 600 m off their streets.

use geo::Coord;
use serde::{Deserialize, Serialize};

/// The datum a basemap's tiles are drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Datum {
    /// WGS84 (and CGCS2000, which differs by centimetres): OSM, Tianditu, the embedded basemap.
    #[default]
    Wgs84,
    /// China's obfuscated GCJ-02 ("Mars coordinates"): AMap/Gaode, Tencent.
    Gcj02,
}

impl Datum {
    /// Converts a stored WGS84 coordinate to this datum, for drawing.
    pub fn from_wgs84(self, wgs84: Coord<f64>) -> Coord<f64> {
        match self {
            Datum::Wgs84 => wgs84,
            Datum::Gcj02 => {
                let (x, y) = coordtransform::wgs84_to_gcj02(wgs84.x, wgs84.y);
                Coord { x, y }
            }
        }
    }

    /// Converts a coordinate in this datum (e.g. a clicked map position) back to WGS84.
    pub fn to_wgs84(self, display: Coord<f64>) -> Coord<f64> {
        match self {
            Datum::Wgs84 => display,
            Datum::Gcj02 => {
                let (x, y) = coordtransform::gcj02_to_wgs84(display.x, display.y);
                Coord { x, y }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres east and north from `a` to `b`, locally.
    fn offset_m(a: Coord<f64>, b: Coord<f64>) -> (f64, f64) {
        let north = (b.y - a.y) * 110_950.0;
        let east = (b.x - a.x) * 111_320.0 * a.y.to_radians().cos();
        (east, north)
    }

    #[test]
    fn gcj02_shifts_zhongzhan_about_590_m_east_and_40_m_south() {
        let centre = Coord {
            x: 113.1765,
            y: 35.2372,
        };
        let (east, north) = offset_m(centre, Datum::Gcj02.from_wgs84(centre));
        assert!((560.0..620.0).contains(&east), "east {east}");
        assert!((-70.0..-20.0).contains(&north), "north {north}");
    }

    #[test]
    fn wgs84_display_does_not_shift() {
        let centre = Coord {
            x: 113.1765,
            y: 35.2372,
        };
        assert_eq!(Datum::Wgs84.from_wgs84(centre), centre);
        assert_eq!(Datum::Wgs84.to_wgs84(centre), centre);
    }

    #[test]
    fn gcj02_round_trip_is_sub_metre() {
        let centre = Coord {
            x: 113.1765,
            y: 35.2372,
        };
        let back = Datum::Gcj02.to_wgs84(Datum::Gcj02.from_wgs84(centre));
        let (east, north) = offset_m(centre, back);
        assert!(east.abs() < 0.5 && north.abs() < 0.5, "{east} {north}");
    }

    #[test]
    fn the_bundled_boundaries_were_converted_from_gcj02() {
        // The district centre value in the source is GCJ-02 (113.182946, 35.236819); the
        // reference file gives its WGS84 conversion (113.176488, 35.237226).
        let converted = Datum::Gcj02.to_wgs84(Coord {
            x: 113.182946,
            y: 35.236819,
        });
        let (east, north) = offset_m(
            Coord {
                x: 113.176488,
                y: 35.237226,
            },
            converted,
        );
        assert!(east.abs() < 2.0 && north.abs() < 2.0, "{east} {north}");
    }
}
