//! Geometry pre-projected to Web-Mercator "world pixels" at zoom 0 (0–256), triangulated once,
//! so each frame only scales and shifts vertices instead of re-projecting and re-triangulating.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2};
use geo::{LineString, Polygon, TriangulateEarcut};
use walkers::{MercatorProjection, Position, Projection, Projector};

use crate::model::Datum;

/// Converts zoom-0 world pixels to screen points for the current frame.
#[derive(Debug, Clone, Copy)]
pub struct WorldToScreen {
    origin_world: (f64, f64),
    origin_screen: (f64, f64),
    scale: f64,
}

impl WorldToScreen {
    /// Derives the transform from walkers' projector for this frame.
    pub fn new(projector: &Projector) -> Self {
        let reference = Position::new(113.0, 35.0);
        let world = MercatorProjection.project(reference, 0.0);
        let screen = projector.project(reference);
        Self {
            origin_world: (world.x(), world.y()),
            origin_screen: (f64::from(screen.x), f64::from(screen.y)),
            scale: 2f64.powf(projector.zoom()),
        }
    }

    /// Screen position of a world point.
    pub fn apply(&self, world: [f64; 2]) -> Pos2 {
        Pos2::new(
            ((world[0] - self.origin_world.0) * self.scale + self.origin_screen.0) as f32,
            ((world[1] - self.origin_world.1) * self.scale + self.origin_screen.1) as f32,
        )
    }

    /// Screen position of a stored WGS84 coordinate drawn in the display `datum`.
    pub fn position(&self, wgs84: geo::Coord<f64>, datum: Datum) -> Pos2 {
        self.apply(to_world_in(wgs84, datum))
    }
}

/// A WGS84 position in zoom-0 world pixels.
pub fn to_world(position: Position) -> [f64; 2] {
    let p = MercatorProjection.project(position, 0.0);
    [p.x(), p.y()]
}

/// A polygon ready to paint: fill triangles and outline rings in world pixels.
#[derive(Debug, Clone, Default)]
pub struct WorldPolygon {
    vertices: Vec<[f64; 2]>,
    triangle_indices: Vec<u32>,
    rings: Vec<Vec<[f64; 2]>>,
    bounds: [[f64; 2]; 2],
}

impl WorldPolygon {
    /// Projects and triangulates a WGS84 polygon (concave shapes and holes are fine), shifted
    /// to the display `datum`.
    pub fn new(polygon: &Polygon<f64>, datum: Datum) -> Self {
        let triangulation = polygon.earcut_triangles_raw();
        let vertices: Vec<[f64; 2]> = triangulation
            .vertices
            .chunks_exact(2)
            .map(|c| match c {
                [x, y] => to_world_in(geo::Coord { x: *x, y: *y }, datum),
                _ => [0.0, 0.0],
            })
            .collect();
        let triangle_indices = triangulation
            .triangle_indices
            .iter()
            .filter_map(|&i| u32::try_from(i).ok())
            .collect();
        let rings: Vec<Vec<[f64; 2]>> = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|ring| {
                let mut points = world_line(ring, datum);
                points.dedup();
                // closed_line closes the ring itself; a repeated end point makes a zero-length
                // segment whose miter shoots across the screen.
                if points.len() > 1 && points.first() == points.last() {
                    points.pop();
                }
                points
            })
            .collect();
        let mut bounds = [[f64::INFINITY; 2], [f64::NEG_INFINITY; 2]];
        for p in rings.iter().flatten() {
            bounds[0] = [bounds[0][0].min(p[0]), bounds[0][1].min(p[1])];
            bounds[1] = [bounds[1][0].max(p[0]), bounds[1][1].max(p[1])];
        }
        Self {
            vertices,
            triangle_indices,
            rings,
            bounds,
        }
    }

    /// Whether any part may be visible in `clip` (screen rect).
    pub fn may_be_visible(&self, transform: &WorldToScreen, clip: egui::Rect) -> bool {
        let min = transform.apply(self.bounds[0]);
        let max = transform.apply(self.bounds[1]);
        egui::Rect::from_two_pos(min, max).intersects(clip)
    }

    /// The fill as a mesh in screen space.
    pub fn fill_mesh(&self, transform: &WorldToScreen, colour: Color32) -> Mesh {
        let mut mesh = Mesh::default();
        mesh.vertices.reserve(self.vertices.len());
        for &world in &self.vertices {
            mesh.vertices.push(Vertex {
                pos: transform.apply(world),
                uv: WHITE_UV,
                color: colour,
            });
        }
        mesh.indices.extend_from_slice(&self.triangle_indices);
        mesh
    }

    /// Outline rings in screen space, skipping vertices closer than a pixel to the previous one.
    pub fn outline_points<'a>(
        &'a self,
        transform: &'a WorldToScreen,
    ) -> impl Iterator<Item = Vec<Pos2>> + 'a {
        self.rings.iter().map(move |ring| {
            let mut points: Vec<Pos2> = Vec::with_capacity(ring.len());
            for &world in ring {
                push_without_reversal(&mut points, transform.apply(world));
            }
            close_without_reversal(&mut points);
            points
        })
    }
}

/// Projects a WGS84 line to world pixels in the display `datum`.
pub fn world_line(line: &LineString<f64>, datum: Datum) -> Vec<[f64; 2]> {
    line.coords().map(|c| to_world_in(*c, datum)).collect()
}

/// A stored WGS84 coordinate in zoom-0 world pixels of the display `datum`.
pub fn to_world_in(wgs84: geo::Coord<f64>, datum: Datum) -> [f64; 2] {
    to_world(Position::from(datum.from_wgs84(wgs84)))
}

/// An open polyline in screen space, without sub-pixel steps or zero-width spikes.
pub fn screen_polyline(world: &[[f64; 2]], transform: &WorldToScreen) -> Vec<Pos2> {
    let mut points = Vec::with_capacity(world.len());
    for &p in world {
        push_without_reversal(&mut points, transform.apply(p));
    }
    points
}

/// Appends `pos` to a screen polyline, dropping sub-pixel steps and zero-width spikes (a path
/// that doubles back on itself): epaint's stroke joins shoot off to infinity at exact reversals.
fn push_without_reversal(points: &mut Vec<Pos2>, pos: Pos2) {
    loop {
        match points.as_slice() {
            [.., last] if last.distance_sq(pos) < 1.0 => return,
            [.., before, last]
                if (*last - *before)
                    .normalized()
                    .dot((pos - *last).normalized())
                    < -0.99 =>
            {
                points.pop();
            }
            _ => break,
        }
    }
    points.push(pos);
}

/// Removes reversals across the seam of a closed ring (last → first → second).
fn close_without_reversal(points: &mut Vec<Pos2>) {
    let reverses =
        |a: Pos2, b: Pos2, c: Pos2| (b - a).normalized().dot((c - b).normalized()) < -0.99;
    while points.len() > 3 {
        let n = points.len();
        match (
            points.get(n - 2),
            points.get(n - 1),
            points.first(),
            points.get(1),
        ) {
            (Some(&a), Some(&b), Some(&c), _) if reverses(a, b, c) || b.distance_sq(c) < 1.0 => {
                points.pop();
            }
            (_, Some(&a), Some(&b), Some(&c)) if reverses(a, b, c) => {
                points.remove(0);
            }
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spike_that_doubles_back_is_removed() {
        let mut points = Vec::new();
        for (x, y) in [
            (0.0, 0.0),
            (10.0, 0.0),
            (20.0, 0.0),
            (12.0, 0.0),
            (12.0, 10.0),
        ] {
            push_without_reversal(&mut points, Pos2::new(x, y));
        }
        let expected =
            [(0.0, 0.0), (10.0, 0.0), (12.0, 0.0), (12.0, 10.0)].map(|(x, y)| Pos2::new(x, y));
        assert_eq!(points, expected);
    }
}
