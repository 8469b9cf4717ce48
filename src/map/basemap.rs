//! The embedded offline basemap: Jiaozuo's district boundaries with names, Zhongzhan
//! emphasised, drawn by a walkers plugin from bundled data. Background and fills go into a
//! shape slot reserved *before* the map widget, so with online tiles they lie underneath the
//! tiles: where tiles are missing (offline, still loading) the offline basemap shows through.

use egui::layers::ShapeIdx;
use egui::{Align2, Color32, FontId, Response, Shape, Stroke, Ui};
use geo::InteriorPoint;
use walkers::{MapMemory, Plugin, Projector};

use super::world::{WorldPolygon, WorldToScreen, screen_polyline, to_world_in, world_line};
use crate::model::{Datum, District};
use crate::theme;

/// A district ready to paint every frame without re-projecting.
#[derive(Debug, Clone)]
pub struct PreparedDistrict {
    /// Chinese name.
    pub name_zh: String,
    /// Whether this is Zhongzhan.
    pub is_home: bool,
    polygons: Vec<WorldPolygon>,
    label_world: [f64; 2],
}

impl PreparedDistrict {
    /// Projects and triangulates a district once, in the display `datum`.
    pub fn new(district: &District, datum: Datum) -> Self {
        let label = district
            .boundary
            .interior_point()
            .unwrap_or(district.label_position);
        Self {
            name_zh: district.name_zh.clone(),
            is_home: district.is_zhongzhan(),
            polygons: district
                .boundary
                .iter()
                .map(|p| WorldPolygon::new(p, datum))
                .collect(),
            label_world: to_world_in(label.0, datum),
        }
    }
}

/// Coarse rivers in world pixels, drawn only where no tiles cover them.
pub fn prepare_rivers(rivers: &[geo::LineString<f64>], datum: Datum) -> Vec<Vec<[f64; 2]>> {
    rivers.iter().map(|line| world_line(line, datum)).collect()
}

/// Draws the districts and rivers.
pub struct DistrictBasemap<'a> {
    /// The districts.
    pub districts: &'a [PreparedDistrict],
    /// River lines from [`prepare_rivers`].
    pub rivers: &'a [Vec<[f64; 2]>],
    /// Slot for background and fills, reserved with `painter.add(Shape::Noop)` before the map
    /// widget so that it is painted below any tiles.
    pub underlay: ShapeIdx,
}

impl Plugin for DistrictBasemap<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _map_memory: &MapMemory,
    ) {
        let painter = ui.painter();
        let clip = projector.clip_rect();
        let transform = WorldToScreen::new(projector);
        let mut underlay = vec![Shape::rect_filled(clip, 0.0, theme::BASEMAP_BACKGROUND)];
        // Neighbours first, home district on top.
        let ordered = self
            .districts
            .iter()
            .filter(|d| !d.is_home)
            .chain(self.districts.iter().filter(|d| d.is_home));
        for district in ordered {
            for polygon in &district.polygons {
                if !polygon.may_be_visible(&transform, clip) {
                    continue;
                }
                let fill = if district.is_home {
                    theme::BASEMAP_HOME_FILL
                } else {
                    theme::BASEMAP_OTHER_FILL
                };
                underlay.push(Shape::mesh(polygon.fill_mesh(&transform, fill)));
                let stroke = if district.is_home {
                    Stroke::new(theme::HOME_OUTLINE_WIDTH_PX, theme::BASEMAP_HOME_OUTLINE)
                } else {
                    Stroke::new(theme::OTHER_OUTLINE_WIDTH_PX, theme::BASEMAP_OTHER_OUTLINE)
                };
                for ring in polygon.outline_points(&transform) {
                    painter.add(Shape::closed_line(ring, stroke));
                }
            }
        }
        let river = Stroke::new(theme::RIVER_WIDTH_PX, theme::BASEMAP_RIVER);
        for line in self.rivers {
            let points = screen_polyline(line, &transform);
            if points.len() >= 2 {
                underlay.push(Shape::line(points, river));
            }
        }
        painter.set(self.underlay, Shape::Vec(underlay));
        for district in self.districts {
            let pos = transform.apply(district.label_world);
            if !clip.contains(pos) {
                continue;
            }
            let (size, colour) = if district.is_home {
                (18.0, theme::BASEMAP_HOME_OUTLINE)
            } else {
                (14.0, theme::BASEMAP_LABEL)
            };
            // A light halo keeps labels legible over tiles.
            for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                painter.text(
                    pos + egui::vec2(dx, dy),
                    Align2::CENTER_CENTER,
                    &district.name_zh,
                    FontId::proportional(size),
                    Color32::from_white_alpha(200),
                );
            }
            painter.text(
                pos,
                Align2::CENTER_CENTER,
                &district.name_zh,
                FontId::proportional(size),
                colour,
            );
        }
    }
}
