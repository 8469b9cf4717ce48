//! The facility list beside the map: the visible facilities, sortable by type or name; only
//! the rows on screen are laid out. Clicking a row selects the facility and pans the map.

use egui::{Align2, FontId, Rect, Role, Sense, TextStyle, Ui, Vec2, WidgetInfo};

use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::{Catalog, SortKey};
use crate::theme;
use crate::theme::symbols::paint_symbol;

/// Height of one list row.
pub const ROW_HEIGHT_PX: f32 = 40.0;

/// What the list needs for one frame.
pub struct ListView<'a> {
    /// The facilities.
    pub catalog: &'a Catalog,
    /// Visible facility indices in list order.
    pub order: &'a [usize],
    /// Current sort key.
    pub sort_key: SortKey,
    /// Whether the order is reversed.
    pub descending: bool,
    /// Selected facility index.
    pub selected: Option<usize>,
    /// Row under the keyboard cursor (position in `order`).
    pub cursor: Option<usize>,
    /// Facilities closed at the chosen moment (greyed).
    pub closed: &'a std::collections::HashSet<usize>,
    /// When set, scroll so this row is visible (position in `order`).
    pub scroll_to_row: Option<usize>,
    /// The search box's text, edited in place; changes are pushed as [`ViewCommand::Search`].
    pub search_text: &'a mut String,
    /// The interface language.
    pub language: Language,
    /// The data is still being read (an empty list is not the filter's doing).
    pub reading: bool,
    /// The data could not be read (its message is shown above the map).
    pub load_failed: bool,
}

/// Draws the list and pushes commands.
pub fn show(ui: &mut Ui, view: ListView<'_>, commands: &mut Vec<Command>) {
    let lang = view.language;
    let searching = !view.search_text.trim().is_empty();
    ui.horizontal(|ui| {
        let (heading, beside) = i18n::list_heading(lang, searching, view.order.len());
        ui.heading(heading);
        if let Some(beside) = beside {
            ui.label(beside);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label(Text::Search.tr(lang));
        let edit = egui::TextEdit::singleline(view.search_text)
            .hint_text(Text::SearchHint.tr(lang))
            .desired_width(f32::INFINITY);
        let response = ui.add(edit).labelled_by(label.id);
        // Ctrl+F jumps to the search box, as in browsers and most map apps.
        let find = crate::command::UiCommand::Find.shortcut();
        if ui.input_mut(|i| i.consume_shortcut(&find)) {
            response.request_focus();
        }
        if response.changed() {
            commands.push(Command::View(ViewCommand::Search(view.search_text.clone())));
        }
        if response.has_focus() {
            if ui.input(|i| i.key_pressed(egui::Key::ArrowDown)) {
                commands.push(Command::View(ViewCommand::MoveListCursor(1)));
            }
            if ui.input(|i| i.key_pressed(egui::Key::ArrowUp)) {
                commands.push(Command::View(ViewCommand::MoveListCursor(-1)));
            }
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            commands.push(Command::View(ViewCommand::ActivateListCursor));
        }
    });
    ui.horizontal(|ui| {
        ui.label(i18n::label_colon(lang, Text::Sort));
        for (key, text) in [
            (SortKey::Category, Text::SortType),
            (SortKey::Name, Text::SortName),
        ] {
            let direction = match (view.sort_key == key, view.descending) {
                (true, false) => Some(Text::Ascending),
                (true, true) => Some(Text::Descending),
                (false, _) => None,
            };
            if ui
                .add(egui::Button::selectable(
                    view.sort_key == key,
                    i18n::sort_button(lang, text, direction),
                ))
                .clicked()
            {
                commands.push(Command::View(ViewCommand::SortList(key)));
            }
        }
    });
    if view.order.is_empty() {
        if view.reading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak(Text::ReadingData.tr(lang));
            });
        } else if view.load_failed {
            ui.weak(Text::DataNotRead.tr(lang));
        } else if view.catalog.is_empty() {
            ui.weak(Text::NoFacilitiesYet.tr(lang));
        } else if searching {
            ui.weak(Text::NothingFound.tr(lang));
        } else {
            ui.weak(Text::NoFacilitiesShown.tr(lang));
        }
        return;
    }
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("facility-list")
        .auto_shrink([false, false]);
    if let Some(row) = view.scroll_to_row {
        let spacing = ui.spacing().item_spacing.y;
        let visible_height = ui.available_height();
        let offset = (row as f32) * (ROW_HEIGHT_PX + spacing) - visible_height / 2.0;
        scroll = scroll.vertical_scroll_offset(offset.max(0.0));
    }
    scroll.show_rows(ui, ROW_HEIGHT_PX, view.order.len(), |ui, rows| {
        let first_row = rows.start;
        for (offset, &index) in view.order.get(rows).unwrap_or_default().iter().enumerate() {
            let under_cursor = view.cursor == Some(first_row + offset);
            let Some(facility) = view.catalog.facilities().get(index) else {
                continue;
            };
            let selected = view.selected == Some(index);
            let width = ui.available_width();
            let (rect, response) =
                ui.allocate_exact_size(Vec2::new(width, ROW_HEIGHT_PX), Sense::click());
            response.widget_info(|| {
                WidgetInfo::selected(
                    Role::ListItem,
                    true,
                    selected,
                    i18n::facility_name(lang, &facility.name_zh, &facility.name_en),
                )
            });
            if ui.is_rect_visible(rect) {
                let visuals = ui.style().interact_selectable(&response, selected);
                if selected || response.hovered() {
                    ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
                }
                if under_cursor {
                    ui.painter().rect_stroke(
                        rect.shrink(1.0),
                        4.0,
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Inside,
                    );
                }
                let symbol_centre = rect.left_center() + Vec2::new(16.0, 0.0);
                paint_symbol(
                    ui.painter(),
                    symbol_centre,
                    theme::LEGEND_SYMBOL_RADIUS_PX,
                    facility.category,
                );
                let text_left = rect.left() + 34.0;
                let text_rect =
                    Rect::from_min_max(egui::pos2(text_left, rect.top()), rect.right_bottom());
                let painter = ui.painter().with_clip_rect(text_rect);
                let closed = view.closed.contains(&index);
                let (first_name, second_name) =
                    i18n::data_pair(lang, &facility.name_zh, &facility.name_en);
                let (name, name_colour) = if closed {
                    (
                        i18n::closed_name(lang, first_name),
                        ui.visuals().weak_text_color(),
                    )
                } else {
                    (first_name.to_owned(), visuals.text_color())
                };
                let category = i18n::category_short_name(facility.category, lang);
                let second_line = match second_name {
                    Some(second) => format!("{second} · {category}"),
                    None => category.to_owned(),
                };
                painter.text(
                    egui::pos2(text_left, rect.top() + 3.0),
                    Align2::LEFT_TOP,
                    name,
                    TextStyle::Body.resolve(ui.style()),
                    name_colour,
                );
                painter.text(
                    egui::pos2(text_left, rect.bottom() - 3.0),
                    Align2::LEFT_BOTTOM,
                    second_line,
                    FontId::proportional(11.0),
                    ui.visuals().weak_text_color(),
                );
            }
            if response.clicked() {
                commands.push(Command::View(ViewCommand::Select(
                    facility.id.clone(),
                    SelectionOrigin::List,
                )));
            }
        }
    });
}
