//! The facility layer's painting helpers: cluster badges, the reference pin, outlines, the
//! selection's label and the hover tooltip.

use egui::{
    Align2, Color32, CursorIcon, FontId, Pos2, Rect, Response, Role, Sense, Stroke, Ui, Vec2,
    WidgetInfo,
};

use crate::i18n::{self, Language, Text};
use crate::model::hours::Availability;
use crate::model::index::cluster::ClusterSummary;
use crate::model::{Category, Facility};
use crate::theme;

/// A cluster badge: a disc in the dominant category's colour with the count, an accessible
/// button ("12 facilities: …" in the interface language) whose tooltip lists the categories.
pub(super) fn cluster_badge(
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
pub(super) fn paint_reference_pin(painter: &egui::Painter, tip: Pos2) {
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

pub(super) fn outline_stroke(selected: bool, focused: bool, colour: Color32) -> Stroke {
    if selected {
        Stroke::new(theme::LINE_WIDTH_SELECTED_PX, theme::SELECTION_COLOUR)
    } else if focused {
        Stroke::new(theme::LINE_WIDTH_SELECTED_PX, theme::FOCUS_COLOUR)
    } else {
        Stroke::new(2.0, colour)
    }
}

/// The hover tooltip: name, category and how reliable the position is.
pub(super) fn facility_tooltip(
    ui: &mut Ui,
    facility: &Facility,
    availability: &Availability,
    moment: chrono::NaiveDateTime,
    lang: Language,
) {
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
        ui.label(i18n::availability_text_at(
            availability,
            Some(&moment),
            lang,
        ));
    }
}

pub(super) fn paint_label(painter: &egui::Painter, top_centre: Pos2, text: &str) {
    let font = FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text.to_owned(), font, Color32::BLACK);
    let rect = Align2::CENTER_TOP
        .anchor_size(top_centre, galley.size())
        .expand(3.0);
    painter.rect_filled(rect, 4.0, Color32::from_white_alpha(230));
    painter.galley(rect.min + Vec2::splat(3.0), galley, Color32::BLACK);
}
