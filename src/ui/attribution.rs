//! The attribution box in the map's bottom-right corner: the basemap's credit (a link where it
//! has one), the boundaries' source and, for online basemaps, the tile status line.

use egui::{Align2, Frame, Vec2};

use crate::i18n::{self, Language, Text};
use crate::map::providers::{self, TileSettings};
use crate::model::basemap::Basemap;

/// What the attribution box shows.
pub struct Attribution<'a> {
    /// The basemap drawn.
    pub basemap: Basemap,
    /// Its provider settings (the PMTiles file names its own attribution).
    pub tile_settings: &'a TileSettings,
    /// Tiles being downloaded now.
    pub tiles_in_progress: usize,
    /// Tile downloads that failed so far.
    pub tile_failures: usize,
    /// The interface language.
    pub language: Language,
}

/// The tile status line: loading and failures, and what the user sees meanwhile.
pub fn tile_status_text(in_progress: usize, failures: usize, lang: Language) -> String {
    i18n::tile_status(lang, in_progress, failures)
}

/// Draws the box over the bottom-right corner of `map_rect`.
pub fn show(ui: &egui::Ui, map_rect: egui::Rect, shown: &Attribution<'_>) {
    let attribution = providers::attribution(shown.basemap, shown.tile_settings);
    let lang = shown.language;
    let status = shown
        .basemap
        .is_online()
        .then(|| tile_status_text(shown.tiles_in_progress, shown.tile_failures, lang));
    egui::Area::new(egui::Id::unique("attribution"))
        .fixed_pos(map_rect.right_bottom() - Vec2::new(6.0, 6.0))
        .pivot(Align2::RIGHT_BOTTOM)
        .show(ui.ctx(), |ui| {
            Frame::popup(ui.style()).inner_margin(4.0).show(ui, |ui| {
                if let Some(status) = status {
                    ui.label(egui::RichText::new(status).small().weak());
                }
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    if let Some(attribution) = attribution {
                        if attribution.url.is_empty() {
                            ui.label(attribution.text);
                        } else {
                            ui.hyperlink_to(attribution.text, attribution.url);
                        }
                        ui.label("·");
                    }
                    ui.label(egui::RichText::new(Text::BoundariesAttribution.tr(lang)).small());
                });
            });
        });
}
