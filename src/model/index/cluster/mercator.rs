//! Web-Mercator world coordinates and the 32-bit fixed point the cluster index stores them in
//! (`[0, 1]` world units × 2³², about 1 cm at the equator).

use geo::{Point, Rect, coord};

/// Fixed-point scale: Mercator world units `[0, 1]` × 2³².
pub(super) const SCALE: f64 = 4_294_967_296.0;

/// Per-category bounding box in fixed point: `[min_x, min_y, max_x, max_y]`.
pub(super) type FixedBox = [u32; 4];

/// A box that contains nothing; growing it by any box gives that box.
pub(super) const EMPTY_BOX: FixedBox = [u32::MAX, u32::MAX, 0, 0];

/// Web-Mercator x in `[0, 1]` of a longitude.
pub fn lon_to_x(lon: f64) -> f64 {
    lon / 360.0 + 0.5
}

/// Web-Mercator y in `[0, 1]` (0 at the north edge) of a latitude, clamped to the square.
pub fn lat_to_y(lat: f64) -> f64 {
    let sin = lat.to_radians().sin();
    let y = 0.5 - 0.25 * ((1.0 + sin) / (1.0 - sin)).ln() / std::f64::consts::PI;
    if y.is_nan() { 0.5 } else { y.clamp(0.0, 1.0) }
}

/// Longitude of a Web-Mercator x.
pub fn x_to_lon(x: f64) -> f64 {
    (x - 0.5) * 360.0
}

/// Latitude of a Web-Mercator y.
pub fn y_to_lat(y: f64) -> f64 {
    let y2 = (180.0 - y * 360.0).to_radians();
    360.0 * y2.exp().atan() / std::f64::consts::PI - 90.0
}

pub(super) fn to_fixed(world: f64) -> u32 {
    fixed_from_f64(world * SCALE)
}

pub(super) fn fixed_from_f64(value: f64) -> u32 {
    // `as` saturates and maps NaN to 0.
    value.round().clamp(0.0, f64::from(u32::MAX)) as u32
}

pub(super) fn fixed_to_point(x: f64, y: f64) -> Point<f64> {
    Point::new(x_to_lon(x / SCALE), y_to_lat(y / SCALE))
}

pub(super) fn fixed_box_to_rect(b: &FixedBox) -> Rect<f64> {
    let min_lon = x_to_lon(f64::from(b[0]) / SCALE);
    let max_lon = x_to_lon(f64::from(b[2]) / SCALE);
    // y grows southwards.
    let max_lat = y_to_lat(f64::from(b[1]) / SCALE);
    let min_lat = y_to_lat(f64::from(b[3]) / SCALE);
    Rect::new(
        coord! { x: min_lon, y: min_lat },
        coord! { x: max_lon, y: max_lat },
    )
}
