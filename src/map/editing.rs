//! The edit layer (edit mode only): clicks that add points or corners of a new area, the area
//! being drawn, and the handles of the selected facility — drag a point, a corner or the whole
//! shape to move it, drag a small circle between corners to add a corner, right-click a corner
//! to remove it. While a handle is dragged the new shape is previewed; the edit is pushed as a
//! [`Command`] when the button is released, so one drag is one undo step.

use egui::{Color32, CursorIcon, Id, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui, Vec2};
use egui::{WidgetInfo, epaint::CircleShape};
use geo::{Coord, Point};
use walkers::{MapMemory, Plugin, Projector};

use super::world::WorldToScreen;
use crate::command::{Command, EditCommand, EditTool};
use crate::i18n::{self, Language};
use crate::model::edit::geometry_edit::{
    VertexRef, delete_vertex, insert_vertex, move_vertex, translate, vertices,
};
use crate::model::{Datum, Facility, FacilityGeometry};
use crate::theme;

/// The walkers plugin for edit mode.
pub struct EditLayer<'a> {
    /// What a click does.
    pub tool: EditTool,
    /// The selected facility, whose handles are shown (select tool only).
    pub selected: Option<&'a Facility>,
    /// Corners of the area being drawn (WGS84).
    pub draft_corners: &'a [Coord<f64>],
    /// The datum the basemap is drawn in.
    pub datum: Datum,
    /// The interface language (handles' accessible names).
    pub language: Language,
    /// Where edits go.
    pub commands: &'a mut Vec<Command>,
}

/// Which handle is being dragged.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Handle {
    /// The whole shape (a point's only handle, or the anchor of a line or area).
    Whole,
    /// One corner.
    Vertex(VertexRef),
    /// Between a corner and the next one: dragging it inserts a corner.
    Midpoint(VertexRef),
}

impl Plugin for EditLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _map_memory: &MapMemory,
    ) {
        let EditLayer {
            tool,
            selected,
            draft_corners,
            datum,
            language,
            commands,
        } = *self;
        let transform = WorldToScreen::new(projector);
        let to_screen = |c: Coord<f64>| transform.position(c, datum);
        let to_wgs84 = |pos: Pos2| datum.to_wgs84(projector.unproject(pos.to_vec2()).0);
        let painter = ui.painter().clone();

        match tool {
            EditTool::AddPoint(_) => {
                if response.hovered() {
                    ui.set_cursor_icon(CursorIcon::Crosshair);
                }
                if response.clicked()
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    commands.push(Command::Edit(EditCommand::AddPointAt(Point(to_wgs84(pos)))));
                }
            }
            EditTool::DrawArea(category) => {
                if response.hovered() {
                    ui.set_cursor_icon(CursorIcon::Crosshair);
                }
                let corners: Vec<Pos2> = draft_corners.iter().map(|&c| to_screen(c)).collect();
                let colour = theme::category_style(category).colour;
                paint_draft(&painter, &corners, response.hover_pos(), colour);
                if response.double_clicked() {
                    commands.push(Command::Edit(EditCommand::FinishDraftArea));
                } else if response.clicked()
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    let closes = corners.len() >= 3
                        && corners.first().is_some_and(|first| {
                            first.distance(pos) <= theme::CLOSE_AREA_DISTANCE_PX
                        });
                    commands.push(if closes {
                        Command::Edit(EditCommand::FinishDraftArea)
                    } else {
                        Command::Edit(EditCommand::AddDraftCorner(Point(to_wgs84(pos))))
                    });
                }
            }
            EditTool::Select => {
                if let Some(facility) = selected {
                    handles(
                        ui, facility, &painter, &to_screen, &to_wgs84, language, commands,
                    );
                }
            }
        }
    }
}

/// The area being drawn: corners, the edges so far and a rubber band to the pointer.
fn paint_draft(painter: &egui::Painter, corners: &[Pos2], pointer: Option<Pos2>, colour: Color32) {
    let stroke = Stroke::new(2.5, theme::HANDLE_STROKE);
    if corners.len() >= 3 {
        let fill = theme::with_alpha(colour, theme::DRAFT_FILL_ALPHA);
        painter.add(Shape::convex_polygon(corners.to_vec(), fill, Stroke::NONE));
    }
    if corners.len() >= 2 {
        painter.add(Shape::line(corners.to_vec(), stroke));
    }
    if let (Some(&last), Some(pointer)) = (corners.last(), pointer) {
        painter.extend(Shape::dashed_line(&[last, pointer], stroke, 6.0, 4.0));
    }
    for (i, &corner) in corners.iter().enumerate() {
        let radius = if i == 0 { 6.0 } else { 4.5 };
        painter.add(CircleShape {
            center: corner,
            radius,
            fill: theme::HANDLE_FILL,
            stroke,
        });
    }
}

/// Handles of the selected facility, and the edits they make.
fn handles(
    ui: &mut Ui,
    facility: &Facility,
    painter: &egui::Painter,
    to_screen: &dyn Fn(Coord<f64>) -> Pos2,
    to_wgs84: &dyn Fn(Pos2) -> Coord<f64>,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let geometry = &facility.geometry;
    let rings = vertices(geometry);
    let is_area = matches!(geometry, FacilityGeometry::Area(_));
    let mut list: Vec<(Handle, Pos2)> = Vec::new();
    list.push((Handle::Whole, to_screen(geometry.anchor().0)));
    if !matches!(geometry, FacilityGeometry::Point(_)) {
        for (ring_index, ring) in rings.iter().enumerate() {
            for (index, &corner) in ring.iter().enumerate() {
                let vertex = VertexRef {
                    ring: ring_index,
                    index,
                };
                list.push((Handle::Vertex(vertex), to_screen(corner)));
                let next = if index + 1 < ring.len() {
                    ring.get(index + 1)
                } else if is_area {
                    ring.first()
                } else {
                    None
                };
                if let Some(&next) = next {
                    let mid = to_screen(corner).lerp(to_screen(next), 0.5);
                    list.push((Handle::Midpoint(vertex), mid));
                }
            }
        }
    }

    let pointer = ui.ctx().pointer_latest_pos();
    let mut preview: Option<FacilityGeometry> = None;
    for (handle, centre) in list {
        let (size, label) = match handle {
            Handle::Whole => (
                2.0 * theme::MARKER_RADIUS_HIGHLIGHT_PX,
                i18n::move_handle(
                    lang,
                    i18n::data_pair(lang, &facility.name_zh, &facility.name_en).0,
                ),
            ),
            Handle::Vertex(v) => (
                2.0 * theme::HANDLE_HALF_SIZE_PX + 4.0,
                i18n::corner_handle(lang, v.index + 1),
            ),
            Handle::Midpoint(v) => (
                2.0 * theme::MIDPOINT_RADIUS_PX + 4.0,
                i18n::midpoint_handle(lang, v.index + 1),
            ),
        };
        let id = Id::unique(("edit-handle", facility.id.as_str(), handle_key(handle)));
        let rect = Rect::from_center_size(centre, Vec2::splat(size));
        let handle_response = ui.interact(rect, id, Sense::click_and_drag());
        handle_response.widget_info(|| WidgetInfo::labeled(Role::Button, true, label.clone()));
        let handle_response = handle_response.on_hover_cursor(CursorIcon::Grab);
        let dropped_at = |r: &Response| r.interact_pointer_pos().or(pointer);
        let edited = |at: Pos2| -> Option<FacilityGeometry> {
            let to = to_wgs84(at);
            match handle {
                Handle::Whole => Some(translate(geometry, to - geometry.anchor().0)),
                Handle::Vertex(v) => move_vertex(geometry, v, to).ok(),
                Handle::Midpoint(v) => insert_vertex(geometry, v, to).ok(),
            }
        };
        if handle_response.dragged() {
            ui.set_cursor_icon(CursorIcon::Grabbing);
            preview = dropped_at(&handle_response).and_then(edited);
        }
        if handle_response.drag_stopped()
            && let Some(new_geometry) = dropped_at(&handle_response).and_then(edited)
            && new_geometry != *geometry
        {
            commands.push(Command::Edit(EditCommand::Reshape(
                facility.id.clone(),
                new_geometry,
            )));
        }
        if handle_response.secondary_clicked()
            && let Handle::Vertex(v) = handle
            && let Ok(new_geometry) = delete_vertex(geometry, v)
        {
            commands.push(Command::Edit(EditCommand::Reshape(
                facility.id.clone(),
                new_geometry,
            )));
        }
        paint_handle(painter, handle, centre, handle_response.hovered());
    }
    if let Some(preview) = preview {
        paint_preview(painter, &preview, to_screen);
    }
}

fn handle_key(handle: Handle) -> (u8, usize, usize) {
    match handle {
        Handle::Whole => (0, 0, 0),
        Handle::Vertex(v) => (1, v.ring, v.index),
        Handle::Midpoint(v) => (2, v.ring, v.index),
    }
}

fn paint_handle(painter: &egui::Painter, handle: Handle, centre: Pos2, hovered: bool) {
    let stroke = Stroke::new(if hovered { 3.0 } else { 2.0 }, theme::HANDLE_STROKE);
    match handle {
        Handle::Whole => {
            // Four small arrows' worth of a cross: "this moves the whole thing".
            let r = theme::MARKER_RADIUS_HIGHLIGHT_PX + 3.0;
            painter.circle_stroke(centre, r, stroke);
        }
        Handle::Vertex(_) => {
            let rect =
                Rect::from_center_size(centre, Vec2::splat(2.0 * theme::HANDLE_HALF_SIZE_PX));
            painter.rect(
                rect,
                1.0,
                theme::HANDLE_FILL,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
        Handle::Midpoint(_) => {
            painter.circle(
                centre,
                theme::MIDPOINT_RADIUS_PX,
                Color32::from_white_alpha(200),
                Stroke::new(1.5, theme::HANDLE_STROKE),
            );
        }
    }
}

fn paint_preview(
    painter: &egui::Painter,
    geometry: &FacilityGeometry,
    to_screen: &dyn Fn(Coord<f64>) -> Pos2,
) {
    let stroke = Stroke::new(2.0, theme::HANDLE_STROKE);
    match geometry {
        FacilityGeometry::Point(p) => {
            painter.circle_stroke(to_screen(p.0), theme::MARKER_RADIUS_HIGHLIGHT_PX, stroke);
        }
        FacilityGeometry::Line(_) | FacilityGeometry::Area(_) => {
            let is_area = matches!(geometry, FacilityGeometry::Area(_));
            for ring in vertices(geometry) {
                let mut points: Vec<Pos2> = ring.into_iter().map(to_screen).collect();
                if is_area && let Some(&first) = points.first() {
                    points.push(first);
                }
                painter.extend(Shape::dashed_line(&points, stroke, 8.0, 4.0));
            }
        }
    }
}
