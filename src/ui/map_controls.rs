//! The map-control buttons floating over the map's top-left corner: zoom in and out, fit the
//! district, "what is nearby here" and fit every facility.

use egui::{Frame, Vec2};

use crate::command::{Command, ViewCommand};
use crate::i18n::{Language, Text};

/// Draws the buttons over the top-left corner of `map_rect`.
pub fn show(
    ctx: &egui::Context,
    map_rect: egui::Rect,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    egui::Area::new(egui::Id::unique("map-controls"))
        .fixed_pos(map_rect.left_top() + Vec2::new(10.0, 10.0))
        .show(ctx, |ui| {
            Frame::popup(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    for (label, hint, command) in [
                        (
                            Text::ZoomIn,
                            Text::ZoomInHint,
                            Command::View(ViewCommand::ZoomIn),
                        ),
                        (
                            Text::ZoomOut,
                            Text::ZoomOutHint,
                            Command::View(ViewCommand::ZoomOut),
                        ),
                        (
                            Text::District,
                            Text::DistrictHint,
                            Command::View(ViewCommand::ZoomToDistrict),
                        ),
                        (
                            Text::NearbyHere,
                            Text::NearbyHint,
                            Command::View(ViewCommand::ReferenceAtMapCentre),
                        ),
                        (
                            Text::Facilities,
                            Text::FacilitiesHint,
                            Command::View(ViewCommand::ZoomToFacilities),
                        ),
                    ] {
                        if ui
                            .button(label.tr(lang))
                            .on_hover_text(hint.tr(lang))
                            .clicked()
                        {
                            commands.push(command);
                        }
                    }
                });
            });
        });
}
