//! The facility layer: areas, lines and symbols of the visible facilities, each symbol a
//! clickable, accessible widget; clicks and hovers on areas and lines are hit-tested in screen
//! space. Everything the user does here becomes a [`Command`].

mod paint;

use egui::{CursorIcon, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo};
use geo::Coord;
use walkers::{MapMemory, Plugin, Projector};

use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::{self, Language};
use crate::map::world::{WorldPolygon, WorldToScreen, to_world_in, world_line};
use crate::model::hours::availability_at;
use crate::model::index::cluster::{
    ClusterIndex, ClusterItem, ClusterSummary, fan_out_offsets_px, visibility,
};
use crate::model::index::hit_test::{HitTolerance, hit_test};
use crate::model::{Catalog, Category, CategoryFilter, Datum, Facility, FacilityGeometry};
use crate::theme;
use crate::theme::symbols::{paint_halo, paint_symbol};
use paint::{cluster_badge, facility_tooltip, outline_stroke, paint_label, paint_reference_pin};

/// A line's or area's geometry pre-projected to world pixels.
#[derive(Debug, Clone)]
pub enum PreparedOutline {
    /// A line's vertices.
    Line(Box<[[f64; 2]]>),
    /// A triangulated area.
    Area(WorldPolygon),
}

/// A line or area ready to paint: its outline and where its symbol goes, in world pixels.
#[derive(Debug, Clone)]
pub struct PreparedShape {
    /// Where the symbol goes (a point inside the area, the middle of the line; costly to find,
    /// so kept).
    pub anchor_world: [f64; 2],
    /// The outline.
    pub outline: PreparedOutline,
}

/// A facility ready to paint every frame without re-projecting: a line's or area's shape,
/// boxed; nothing for a point (most facilities: 8 bytes each), whose symbol position is
/// projected when drawn (see [`PreparedFacility::anchor_world`]).
#[derive(Debug, Clone)]
pub struct PreparedFacility {
    /// The line or area; `None` for a point.
    pub shape: Option<Box<PreparedShape>>,
}

impl PreparedFacility {
    /// Projects (and triangulates) one facility in the display `datum`.
    pub fn new(facility: &Facility, datum: Datum) -> Self {
        let outline = match &facility.geometry {
            FacilityGeometry::Point(_) => return Self { shape: None },
            FacilityGeometry::Line(line) => {
                PreparedOutline::Line(world_line(line, datum).into_boxed_slice())
            }
            FacilityGeometry::Area(polygon) => {
                PreparedOutline::Area(WorldPolygon::new(polygon, datum))
            }
        };
        Self {
            shape: Some(Box::new(PreparedShape {
                anchor_world: to_world_in(facility.geometry.anchor().0, datum),
                outline,
            })),
        }
    }

    /// Where `facility`'s symbol goes, in world pixels in `datum` (those it was prepared in).
    pub fn anchor_world(&self, facility: &Facility, datum: Datum) -> [f64; 2] {
        match &self.shape {
            Some(shape) => shape.anchor_world,
            None => to_world_in(facility.geometry.anchor().0, datum),
        }
    }
}

/// Prepares every facility of a catalog, in catalog order, in the display `datum`.
pub fn prepare_all(catalog: &Catalog, datum: Datum) -> Vec<PreparedFacility> {
    catalog
        .facilities()
        .iter()
        .map(|f| PreparedFacility::new(f, datum))
        .collect()
}

/// The walkers plugin drawing the facilities for one frame.
pub struct FacilityLayer<'a> {
    /// The facilities.
    pub catalog: &'a Catalog,
    /// Their prepared geometry, same order as the catalog.
    pub prepared: &'a [PreparedFacility],
    /// Which categories are visible.
    pub filter: &'a CategoryFilter,
    /// Index of the selected facility.
    pub selected: Option<usize>,
    /// The article mention whose facilities are highlighted.
    pub focused_mention: Option<&'a str>,
    /// The datum the basemap is drawn in (overlays are shifted to it).
    pub datum: Datum,
    /// The "what is nearby" reference point (WGS84), drawn as a pin.
    pub reference_point: Option<geo::Point<f64>>,
    /// Whether clicks select facilities (off while an edit tool adds points or corners).
    pub clicks_select: bool,
    /// The cluster hierarchy of all symbols (built once per data change).
    pub clusters: &'a ClusterIndex,
    /// Facilities closed at `moment` (greyed, with the reason in the tooltip).
    pub closed: &'a std::collections::HashSet<usize>,
    /// The local time opening hours are evaluated at.
    pub moment: chrono::NaiveDateTime,
    /// Parsed hours and seasons (catalog index, schedule), sorted by index.
    pub schedules: &'a [(usize, crate::model::hours::Schedule)],
    /// Catalog indices of the areas and lines (drawn as shapes, hit-tested on the map).
    pub shape_indices: &'a [usize],
    /// Leave closed areas and lines out (the open-now filter); closed symbols are already left
    /// out of `clusters`.
    pub hide_closed: bool,
    /// The interface language (tooltips, accessible names, the selection's label).
    pub language: Language,
    /// Where user actions go.
    pub commands: &'a mut Vec<Command>,
}

/// Visible areas and lines with their prepared geometry and catalog index.
fn visible_shapes<'a>(
    catalog: &'a Catalog,
    prepared: &'a [PreparedFacility],
    filter: &'a CategoryFilter,
    shape_indices: &'a [usize],
) -> impl Iterator<Item = (usize, &'a Facility, &'a PreparedFacility)> + 'a {
    shape_indices.iter().filter_map(move |&i| {
        let facility = catalog.facilities().get(i)?;
        let prepared = prepared.get(i)?;
        filter
            .is_visible(facility.category)
            .then_some((i, facility, prepared))
    })
}

/// A symbol to draw this frame: catalog index and where.
struct Symbol {
    index: usize,
    centre: Pos2,
    /// Where the facility really is, when fanned out away from it.
    true_centre: Option<Pos2>,
}

/// What every drawing step of one frame shares.
struct LayerFrame {
    painter: egui::Painter,
    /// The map's rectangle on screen.
    clip: Rect,
    transform: WorldToScreen,
}

/// What the symbol step found: a clicked facility, a right-click position and where the
/// selection's label goes.
#[derive(Default)]
struct SymbolOutcome {
    clicked: Option<usize>,
    right_clicked_at: Option<Pos2>,
    selected_label_at: Option<(Pos2, usize)>,
}

impl Plugin for FacilityLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _map_memory: &MapMemory,
    ) {
        let mut layer = *self;
        let frame = LayerFrame {
            painter: ui.painter().clone(),
            clip: projector.clip_rect(),
            transform: WorldToScreen::new(projector),
        };
        // Areas, then lines, so symbols stay on top.
        layer.paint_areas(&frame);
        layer.paint_lines(&frame);
        let (mut symbols, mut badges) = layer.symbols_and_badges(&frame, projector);
        layer.take_selection_out_of_its_badge(&frame, &mut symbols, &mut badges);
        if projector.zoom() >= f64::from(layer.clusters.options().max_zoom) + 1.0 {
            fan_out(&mut symbols);
        }
        let badge_right_click = layer.draw_badges(ui, &frame, &badges);
        let outcome = layer.draw_symbols(ui, &frame, &symbols);
        if let Some(reference) = layer.reference_point {
            paint_reference_pin(
                &frame.painter,
                frame.transform.position(reference.0, layer.datum),
            );
        }
        let right_clicked_at = outcome.right_clicked_at.or(badge_right_click).or_else(|| {
            response
                .secondary_clicked()
                .then(|| response.interact_pointer_pos())
                .flatten()
        });
        if let Some(pointer) = right_clicked_at {
            let display = projector.unproject(pointer.to_vec2());
            layer
                .commands
                .push(Command::View(ViewCommand::SetReferencePoint(geo::Point(
                    layer.datum.to_wgs84(display.0),
                ))));
        }
        if let Some(facility) = outcome
            .clicked
            .and_then(|i| layer.catalog.facilities().get(i))
        {
            layer.commands.push(Command::View(ViewCommand::Select(
                facility.id.clone(),
                SelectionOrigin::Map,
            )));
        }
        if let Some((centre, index)) = outcome.selected_label_at
            && let Some(facility) = layer.catalog.facilities().get(index)
        {
            paint_label(
                &frame.painter,
                centre + Vec2::new(0.0, theme::MARKER_RADIUS_HIGHLIGHT_PX + 4.0),
                i18n::data_pair(layer.language, &facility.name_zh, &facility.name_en).0,
            );
        }
        if layer.clicks_select {
            layer.hit_test_shapes(ui, response, &frame);
        }
    }
}

impl FacilityLayer<'_> {
    /// Whether a facility belongs to the focused article mention.
    fn is_focused(&self, facility: &Facility) -> bool {
        self.focused_mention.is_some()
            && facility.article_mention.as_deref() == self.focused_mention
    }

    /// The areas and lines to draw and hit-test: visible categories, and open ones when the
    /// open-now filter is on.
    fn shapes(&self) -> impl Iterator<Item = (usize, &Facility, &PreparedFacility)> + '_ {
        visible_shapes(self.catalog, self.prepared, self.filter, self.shape_indices)
            .filter(|(index, _, _)| !(self.hide_closed && self.closed.contains(index)))
    }

    /// Fills and outlines the visible areas.
    fn paint_areas(&self, frame: &LayerFrame) {
        for (index, facility, prepared) in self.shapes() {
            let Some(PreparedOutline::Area(polygon)) =
                prepared.shape.as_deref().map(|s| &s.outline)
            else {
                continue;
            };
            if !polygon.may_be_visible(&frame.transform, frame.clip) {
                continue;
            }
            let colour = theme::category_style(facility.category).colour;
            let fill = theme::with_alpha(colour, theme::AREA_FILL_ALPHA);
            frame
                .painter
                .add(Shape::mesh(polygon.fill_mesh(&frame.transform, fill)));
            let stroke = outline_stroke(
                self.selected == Some(index),
                self.is_focused(facility),
                colour,
            );
            for ring in polygon.outline_points(&frame.transform) {
                frame.painter.add(Shape::closed_line(ring, stroke));
            }
        }
    }

    /// Strokes the visible lines (dashed for drainage repairs), with a halo when highlighted.
    fn paint_lines(&self, frame: &LayerFrame) {
        let painter = &frame.painter;
        for (index, facility, prepared) in self.shapes() {
            let Some(PreparedOutline::Line(world)) = prepared.shape.as_deref().map(|s| &s.outline)
            else {
                continue;
            };
            let points: Vec<Pos2> = world.iter().map(|&p| frame.transform.apply(p)).collect();
            let colour = theme::category_style(facility.category).colour;
            if self.selected == Some(index) || self.is_focused(facility) {
                let halo = if self.selected == Some(index) {
                    theme::SELECTION_COLOUR
                } else {
                    theme::FOCUS_COLOUR
                };
                painter.add(Shape::line(
                    points.clone(),
                    Stroke::new(theme::LINE_WIDTH_SELECTED_PX + 4.0, halo),
                ));
            }
            let stroke = Stroke::new(theme::LINE_WIDTH_PX, colour);
            if facility.category == Category::DrainageRepair {
                painter.add(Shape::line(
                    points.clone(),
                    Stroke::new(theme::LINE_WIDTH_PX + 2.0, theme::LINE_CASING),
                ));
                painter.extend(Shape::dashed_line(&points, stroke, 10.0, 6.0));
            } else {
                painter.add(Shape::line(points, stroke));
            }
        }
    }

    /// Where facility `index`'s symbol goes, in world pixels.
    fn anchor_world(&self, index: usize) -> Option<[f64; 2]> {
        let facility = self.catalog.facilities().get(index)?;
        Some(self.prepared.get(index)?.anchor_world(facility, self.datum))
    }

    /// Symbols and cluster badges in view, from the cluster index.
    fn symbols_and_badges(
        &self,
        frame: &LayerFrame,
        projector: &Projector,
    ) -> (Vec<Symbol>, Vec<(ClusterSummary, Pos2)>) {
        let pad = theme::CLUSTER_RADIUS_PX + theme::MARKER_RADIUS_HIGHLIGHT_PX;
        let view = frame.clip.expand(pad);
        let corner = |pos: Pos2| self.datum.to_wgs84(projector.unproject(pos.to_vec2()).0);
        let bbox = geo::Rect::new(corner(view.left_bottom()), corner(view.right_top()));
        let items = self
            .clusters
            .clusters(bbox, projector.zoom(), &visibility(self.filter));
        let mut symbols: Vec<Symbol> = Vec::with_capacity(items.len() + 1);
        let mut badges: Vec<(ClusterSummary, Pos2)> = Vec::new();
        for item in &items {
            match item {
                ClusterItem::Point(point) => {
                    if let Some(world) = self.anchor_world(point.index) {
                        symbols.push(Symbol {
                            index: point.index,
                            centre: frame.transform.apply(world),
                            true_centre: None,
                        });
                    }
                }
                ClusterItem::Cluster(cluster) => {
                    badges.push((
                        *cluster,
                        frame.transform.position(cluster.position.0, self.datum),
                    ));
                }
            }
        }
        (symbols, badges)
    }

    /// The selection stays visible even inside a cluster: it is drawn as a symbol and taken out
    /// of its badge (a badge left with one member becomes that member's symbol).
    fn take_selection_out_of_its_badge(
        &self,
        frame: &LayerFrame,
        symbols: &mut Vec<Symbol>,
        badges: &mut Vec<(ClusterSummary, Pos2)>,
    ) {
        let visible_categories = visibility(self.filter);
        let Some(index) = self.selected else {
            return;
        };
        if symbols.iter().any(|s| s.index == index) {
            return;
        }
        let (Some(facility), Some(selected_prepared)) = (
            self.catalog.facilities().get(index),
            self.prepared.get(index),
        ) else {
            return;
        };
        if !self.filter.is_visible(facility.category) {
            return;
        }
        symbols.push(Symbol {
            index,
            centre: frame
                .transform
                .apply(selected_prepared.anchor_world(facility, self.datum)),
            true_centre: None,
        });
        let anchor = facility.geometry.anchor();
        let members = |badge: &ClusterSummary| {
            self.clusters.leaves(
                badge.id,
                &visible_categories,
                MAX_BADGE_MEMBERS_LISTED as usize,
            )
        };
        let holder = badges.iter().position(|(badge, _)| {
            badge.count <= MAX_BADGE_MEMBERS_LISTED
                && badge.extent.min().x <= anchor.x()
                && anchor.x() <= badge.extent.max().x
                && badge.extent.min().y <= anchor.y()
                && anchor.y() <= badge.extent.max().y
                && members(badge).contains(&index)
        });
        let Some(position) = holder else {
            return;
        };
        let (badge, _) = badges.remove(position);
        let rest: Vec<usize> = members(&badge)
            .into_iter()
            .filter(|&i| i != index)
            .collect();
        if let [only] = rest.as_slice() {
            if let Some(world) = self.anchor_world(*only) {
                symbols.push(Symbol {
                    index: *only,
                    centre: frame.transform.apply(world),
                    true_centre: None,
                });
            }
        } else {
            let mut reduced = badge;
            reduced.count -= 1;
            if let Some(n) = reduced
                .counts_by_category
                .get_mut(facility.category.index())
            {
                *n = n.saturating_sub(1);
            }
            let centre = frame.transform.position(reduced.position.0, self.datum);
            badges.push((reduced, centre));
        }
    }

    /// The categories of the focused article mention's facilities (their badges get a halo).
    fn focused_categories(&self) -> Vec<Category> {
        match self.focused_mention {
            Some(mention) if self.catalog.len() <= MAX_MENTION_SCAN => {
                let mut categories: Vec<Category> = self
                    .catalog
                    .facilities()
                    .iter()
                    .filter(|f| f.article_mention.as_deref() == Some(mention))
                    .map(|f| f.category)
                    .collect();
                categories.dedup();
                categories
            }
            _ => Vec::new(),
        }
    }

    /// Draws the cluster badges; a click zooms to the cluster's members. Returns where a badge
    /// was right-clicked.
    fn draw_badges(
        &mut self,
        ui: &mut Ui,
        frame: &LayerFrame,
        badges: &[(ClusterSummary, Pos2)],
    ) -> Option<Pos2> {
        let focused_categories = self.focused_categories();
        let mut right_clicked_at = None;
        for (cluster, centre) in badges {
            if !frame
                .clip
                .expand(theme::CLUSTER_RADIUS_PX)
                .contains(*centre)
            {
                continue;
            }
            if focused_categories.iter().any(|c| {
                cluster
                    .counts_by_category
                    .get(c.index())
                    .is_some_and(|n| *n > 0)
            }) {
                paint_halo(
                    &frame.painter,
                    *centre,
                    theme::cluster_radius_px(cluster.count) + 2.0,
                    theme::FOCUS_COLOUR,
                );
            }
            let response = cluster_badge(
                ui,
                &frame.painter,
                cluster,
                *centre,
                self.clicks_select,
                self.language,
            );
            if response.clicked() {
                self.commands
                    .push(Command::View(ViewCommand::ZoomToExtent(cluster.extent)));
            }
            if response.secondary_clicked() {
                right_clicked_at = response.interact_pointer_pos();
            }
        }
        right_clicked_at
    }

    /// Draws the symbols, one accessible, clickable widget each.
    fn draw_symbols(&self, ui: &mut Ui, frame: &LayerFrame, symbols: &[Symbol]) -> SymbolOutcome {
        let painter = &frame.painter;
        let mut outcome = SymbolOutcome::default();
        for symbol in symbols {
            let index = symbol.index;
            let centre = symbol.centre;
            let (Some(facility), Some(prepared)) = (
                self.catalog.facilities().get(index),
                self.prepared.get(index),
            ) else {
                continue;
            };
            if !frame
                .clip
                .expand(theme::MARKER_RADIUS_HIGHLIGHT_PX)
                .contains(centre)
            {
                continue;
            }
            if let Some(true_centre) = symbol.true_centre {
                painter.line_segment([true_centre, centre], Stroke::new(1.5, theme::LEADER_LINE));
                painter.circle_filled(true_centre, 3.0, theme::LEADER_DOT);
            }
            let base_radius = if prepared.shape.is_none() {
                theme::MARKER_RADIUS_PX
            } else {
                theme::ANCHOR_RADIUS_PX
            };
            let rect = Rect::from_center_size(centre, Vec2::splat(base_radius * 2.4));
            let id = ui
                .scope_id()
                .with(("facility-marker", facility.id.as_str()));
            let sense = if self.clicks_select {
                Sense::click()
            } else {
                Sense::hover()
            };
            let marker = ui.interact(rect, id, sense);
            marker.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    true,
                    i18n::facility_name(self.language, &facility.name_zh, &facility.name_en),
                )
            });
            let is_selected = self.selected == Some(index);
            let radius = if marker.hovered() || is_selected {
                theme::MARKER_RADIUS_HIGHLIGHT_PX.max(base_radius)
            } else {
                base_radius
            };
            if is_selected {
                paint_halo(painter, centre, radius, theme::SELECTION_COLOUR);
                outcome.selected_label_at = Some((centre, index));
            } else if self.is_focused(facility) {
                paint_halo(painter, centre, radius, theme::FOCUS_COLOUR);
            }
            paint_symbol(painter, centre, radius, facility.category);
            if self.closed.contains(&index) {
                // Greyed: closed at the chosen moment (the tooltip says why).
                painter.circle_filled(centre, radius + 1.0, theme::CLOSED_VEIL);
            }
            if marker.clicked() {
                outcome.clicked = Some(index);
            }
            if marker.secondary_clicked() {
                outcome.right_clicked_at = marker.interact_pointer_pos();
            }
            marker
                .on_hover_cursor(CursorIcon::PointingHand)
                .on_hover_ui(|ui| {
                    let availability = availability_at(self.schedules, index, self.moment);
                    facility_tooltip(ui, facility, &availability, self.moment, self.language);
                });
        }
        outcome
    }

    /// Areas and lines are hit-tested in screen space: a click selects (or clears), hovering
    /// shows the tooltip.
    fn hit_test_shapes(&mut self, ui: &mut Ui, response: &Response, frame: &LayerFrame) {
        let datum = self.datum;
        let project = |c: Coord<f64>| {
            let p = frame.transform.position(c, datum);
            Coord {
                x: f64::from(p.x),
                y: f64::from(p.y),
            }
        };
        let tolerance = HitTolerance {
            marker_radius_px: f64::from(theme::MARKER_RADIUS_PX),
            line_px: f64::from(theme::LINE_HIT_TOLERANCE_PX),
        };
        let hit_at = |pos: Pos2| {
            hit_test(
                self.shapes().map(|(i, f, _)| (i, f)),
                project,
                Coord {
                    x: f64::from(pos.x),
                    y: f64::from(pos.y),
                },
                tolerance,
            )
        };
        if response.clicked() {
            let hit = response
                .interact_pointer_pos()
                .and_then(hit_at)
                .and_then(|i| self.catalog.facilities().get(i));
            let command = match hit {
                Some(facility) => ViewCommand::Select(facility.id.clone(), SelectionOrigin::Map),
                None => ViewCommand::ClearSelection,
            };
            self.commands.push(Command::View(command));
        } else if let Some((index, hovered)) = response
            .hover_pos()
            .filter(|_| !response.dragged())
            .and_then(hit_at)
            .and_then(|i| self.catalog.facilities().get(i).map(|f| (i, f)))
        {
            ui.set_cursor_icon(CursorIcon::PointingHand);
            response.clone().on_hover_ui_at_pointer(|ui| {
                let availability = availability_at(self.schedules, index, self.moment);
                facility_tooltip(ui, hovered, &availability, self.moment, self.language);
            });
        }
    }
}

/// Above this many facilities, a focused mention's categories are not looked up per frame.
const MAX_MENTION_SCAN: usize = 10_000;
/// A selected facility is taken out of badges of up to this many members.
const MAX_BADGE_MEMBERS_LISTED: u32 = 256;

/// Spreads symbols that sit on (almost) the same pixel around their common position, so each
/// can be seen and clicked; a leader line points back to the true position.
fn fan_out(symbols: &mut [Symbol]) {
    let cell_px = theme::FAN_OUT_SAME_SPOT_PX;
    let mut groups: std::collections::HashMap<(i32, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, symbol) in symbols.iter().enumerate() {
        let key = (
            (symbol.centre.x / cell_px).round() as i32,
            (symbol.centre.y / cell_px).round() as i32,
        );
        groups.entry(key).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let offsets = fan_out_offsets_px(members.len(), 2.2 * theme::MARKER_RADIUS_PX);
        for (&i, offset) in members.iter().zip(offsets) {
            if let Some(symbol) = symbols.get_mut(i) {
                symbol.true_centre = Some(symbol.centre);
                symbol.centre += Vec2::new(offset[0], offset[1]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::load::parse_facilities;
    use crate::model::{BUNDLED_FACILITIES, BUNDLED_ORIGIN};

    #[test]
    fn every_symbol_goes_to_its_facilitys_anchor_in_either_datum_and_only_shapes_are_kept() {
        let catalog = Catalog::new(parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN).unwrap());
        assert!(
            catalog
                .facilities()
                .iter()
                .any(|f| f.geometry.kind() != crate::model::GeometryKind::Point)
        );
        for datum in [Datum::Wgs84, Datum::Gcj02] {
            let prepared = prepare_all(&catalog, datum);
            for (facility, prepared) in catalog.facilities().iter().zip(&prepared) {
                let expected = to_world_in(facility.geometry.anchor().0, datum);
                assert_eq!(
                    prepared.anchor_world(facility, datum),
                    expected,
                    "{}",
                    facility.id
                );
                let is_point = matches!(facility.geometry, FacilityGeometry::Point(_));
                assert_eq!(prepared.shape.is_none(), is_point, "{}", facility.id);
            }
        }
    }
}
