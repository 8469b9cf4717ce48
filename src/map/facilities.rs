//! The facility layer: areas, lines and symbols of the visible facilities, each symbol a
//! clickable, accessible widget; clicks and hovers on areas and lines are hit-tested in screen
//! space. Everything the user does here becomes a [`Command`].

use egui::{
    Align2, Color32, CursorIcon, FontId, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui,
    Vec2, WidgetInfo,
};
use geo::Coord;
use walkers::{MapMemory, Plugin, Projector};

use super::world::{WorldPolygon, WorldToScreen, to_world_in, world_line};
use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::hours::{Availability, availability_at};
use crate::model::index::cluster::{
    ClusterIndex, ClusterItem, ClusterSummary, fan_out_offsets_px, visibility,
};
use crate::model::index::hit_test::{HitTolerance, hit_test};
use crate::model::{Catalog, Category, CategoryFilter, Datum, Facility, FacilityGeometry};
use crate::theme;
use crate::theme::symbols::{paint_halo, paint_symbol};

/// A facility's geometry pre-projected to world pixels.
#[derive(Debug, Clone)]
pub enum PreparedShape {
    /// A point: only the anchor symbol.
    Point,
    /// A line's vertices.
    Line(Vec<[f64; 2]>),
    /// A triangulated area.
    Area(WorldPolygon),
}

/// A facility ready to paint every frame without re-projecting.
#[derive(Debug, Clone)]
pub struct PreparedFacility {
    /// Where the symbol goes, in world pixels.
    pub anchor_world: [f64; 2],
    /// The shape.
    pub shape: PreparedShape,
}

impl PreparedFacility {
    /// Projects (and triangulates) one facility in the display `datum`.
    pub fn new(facility: &Facility, datum: Datum) -> Self {
        let shape = match &facility.geometry {
            FacilityGeometry::Point(_) => PreparedShape::Point,
            FacilityGeometry::Line(line) => PreparedShape::Line(world_line(line, datum)),
            FacilityGeometry::Area(polygon) => {
                PreparedShape::Area(WorldPolygon::new(polygon, datum))
            }
        };
        Self {
            anchor_world: to_world_in(facility.geometry.anchor().0, datum),
            shape,
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

impl Plugin for FacilityLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _map_memory: &MapMemory,
    ) {
        let FacilityLayer {
            catalog,
            prepared,
            filter,
            selected,
            focused_mention,
            datum,
            reference_point,
            clicks_select,
            clusters,
            closed,
            moment,
            schedules,
            shape_indices,
            language,
            commands,
        } = *self;
        let is_focused = |facility: &Facility| {
            focused_mention.is_some() && facility.article_mention.as_deref() == focused_mention
        };
        let painter = ui.painter().clone();
        let clip = projector.clip_rect();
        let transform = WorldToScreen::new(projector);

        // Areas, then lines, so symbols stay on top.
        for (index, facility, prepared) in visible_shapes(catalog, prepared, filter, shape_indices)
        {
            let PreparedShape::Area(polygon) = &prepared.shape else {
                continue;
            };
            if !polygon.may_be_visible(&transform, clip) {
                continue;
            }
            let colour = theme::category_style(facility.category).colour;
            let fill = theme::with_alpha(colour, theme::AREA_FILL_ALPHA);
            painter.add(Shape::mesh(polygon.fill_mesh(&transform, fill)));
            let stroke = outline_stroke(selected == Some(index), is_focused(facility), colour);
            for ring in polygon.outline_points(&transform) {
                painter.add(Shape::closed_line(ring, stroke));
            }
        }
        for (index, facility, prepared) in visible_shapes(catalog, prepared, filter, shape_indices)
        {
            let PreparedShape::Line(world) = &prepared.shape else {
                continue;
            };
            let points: Vec<Pos2> = world.iter().map(|&p| transform.apply(p)).collect();
            let colour = theme::category_style(facility.category).colour;
            let highlighted = selected == Some(index) || is_focused(facility);
            if highlighted {
                let halo = if selected == Some(index) {
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
                    Stroke::new(theme::LINE_WIDTH_PX + 2.0, Color32::WHITE),
                ));
                painter.extend(Shape::dashed_line(&points, stroke, 10.0, 6.0));
            } else {
                painter.add(Shape::line(points, stroke));
            }
        }

        // Symbols and cluster badges from the cluster index (only what is in view).
        let zoom_level = projector.zoom();
        let pad = theme::CLUSTER_RADIUS_PX + theme::MARKER_RADIUS_HIGHLIGHT_PX;
        let view = clip.expand(pad);
        let corner = |pos: Pos2| datum.to_wgs84(projector.unproject(pos.to_vec2()).0);
        let bbox = geo::Rect::new(corner(view.left_bottom()), corner(view.right_top()));
        let items = clusters.clusters(bbox, zoom_level, &visibility(filter));
        let mut symbols: Vec<Symbol> = Vec::with_capacity(items.len() + 1);
        let mut badges: Vec<(ClusterSummary, Pos2)> = Vec::new();
        for item in &items {
            match item {
                ClusterItem::Point(point) => {
                    if let Some(prepared) = prepared.get(point.index) {
                        symbols.push(Symbol {
                            index: point.index,
                            centre: transform.apply(prepared.anchor_world),
                            true_centre: None,
                        });
                    }
                }
                ClusterItem::Cluster(cluster) => {
                    badges.push((*cluster, transform.position(cluster.position.0, datum)));
                }
            }
        }
        // The selection stays visible even inside a cluster: it is taken out of its badge.
        let visible_categories = visibility(filter);
        if let Some(index) = selected
            && !symbols.iter().any(|s| s.index == index)
            && let (Some(facility), Some(selected_prepared)) =
                (catalog.facilities().get(index), prepared.get(index))
            && filter.is_visible(facility.category)
        {
            symbols.push(Symbol {
                index,
                centre: transform.apply(selected_prepared.anchor_world),
                true_centre: None,
            });
            let anchor = facility.geometry.anchor();
            let holder = badges.iter().position(|(badge, _)| {
                badge.count <= MAX_BADGE_MEMBERS_LISTED
                    && badge.extent.min().x <= anchor.x()
                    && anchor.x() <= badge.extent.max().x
                    && badge.extent.min().y <= anchor.y()
                    && anchor.y() <= badge.extent.max().y
                    && clusters
                        .leaves(
                            badge.id,
                            &visible_categories,
                            MAX_BADGE_MEMBERS_LISTED as usize,
                        )
                        .contains(&index)
            });
            if let Some(position) = holder {
                let (badge, _) = badges.remove(position);
                let rest: Vec<usize> = clusters
                    .leaves(
                        badge.id,
                        &visible_categories,
                        MAX_BADGE_MEMBERS_LISTED as usize,
                    )
                    .into_iter()
                    .filter(|&i| i != index)
                    .collect();
                if let [only] = rest.as_slice() {
                    if let Some(other) = prepared.get(*only) {
                        symbols.push(Symbol {
                            index: *only,
                            centre: transform.apply(other.anchor_world),
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
                    let centre = transform.position(reduced.position.0, datum);
                    badges.push((reduced, centre));
                }
            }
        }
        // Badges holding facilities of a focused article mention get its halo.
        let focused_categories: Vec<Category> = match focused_mention {
            Some(mention) if catalog.len() <= MAX_MENTION_SCAN => {
                let mut categories: Vec<Category> = catalog
                    .facilities()
                    .iter()
                    .filter(|f| f.article_mention.as_deref() == Some(mention))
                    .map(|f| f.category)
                    .collect();
                categories.dedup();
                categories
            }
            _ => Vec::new(),
        };
        if zoom_level >= f64::from(clusters.options().max_zoom) + 1.0 {
            fan_out(&mut symbols);
        }
        let mut right_clicked_at: Option<Pos2> = None;
        for (cluster, centre) in &badges {
            if !clip.expand(theme::CLUSTER_RADIUS_PX).contains(*centre) {
                continue;
            }
            if focused_categories.iter().any(|c| {
                cluster
                    .counts_by_category
                    .get(c.index())
                    .is_some_and(|n| *n > 0)
            }) {
                paint_halo(
                    &painter,
                    *centre,
                    theme::cluster_radius_px(cluster.count) + 2.0,
                    theme::FOCUS_COLOUR,
                );
            }
            let response = cluster_badge(ui, &painter, cluster, *centre, clicks_select, language);
            if response.clicked() {
                commands.push(Command::View(ViewCommand::ZoomToExtent(cluster.extent)));
            }
            if response.secondary_clicked() {
                right_clicked_at = response.interact_pointer_pos();
            }
        }

        // Symbols: one accessible, clickable widget each.
        let mut selected_label: Option<(Pos2, &Facility)> = None;
        let mut clicked: Option<&Facility> = None;
        for symbol in &symbols {
            let index = symbol.index;
            let centre = symbol.centre;
            let (Some(facility), Some(prepared)) =
                (catalog.facilities().get(index), prepared.get(index))
            else {
                continue;
            };
            if !clip
                .expand(theme::MARKER_RADIUS_HIGHLIGHT_PX)
                .contains(centre)
            {
                continue;
            }
            if let Some(true_centre) = symbol.true_centre {
                painter.line_segment(
                    [true_centre, centre],
                    Stroke::new(1.5, Color32::from_black_alpha(140)),
                );
                painter.circle_filled(true_centre, 3.0, Color32::from_black_alpha(160));
            }
            let base_radius = if matches!(prepared.shape, PreparedShape::Point) {
                theme::MARKER_RADIUS_PX
            } else {
                theme::ANCHOR_RADIUS_PX
            };
            let rect = Rect::from_center_size(centre, Vec2::splat(base_radius * 2.4));
            let id = ui
                .scope_id()
                .with(("facility-marker", facility.id.as_str()));
            let sense = if clicks_select {
                Sense::click()
            } else {
                Sense::hover()
            };
            let marker = ui.interact(rect, id, sense);
            marker.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    true,
                    i18n::facility_name(language, &facility.name_zh, &facility.name_en),
                )
            });
            let is_selected = selected == Some(index);
            let radius = if marker.hovered() || is_selected {
                theme::MARKER_RADIUS_HIGHLIGHT_PX.max(base_radius)
            } else {
                base_radius
            };
            if is_selected {
                paint_halo(&painter, centre, radius, theme::SELECTION_COLOUR);
                selected_label = Some((centre, facility));
            } else if is_focused(facility) {
                paint_halo(&painter, centre, radius, theme::FOCUS_COLOUR);
            }
            paint_symbol(&painter, centre, radius, facility.category);
            let is_closed = closed.contains(&index);
            if is_closed {
                // Greyed: closed at the chosen moment (the tooltip says why).
                painter.circle_filled(centre, radius + 1.0, theme::CLOSED_VEIL);
            }
            if marker.clicked() {
                clicked = Some(facility);
            }
            if marker.secondary_clicked() {
                right_clicked_at = marker.interact_pointer_pos();
            }
            marker
                .on_hover_cursor(CursorIcon::PointingHand)
                .on_hover_ui(|ui| {
                    let availability = availability_at(schedules, index, moment);
                    facility_tooltip(ui, facility, &availability, language);
                });
        }
        if let Some(reference) = reference_point {
            paint_reference_pin(&painter, transform.position(reference.0, datum));
        }
        if response.secondary_clicked() {
            right_clicked_at = response.interact_pointer_pos();
        }
        if let Some(pointer) = right_clicked_at {
            let display = projector.unproject(pointer.to_vec2());
            commands.push(Command::View(ViewCommand::SetReferencePoint(geo::Point(
                datum.to_wgs84(display.0),
            ))));
        }
        if let Some(facility) = clicked {
            commands.push(Command::View(ViewCommand::Select(
                facility.id.clone(),
                SelectionOrigin::Map,
            )));
        }
        if let Some((centre, facility)) = selected_label {
            paint_label(
                &painter,
                centre + Vec2::new(0.0, theme::MARKER_RADIUS_HIGHLIGHT_PX + 4.0),
                i18n::data_pair(language, &facility.name_zh, &facility.name_en).0,
            );
        }

        // Areas and lines are hit-tested in screen space.
        let project = |c: Coord<f64>| {
            let p = transform.position(c, datum);
            Coord {
                x: f64::from(p.x),
                y: f64::from(p.y),
            }
        };
        let tolerance = HitTolerance {
            marker_radius_px: f64::from(theme::MARKER_RADIUS_PX),
            line_px: f64::from(theme::LINE_HIT_TOLERANCE_PX),
        };
        let candidates =
            || visible_shapes(catalog, prepared, filter, shape_indices).map(|(i, f, _)| (i, f));
        let hit_at = |pos: Pos2| {
            hit_test(
                candidates(),
                project,
                Coord {
                    x: f64::from(pos.x),
                    y: f64::from(pos.y),
                },
                tolerance,
            )
            .and_then(|i| catalog.facilities().get(i).map(|f| (i, f)))
        };
        if !clicks_select {
            return;
        }
        if response.clicked() {
            let hit = response.interact_pointer_pos().and_then(hit_at);
            commands.push(match hit {
                Some((_, facility)) => Command::View(ViewCommand::Select(
                    facility.id.clone(),
                    SelectionOrigin::Map,
                )),
                None => Command::View(ViewCommand::ClearSelection),
            });
        } else if let Some((index, hovered)) = response
            .hover_pos()
            .filter(|_| !response.dragged())
            .and_then(hit_at)
        {
            ui.set_cursor_icon(CursorIcon::PointingHand);
            response.clone().on_hover_ui_at_pointer(|ui| {
                let availability = availability_at(schedules, index, moment);
                facility_tooltip(ui, hovered, &availability, language);
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

/// A cluster badge: a disc in the dominant category's colour with the count, an accessible
/// button ("12 facilities: …" in the interface language) whose tooltip lists the categories.
fn cluster_badge(
    ui: &mut Ui,
    painter: &egui::Painter,
    cluster: &ClusterSummary,
    centre: Pos2,
    clickable: bool,
    lang: Language,
) -> Response {
    let radius = theme::cluster_radius_px(cluster.count);
    let rect = Rect::from_center_size(centre, Vec2::splat(2.0 * radius));
    let id = ui.scope_id().with(("cluster", cluster.id));
    let sense = if clickable {
        Sense::click()
    } else {
        Sense::hover()
    };
    let response = ui.interact(rect, id, sense);
    let breakdown: Vec<String> = Category::ALL
        .into_iter()
        .zip(cluster.counts_by_category)
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| i18n::category_count(lang, c, n))
        .collect();
    let label = i18n::cluster_label(lang, cluster.count, &breakdown);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, label.clone()));
    let colour = theme::category_style(cluster.dominant_category).colour;
    let hovered = response.hovered();
    painter.circle(
        centre,
        radius + if hovered { 2.0 } else { 0.0 },
        colour,
        Stroke::new(3.0, Color32::from_white_alpha(220)),
    );
    painter.circle_stroke(
        centre,
        radius + 4.0,
        Stroke::new(4.0, colour.gamma_multiply(0.35)),
    );
    painter.text(
        centre,
        Align2::CENTER_CENTER,
        cluster.count.to_string(),
        FontId::proportional(if cluster.count >= 1000 { 11.0 } else { 13.0 }),
        Color32::WHITE,
    );
    response
        .on_hover_cursor(CursorIcon::ZoomIn)
        .on_hover_ui(|ui| {
            ui.strong(i18n::cluster_heading(lang, cluster.count));
            for line in &breakdown {
                ui.label(line);
            }
            ui.label(Text::ClickToZoomIn.tr(lang));
        })
}

/// A pin marking the "nearby" reference point.
fn paint_reference_pin(painter: &egui::Painter, tip: Pos2) {
    let head = tip - Vec2::new(0.0, 22.0);
    painter.line_segment(
        [tip, head],
        Stroke::new(3.0, Color32::from_black_alpha(150)),
    );
    painter.circle(
        head,
        8.0,
        theme::REFERENCE_PIN,
        Stroke::new(2.0, Color32::WHITE),
    );
    painter.circle_filled(tip, 3.0, theme::REFERENCE_PIN);
}

fn outline_stroke(selected: bool, focused: bool, colour: Color32) -> Stroke {
    if selected {
        Stroke::new(theme::LINE_WIDTH_SELECTED_PX, theme::SELECTION_COLOUR)
    } else if focused {
        Stroke::new(theme::LINE_WIDTH_SELECTED_PX, theme::FOCUS_COLOUR)
    } else {
        Stroke::new(2.0, colour)
    }
}

/// The hover tooltip: name, category and how reliable the position is.
fn facility_tooltip(ui: &mut Ui, facility: &Facility, availability: &Availability, lang: Language) {
    let (name, other_name) = i18n::data_pair(lang, &facility.name_zh, &facility.name_en);
    ui.strong(name);
    if let Some(other_name) = other_name {
        ui.label(other_name);
    }
    ui.label(lang.join(
        facility.category.name_zh(),
        facility.category.name_en(),
        " · ",
    ));
    ui.colored_label(
        theme::WARNING_TEXT,
        i18n::field(
            lang,
            Text::Position,
            i18n::precision_label(facility.provenance.precision).tr(lang),
        ),
    );
    if !matches!(availability, Availability::Unknown) {
        ui.label(i18n::availability_text(availability, lang));
    }
}

fn paint_label(painter: &egui::Painter, top_centre: Pos2, text: &str) {
    let font = FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text.to_owned(), font, Color32::BLACK);
    let rect = Align2::CENTER_TOP
        .anchor_size(top_centre, galley.size())
        .expand(3.0);
    painter.rect_filled(rect, 4.0, Color32::from_white_alpha(230));
    painter.galley(rect.min + Vec2::splat(3.0), galley, Color32::BLACK);
}
