//! The poster overlay drawn over the map while it is exported as a PNG (for notice boards and
//! WeChat posts): a title box with the date and the honesty note, and a legend of the shown
//! categories with their symbols and counts. Map controls and cards are hidden meanwhile.

use egui::{Align2, Frame, Rect, RichText, Sense, Ui, Vec2};

use crate::i18n::{self, Language, Text};
use crate::model::{Catalog, Category, CategoryFilter};
use crate::theme;
use crate::theme::symbols::paint_symbol;

/// What the overlay shows.
pub struct Poster<'a> {
    /// The facilities (for counts).
    pub catalog: &'a Catalog,
    /// Which categories are on the map.
    pub filter: &'a CategoryFilter,
    /// How many facilities of each category the map shows, in `Category::ALL` order.
    pub shown_per_category: &'a [usize],
    /// The date line, e.g. `2026-11-25 · hours as of … · Data: …`.
    pub subtitle: &'a str,
    /// The interface language.
    pub language: Language,
}

/// Title of the exported poster.
pub const POSTER_TITLE: &str = Text::PosterTitle.both();

/// Draws the title and the legend over `map_rect`.
pub fn show(ui: &Ui, map_rect: Rect, poster: &Poster<'_>) {
    egui::Area::new(egui::Id::unique("poster-title"))
        .order(egui::Order::Foreground)
        .fixed_pos(map_rect.left_top() + Vec2::new(12.0, 12.0))
        .show(ui.ctx(), |ui| {
            Frame::popup(ui.style()).inner_margin(10.0).show(ui, |ui| {
                ui.label(
                    RichText::new(Text::PosterTitle.tr(poster.language))
                        .strong()
                        .size(20.0),
                );
                ui.label(RichText::new(poster.subtitle).weak());
                ui.colored_label(theme::WARNING_TEXT, Text::PosterNote.tr(poster.language));
            });
        });
    egui::Area::new(egui::Id::unique("poster-legend"))
        .order(egui::Order::Foreground)
        .pivot(Align2::RIGHT_BOTTOM)
        // Above the attribution line, clear of the title at the top left.
        .fixed_pos(map_rect.right_bottom() + Vec2::new(-12.0, -44.0))
        .show(ui.ctx(), |ui| {
            Frame::popup(ui.style()).inner_margin(10.0).show(ui, |ui| {
                ui.label(RichText::new(Text::PosterLegend.tr(poster.language)).strong());
                let shown = |c: Category| {
                    poster
                        .shown_per_category
                        .get(c.index())
                        .copied()
                        .unwrap_or(0)
                };
                for category in Category::ALL
                    .into_iter()
                    .filter(|&c| poster.filter.is_visible(c) && shown(c) > 0)
                {
                    ui.horizontal(|ui| {
                        let size = Vec2::splat(theme::LEGEND_SYMBOL_RADIUS_PX * 2.6);
                        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
                        paint_symbol(
                            ui.painter(),
                            rect.center(),
                            theme::LEGEND_SYMBOL_RADIUS_PX,
                            category,
                        );
                        ui.label(format!(
                            "{} ({})",
                            i18n::category_name(category, poster.language),
                            shown(category)
                        ));
                    });
                }
            });
        });
}
