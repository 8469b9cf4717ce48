//! The "nearby" card: for the point the user right-clicked (or the map centre), the nearest
//! facility of each category with distance and walking time, and whether the point is inside
//! a fruit-vendor area.

use egui::{RichText, Sense, Ui, Vec2};
use geo::Point;

use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::Catalog;
use crate::model::index::nearest::Nearest;
use crate::theme;
use crate::theme::symbols::paint_symbol;

/// Closer than this, a facility is "here" rather than "0 m · 1 min walk".
const HERE_WITHIN_M: f64 = 15.0;

/// "350 m · 步行约 5 分钟 · 5 min walk", kilometres beyond 1 km, "here" within a few metres.
pub fn distance_text(nearest: &Nearest, lang: Language) -> String {
    if nearest.distance_m < HERE_WITHIN_M {
        return Text::RightHere.tr(lang).to_owned();
    }
    let minutes = nearest.walking_minutes();
    let distance = if nearest.distance_m < 1000.0 {
        format!("{:.0} m", nearest.distance_m)
    } else {
        format!("{:.1} km", nearest.distance_m / 1000.0)
    };
    i18n::walking(lang, &distance, minutes)
}

/// Draws the card's contents.
pub fn show(
    ui: &mut Ui,
    catalog: &Catalog,
    reference: Point<f64>,
    nearest: &[Nearest],
    vendor_area: Option<usize>,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let position = format!("{:.5}° E, {:.5}° N", reference.x(), reference.y());
    ui.label(RichText::new(i18n::field(lang, Text::Reference, &position)).small());
    let area_answer = match vendor_area.and_then(|i| catalog.facilities().get(i)) {
        Some(area) => i18n::inside_area(lang, &area.name_zh, &area.name_en),
        None => Text::NotInVendorArea.tr(lang).to_owned(),
    };
    ui.label(RichText::new(area_answer).strong());
    ui.colored_label(
        theme::WARNING_TEXT,
        RichText::new(Text::StraightLineNote.tr(lang)).small(),
    );
    ui.separator();
    for row in nearest {
        let Some(facility) = catalog.facilities().get(row.index) else {
            continue;
        };
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(20.0), Sense::hover());
            paint_symbol(
                ui.painter(),
                rect.center(),
                theme::LEGEND_SYMBOL_RADIUS_PX,
                row.category,
            );
            ui.vertical(|ui| {
                let name = i18n::data_pair(lang, &facility.name_zh, &facility.name_en).0;
                if ui.link(name).clicked() {
                    commands.push(Command::View(ViewCommand::Select(
                        facility.id.clone(),
                        SelectionOrigin::List,
                    )));
                }
                // Normal size: distances are what this card is read for.
                ui.label(distance_text(row, lang));
            });
        });
    }
}

/// What the "nearby" card answers.
pub struct NearbyAnswer<'a> {
    /// The reference point (WGS84).
    pub point: Point<f64>,
    /// The nearest facility of each category.
    pub nearest: &'a [Nearest],
    /// The fruit-vendor area the point lies in (catalog index), if any.
    pub vendor_area: Option<usize>,
}

/// Draws the answer in the sheet.
pub fn sheet(
    ui: &mut Ui,
    catalog: &Catalog,
    answer: &NearbyAnswer<'_>,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical()
        .id_salt("nearby-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            show(
                ui,
                catalog,
                answer.point,
                answer.nearest,
                answer.vendor_area,
                lang,
                commands,
            );
        });
}
