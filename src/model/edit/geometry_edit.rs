//! Editing a facility's shape vertex by vertex: move, insert and delete vertices of lines and
//! area rings, keeping rings closed and refusing edits that would leave an invalid shape.
//! Positions are WGS84 (`x` = longitude).

use geo::{Coord, LineString, Point, Polygon};

use crate::model::facility::FacilityGeometry;

/// Which vertex of a geometry: `ring` 0 is the line or the exterior ring, 1.. the holes;
/// `index` counts the distinct vertices of a ring (its closing repeat is not a vertex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VertexRef {
    /// The ring (0 = line or exterior).
    pub ring: usize,
    /// The vertex within the ring.
    pub index: usize,
}

/// Why a vertex edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    /// The vertex does not exist.
    #[error("no such vertex")]
    NoSuchVertex,
    /// Deleting would leave fewer vertices than the shape needs.
    #[error("an area needs at least 3 corners and a line 2 points")]
    TooFewVertices,
    /// Points have a single vertex that can only be moved.
    #[error("a point has no vertices to add or remove")]
    NotAPath,
}

/// The distinct vertices of each ring (or of the line), without closing repeats.
pub fn vertices(geometry: &FacilityGeometry) -> Vec<Vec<Coord<f64>>> {
    match geometry {
        FacilityGeometry::Point(p) => vec![vec![p.0]],
        FacilityGeometry::Line(line) => vec![line.0.clone()],
        FacilityGeometry::Area(polygon) => std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(open_ring)
            .collect(),
    }
}

fn open_ring(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut coords = ring.0.clone();
    if coords.len() > 1 && coords.first() == coords.last() {
        coords.pop();
    }
    coords
}

fn closed(mut coords: Vec<Coord<f64>>) -> LineString<f64> {
    if let Some(&first) = coords.first() {
        coords.push(first);
    }
    LineString::new(coords)
}

/// Rebuilds a geometry of the same kind from per-ring vertex lists.
fn rebuild(kind: &FacilityGeometry, mut rings: Vec<Vec<Coord<f64>>>) -> FacilityGeometry {
    match kind {
        FacilityGeometry::Point(p) => FacilityGeometry::Point(
            rings
                .first()
                .and_then(|r| r.first())
                .map_or(*p, |c| Point(*c)),
        ),
        FacilityGeometry::Line(_) => {
            FacilityGeometry::line(LineString::new(rings.drain(..).next().unwrap_or_default()))
        }
        FacilityGeometry::Area(_) => {
            let mut rings = rings.into_iter().map(closed);
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            FacilityGeometry::area(Polygon::new(exterior, rings.collect()))
        }
    }
}

/// Moves one vertex to `to`.
pub fn move_vertex(
    geometry: &FacilityGeometry,
    vertex: VertexRef,
    to: Coord<f64>,
) -> Result<FacilityGeometry, ShapeError> {
    let mut rings = vertices(geometry);
    let slot = rings
        .get_mut(vertex.ring)
        .and_then(|ring| ring.get_mut(vertex.index))
        .ok_or(ShapeError::NoSuchVertex)?;
    *slot = to;
    Ok(rebuild(geometry, rings))
}

/// Inserts a vertex at `at` after vertex `after` (for an area, between it and the next one).
pub fn insert_vertex(
    geometry: &FacilityGeometry,
    after: VertexRef,
    at: Coord<f64>,
) -> Result<FacilityGeometry, ShapeError> {
    if matches!(geometry, FacilityGeometry::Point(_)) {
        return Err(ShapeError::NotAPath);
    }
    let mut rings = vertices(geometry);
    let ring = rings.get_mut(after.ring).ok_or(ShapeError::NoSuchVertex)?;
    if after.index >= ring.len() {
        return Err(ShapeError::NoSuchVertex);
    }
    ring.insert(after.index + 1, at);
    Ok(rebuild(geometry, rings))
}

/// Deletes one vertex, keeping at least 3 corners per ring (2 points per line).
pub fn delete_vertex(
    geometry: &FacilityGeometry,
    vertex: VertexRef,
) -> Result<FacilityGeometry, ShapeError> {
    let minimum = match geometry {
        FacilityGeometry::Point(_) => return Err(ShapeError::NotAPath),
        FacilityGeometry::Line(_) => 2,
        FacilityGeometry::Area(_) => 3,
    };
    let mut rings = vertices(geometry);
    let ring = rings.get_mut(vertex.ring).ok_or(ShapeError::NoSuchVertex)?;
    if vertex.index >= ring.len() {
        return Err(ShapeError::NoSuchVertex);
    }
    if ring.len() <= minimum {
        return Err(ShapeError::TooFewVertices);
    }
    ring.remove(vertex.index);
    Ok(rebuild(geometry, rings))
}

/// Moves the whole geometry by `delta` degrees.
pub fn translate(geometry: &FacilityGeometry, delta: Coord<f64>) -> FacilityGeometry {
    let rings = vertices(geometry)
        .into_iter()
        .map(|ring| ring.into_iter().map(|c| c + delta).collect())
        .collect();
    rebuild(geometry, rings)
}

/// An area from the corners a user clicked (closed automatically), if there are at least 3.
pub fn area_from_corners(corners: &[Coord<f64>]) -> Option<FacilityGeometry> {
    let mut distinct: Vec<Coord<f64>> = Vec::with_capacity(corners.len());
    for &c in corners {
        if distinct.last() != Some(&c) {
            distinct.push(c);
        }
    }
    if distinct.len() > 1 && distinct.first() == distinct.last() {
        distinct.pop();
    }
    (distinct.len() >= 3)
        .then(|| FacilityGeometry::area(Polygon::new(closed(distinct), Vec::new())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square() -> FacilityGeometry {
        FacilityGeometry::area(polygon![
            (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0), (x: 0.0, y: 0.0),
        ])
    }

    fn exterior(geometry: &FacilityGeometry) -> Vec<Coord<f64>> {
        match geometry {
            FacilityGeometry::Area(p) => p.exterior().0.clone(),
            _ => panic!("not an area"),
        }
    }

    #[test]
    fn moving_the_first_corner_keeps_the_ring_closed() {
        let moved = move_vertex(
            &square(),
            VertexRef { ring: 0, index: 0 },
            Coord { x: -0.5, y: -0.5 },
        )
        .unwrap();
        let ring = exterior(&moved);
        assert_eq!(ring.len(), 5);
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring[0], Coord { x: -0.5, y: -0.5 });
    }

    #[test]
    fn inserting_after_the_last_corner_goes_between_it_and_the_first() {
        let bigger = insert_vertex(
            &square(),
            VertexRef { ring: 0, index: 3 },
            Coord { x: -0.2, y: 0.5 },
        )
        .unwrap();
        let ring = exterior(&bigger);
        assert_eq!(ring.len(), 6);
        assert_eq!(ring[4], Coord { x: -0.2, y: 0.5 });
        assert_eq!(ring[5], ring[0]);
    }

    #[test]
    fn an_area_keeps_at_least_three_corners() {
        let triangle = delete_vertex(&square(), VertexRef { ring: 0, index: 2 }).unwrap();
        assert_eq!(exterior(&triangle).len(), 4);
        assert_eq!(
            delete_vertex(&triangle, VertexRef { ring: 0, index: 0 }),
            Err(ShapeError::TooFewVertices)
        );
        assert_eq!(
            delete_vertex(&square(), VertexRef { ring: 3, index: 0 }),
            Err(ShapeError::NoSuchVertex)
        );
    }

    #[test]
    fn clicked_corners_become_a_closed_area_only_from_three_on() {
        let c = |x: f64, y: f64| Coord { x, y };
        assert!(area_from_corners(&[c(0.0, 0.0), c(1.0, 0.0)]).is_none());
        assert!(area_from_corners(&[c(0.0, 0.0), c(1.0, 0.0), c(1.0, 0.0)]).is_none());
        let area = area_from_corners(&[c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 0.0)])
            .expect("three distinct corners");
        assert_eq!(exterior(&area).len(), 4);
    }

    #[test]
    fn translating_a_point_moves_it_by_the_delta() {
        let point = FacilityGeometry::Point(Point::new(113.0, 35.0));
        let moved = translate(&point, Coord { x: 0.01, y: -0.02 });
        assert_eq!(moved, FacilityGeometry::Point(Point::new(113.01, 34.98)));
    }
}
