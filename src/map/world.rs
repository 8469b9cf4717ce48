//! Geometry pre-projected to Web-Mercator "world pixels" at zoom 0 (0–256), triangulated once,
//! so each frame only scales and shifts vertices instead of re-projecting and re-triangulating.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2};
use geo::{LineString, Polygon, TriangulateEarcut};
use walkers::{MercatorProjection, Position, Projection, Projector};

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

    /// Screen position of a WGS84 position.
    pub fn position(&self, position: Position) -> Pos2 {
        self.apply(to_world(position))
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
    /// Projects and triangulates a WGS84 polygon (concave shapes and holes are fine).
    pub fn new(polygon: &Polygon<f64>) -> Self {
        let triangulation = polygon.earcut_triangles_raw();
        let vertices: Vec<[f64; 2]> = triangulation
            .vertices
            .chunks_exact(2)
            .map(|c| match c {
                [x, y] => to_world(Position::new(*x, *y)),
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
            .map(world_line)
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

    /// Outline rings in screen space.
    pub fn outline_points<'a>(
        &'a self,
        transform: &'a WorldToScreen,
    ) -> impl Iterator<Item = Vec<Pos2>> + 'a {
        self.rings
            .iter()
            .map(move |ring| ring.iter().map(|&p| transform.apply(p)).collect())
    }
}

/// Projects a WGS84 line to world pixels.
pub fn world_line(line: &LineString<f64>) -> Vec<[f64; 2]> {
    line.coords().map(|c| to_world(Position::from(*c))).collect()
}
