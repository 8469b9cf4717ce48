//! The legend, which is also the filter: one checkbox per category with its symbol and count,
//! grouped into services and public works, with "all" and "none".

use egui::{Sense, Ui, Vec2};

use crate::command::{Command, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::{Catalog, Category, CategoryFilter};
use crate::theme;
use crate::theme::symbols::paint_symbol;

/// Draws the legend and pushes filter commands. `shown_count` is how many facilities the map
/// shows (the categories' filter and, when it is on, the open-now filter).
pub fn show(
    ui: &mut Ui,
    catalog: &Catalog,
    filter: &CategoryFilter,
    shown_count: usize,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    super::heading(ui, Text::LegendHeading, lang);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!filter.shows_all(), egui::Button::new(Text::All.tr(lang)))
            .clicked()
        {
            commands.push(Command::View(ViewCommand::ShowAllCategories));
        }
        if ui
            .add_enabled(!filter.shows_none(), egui::Button::new(Text::None.tr(lang)))
            .clicked()
        {
            commands.push(Command::View(ViewCommand::HideAllCategories));
        }
    });
    ui.add_space(4.0);
    for (heading, public_works) in [(Text::Services, false), (Text::PublicWorks, true)] {
        ui.label(egui::RichText::new(heading.tr(lang)).small().weak());
        for category in Category::ALL
            .into_iter()
            .filter(|c| c.is_public_works() == public_works)
        {
            category_row(ui, catalog, filter, category, lang, commands);
        }
        ui.add_space(4.0);
    }
    ui.label(egui::RichText::new(Text::Basemap.tr(lang)).small().weak());
    basemap_row(
        ui,
        egui::Stroke::new(theme::HOME_OUTLINE_WIDTH_PX, theme::BASEMAP_HOME_OUTLINE),
        Text::DistrictBoundaryLegend.tr(lang),
    );
    basemap_row(
        ui,
        egui::Stroke::new(theme::RIVER_WIDTH_PX + 0.5, theme::BASEMAP_RIVER),
        Text::RiversLegend.tr(lang),
    );
    ui.add_space(4.0);
    ui.label(i18n::shown_count(lang, shown_count, catalog.len()));
}

/// What the hours filter shows.
pub struct HoursFilter<'a> {
    /// Whether only open facilities are shown.
    pub open_now_only: bool,
    /// How many facilities are closed at the moment.
    pub closed_count: usize,
    /// Whether the moment is now (not a chosen date).
    pub as_of_is_now: bool,
    /// The moment as typed (`YYYY-MM-DD HH:MM`), edited in place.
    pub as_of_text: &'a mut String,
    /// The interface language.
    pub language: Language,
    /// The moment in force, as the field shows it when nobody typed.
    pub in_force_text: &'a str,
}

/// The "open now" filter and the moment hours are evaluated at.
pub fn hours_filter(ui: &mut Ui, filter: HoursFilter<'_>, commands: &mut Vec<Command>) {
    let lang = filter.language;
    ui.horizontal(|ui| {
        let mut open_only = filter.open_now_only;
        if ui
            .checkbox(&mut open_only, Text::OpenNowOnly.tr(lang))
            .changed()
        {
            commands.push(Command::View(ViewCommand::SetOpenNowOnly(open_only)));
        }
        if filter.closed_count > 0 {
            ui.label(
                egui::RichText::new(i18n::closed_count(lang, filter.closed_count))
                    .small()
                    .weak(),
            );
        }
    });
    // The button goes to the next line in a narrow panel rather than being cut off.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(Text::AsOf.tr(lang));
        let response = ui
            .add(egui::TextEdit::singleline(filter.as_of_text).desired_width(120.0))
            .labelled_by(label.id)
            .on_hover_text(Text::AsOfHint.tr(lang));
        // Tabbing through the field without typing leaves "now" running.
        if response.lost_focus() && filter.as_of_text.trim() != filter.in_force_text {
            match chrono::NaiveDateTime::parse_from_str(
                filter.as_of_text.trim(),
                crate::model::time::AS_OF_FORMAT,
            ) {
                Ok(moment) => commands.push(Command::View(ViewCommand::SetAsOf(Some(moment)))),
                // Unreadable: back to what is in force.
                Err(_) => commands.push(Command::View(ViewCommand::SetAsOf(None))),
            }
        }
        let now_label = if filter.as_of_is_now {
            Text::Now.tr(lang)
        } else {
            Text::BackToNow.tr(lang)
        };
        if ui
            .add_enabled(!filter.as_of_is_now, egui::Button::new(now_label))
            .clicked()
        {
            commands.push(Command::View(ViewCommand::SetAsOf(None)));
        }
    });
}

fn category_row(
    ui: &mut Ui,
    catalog: &Catalog,
    filter: &CategoryFilter,
    category: Category,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let size = Vec2::splat(theme::LEGEND_SYMBOL_RADIUS_PX * 2.6);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        paint_symbol(
            ui.painter(),
            rect.center(),
            theme::LEGEND_SYMBOL_RADIUS_PX,
            category,
        );
        let mut visible = filter.is_visible(category);
        let label = i18n::checkbox_label(category, catalog.count(category), lang);
        if ui.checkbox(&mut visible, label).changed() {
            commands.push(Command::View(ViewCommand::SetCategoryVisible(
                category, visible,
            )));
        }
    });
}

fn basemap_row(ui: &mut Ui, stroke: egui::Stroke, label: &str) {
    ui.horizontal(|ui| {
        let size = Vec2::new(theme::LEGEND_SYMBOL_RADIUS_PX * 2.6, 12.0);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        ui.painter()
            .line_segment([rect.left_center(), rect.right_center()], stroke);
        ui.label(egui::RichText::new(label).small());
    });
}
