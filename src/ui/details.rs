//! The details card: everything known about the selected facility (or the group an article
//! mention points at), including where it comes from and how reliable its position is.

use egui::{RichText, Sense, Ui, Vec2};
use geo::{Geodesic, GeodesicArea, Length};

use crate::command::{Command, SelectionOrigin};
use crate::map::symbols::paint_symbol;
use crate::model::hours::Availability;
use crate::model::{Catalog, Facility, FacilityGeometry, Precision};
use crate::theme;

/// Label of the "what is near this facility" button.
pub const NEARBY_FROM_HERE_LABEL: &str = "附近设施 Nearby from here";

/// Title of the card window (also its accessible name).
pub const CARD_TITLE: &str = "详情 Details";

/// Draws the card for one facility.
pub fn facility_card(
    ui: &mut Ui,
    facility: &Facility,
    availability: &Availability,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(30.0), Sense::hover());
        paint_symbol(ui.painter(), rect.center(), 12.0, facility.category);
        ui.vertical(|ui| {
            ui.label(RichText::new(&facility.name_zh).heading());
            ui.label(&facility.name_en);
        });
    });
    ui.label(
        RichText::new(format!(
            "{} · {}",
            facility.category.name_zh(),
            facility.category.name_en()
        ))
        .strong(),
    );
    ui.separator();
    if !facility.description_zh.is_empty() {
        ui.label(&facility.description_zh);
    }
    if !facility.description_en.is_empty() {
        ui.label(RichText::new(&facility.description_en).weak());
    }
    egui::Grid::new("facility-facts")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            if !facility.address_zh.is_empty() {
                ui.label("地址 Address");
                ui.label(&facility.address_zh);
                ui.end_row();
            }
            if !facility.hours.is_empty() {
                ui.label("时间 Hours");
                ui.vertical(|ui| {
                    ui.label(&facility.hours);
                    if !facility.hours_source.is_empty() {
                        ui.colored_label(
                            theme::WARNING_TEXT,
                            RichText::new(&facility.hours_source).small(),
                        );
                    }
                });
                ui.end_row();
            }
            if !facility.valid_from.is_empty() || !facility.valid_until.is_empty() {
                ui.label("季节 Season");
                ui.label(format!(
                    "{} 至 to {}",
                    or_open(&facility.valid_from),
                    or_open(&facility.valid_until)
                ));
                ui.end_row();
            }
            if !matches!(availability, Availability::Unknown) || !facility.hours.is_empty() {
                ui.label("状态 Status");
                let colour = match availability {
                    Availability::Closed(_) => theme::ERROR_TEXT,
                    Availability::Open { .. } => theme::SUCCESS_TEXT,
                    Availability::Unknown => ui.visuals().weak_text_color(),
                };
                ui.colored_label(colour, availability.text());
                ui.end_row();
            }
            ui.label("坐标 Coordinates");
            ui.label(coordinates_text(&facility.geometry));
            ui.end_row();
            if let Some(size) = size_text(&facility.geometry) {
                ui.label("尺寸 Size");
                ui.label(size);
                ui.end_row();
            }
            if !facility.notes.is_empty() {
                ui.label("备注 Notes");
                ui.label(&facility.notes);
                ui.end_row();
            }
        });
    ui.separator();
    provenance_section(ui, facility, commands);
}

fn provenance_section(ui: &mut Ui, facility: &Facility, commands: &mut Vec<Command>) {
    let provenance = &facility.provenance;
    ui.label(RichText::new("来源与位置可信度 Provenance").strong());
    let (background, text) = match provenance.precision {
        Precision::Surveyed => (ui.visuals().faint_bg_color, ui.visuals().text_color()),
        Precision::Approximate | Precision::Illustrative => {
            (theme::WARNING_BACKGROUND, theme::WARNING_TEXT)
        }
    };
    egui::Frame::new()
        .fill(background)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.colored_label(
                text,
                RichText::new(format!(
                    "位置精度 Precision: {}",
                    provenance.precision.label()
                ))
                .strong(),
            );
            ui.colored_label(text, provenance.precision.explanation());
        });
    if !provenance.method.is_empty() {
        ui.label(format!("定位方法 How placed: {}", provenance.method));
    }
    if !provenance.source_quote.is_empty() {
        ui.label("原文 Source quote:");
        ui.label(RichText::new(format!("“{}”", provenance.source_quote)).italics());
    }
    if !provenance.source_ref.is_empty() {
        ui.label(RichText::new(&provenance.source_ref).small().weak());
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(mention) = &facility.article_mention
            && ui.button("在文章中查看 Show in article").clicked()
        {
            commands.push(Command::ShowInArticle(mention.clone()));
        }
        if ui
            .button(NEARBY_FROM_HERE_LABEL)
            .on_hover_text("列出此处附近每类最近的设施 The nearest facility of each kind from here")
            .clicked()
        {
            commands.push(Command::SetReferencePoint(facility.geometry.anchor()));
        }
    });
}

fn or_open(date: &str) -> &str {
    if date.trim().is_empty() { "…" } else { date }
}

/// Coordinates of the facility's anchor, WGS84, 5 decimals (about 1 m).
pub fn coordinates_text(geometry: &FacilityGeometry) -> String {
    let anchor = geometry.anchor();
    let place = match geometry {
        FacilityGeometry::Point(_) => "",
        FacilityGeometry::Line(_) => " (线中点 line midpoint)",
        FacilityGeometry::Area(_) => " (区内点 inside area)",
    };
    format!("{:.5}° E, {:.5}° N{place}\nWGS84", anchor.x(), anchor.y())
}

/// Length of a line or area of a polygon on the ellipsoid, for the card.
pub fn size_text(geometry: &FacilityGeometry) -> Option<String> {
    match geometry {
        FacilityGeometry::Point(_) => None,
        FacilityGeometry::Line(line) => {
            let metres = Geodesic.length(line);
            Some(format!("长约 {metres:.0} 米 · about {metres:.0} m long"))
        }
        FacilityGeometry::Area(polygon) => {
            let square_metres = polygon.geodesic_area_unsigned();
            Some(format!(
                "面积约 {square_metres:.0} 平方米 · about {square_metres:.0} m²"
            ))
        }
    }
}

/// Draws the card for an article mention linked to several facilities.
pub fn mention_card(ui: &mut Ui, catalog: &Catalog, mention: &str, commands: &mut Vec<Command>) {
    let facilities: Vec<&Facility> = catalog.with_mention(mention).collect();
    ui.label(RichText::new(format!("“{mention}”")).heading());
    if let Some(first) = facilities.first() {
        ui.label(format!(
            "{} · {} — {} 处 / {} on the map",
            first.category.name_zh(),
            first.category.name_en(),
            facilities.len(),
            facilities.len()
        ));
    }
    let illustrative = facilities
        .iter()
        .filter(|f| f.provenance.precision != Precision::Surveyed)
        .count();
    if illustrative > 0 {
        ui.colored_label(
            theme::WARNING_TEXT,
            format!(
                "其中 {illustrative} 处位置未经实测。{illustrative} of them have unsurveyed positions."
            ),
        );
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("mention-members")
        .max_height(220.0)
        .show(ui, |ui| {
            for facility in facilities {
                if ui.link(&facility.name_zh).clicked() {
                    commands.push(Command::Select(
                        facility.id.clone(),
                        SelectionOrigin::Article,
                    ));
                }
            }
        });
}
