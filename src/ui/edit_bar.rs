//! The edit toolbar (edit mode only): tools for adding points and drawing areas, undo/redo,
//! save, import/export, the unsaved-changes indicator and the last save/import message.

use egui::{Button, RichText, Ui};

use crate::command::{
    Command, EditCommand, EditTool, ExportFormat, FileAction, FileCommand, UiCommand,
};
use crate::i18n::{self, Language, Text};
use crate::model::{Category, GeometryKind};
use crate::theme;

/// What the toolbar shows.
pub struct EditBar<'a> {
    /// The current tool.
    pub tool: EditTool,
    /// Tooltip of Undo (what it would undo), if anything can be undone.
    pub undo: Option<String>,
    /// Tooltip of Redo, if anything can be redone.
    pub redo: Option<String>,
    /// Whether there are unsaved edits.
    pub dirty: bool,
    /// Number of corners of the area being drawn.
    pub draft_corner_count: usize,
    /// Where saving goes (`None` for the bundled data: Save asks for a file).
    pub save_target: Option<&'a str>,
    /// The last message (text, is it an error).
    pub status: Option<(&'a str, bool)>,
    /// The interface language.
    pub language: Language,
}

/// Label of the "add point" tool button in the default (bilingual) language (for tests).
pub const ADD_POINT_LABEL: &str = Text::AddPoint.both();
/// Label of the "draw area" tool button in the default language.
pub const DRAW_AREA_LABEL: &str = Text::DrawArea.both();
/// Label of the undo button in the default language.
pub const UNDO_LABEL: &str = Text::Undo.both();
/// Label of the redo button in the default language.
pub const REDO_LABEL: &str = Text::Redo.both();
/// Label of the save button in the default language.
pub const SAVE_LABEL: &str = Text::Save.both();

/// Draws the toolbar.
pub fn show(ui: &mut Ui, bar: EditBar<'_>, commands: &mut Vec<Command>) {
    let lang = bar.language;
    egui::Frame::new()
        .fill(theme::EDIT_BANNER_BACKGROUND)
        .inner_margin(4.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(Text::Editing.tr(lang)).strong());
                ui.separator();
                tools(ui, bar.tool, bar.draft_corner_count, lang, commands);
                ui.separator();
                let undo = ui
                    .add_enabled(bar.undo.is_some(), Button::new(Text::Undo.tr(lang)))
                    .on_hover_text(i18n::shortcut_hint(
                        lang,
                        &ui.ctx().format_shortcut(&UiCommand::Undo.shortcut()),
                        bar.undo.as_deref(),
                    ));
                if undo.clicked() {
                    commands.push(Command::Edit(EditCommand::Undo));
                }
                let redo = ui
                    .add_enabled(bar.redo.is_some(), Button::new(Text::Redo.tr(lang)))
                    .on_hover_text(i18n::shortcut_hint(
                        lang,
                        &ui.ctx().format_shortcut(&UiCommand::Redo.shortcut()),
                        bar.redo.as_deref(),
                    ));
                if redo.clicked() {
                    commands.push(Command::Edit(EditCommand::Redo));
                }
                ui.separator();
                let save_hint = match bar.save_target {
                    Some(path) => i18n::save_to(
                        lang,
                        &ui.ctx().format_shortcut(&UiCommand::Save.shortcut()),
                        path,
                    ),
                    None => Text::BundledNotOverwritten.tr(lang).to_owned(),
                };
                if ui
                    .add(Button::new(Text::Save.tr(lang)).selected(bar.dirty))
                    .on_hover_text(save_hint)
                    .clicked()
                {
                    commands.push(Command::File(FileCommand::Save));
                }
                if ui.button(Text::SaveAs.tr(lang)).clicked() {
                    commands.push(Command::File(FileCommand::OpenFileDialog(
                        FileAction::SaveAs,
                    )));
                }
                ui.menu_button(Text::ImportExport.tr(lang), |ui| {
                    if ui.button(Text::ImportMenu.tr(lang)).clicked() {
                        commands.push(Command::File(FileCommand::OpenFileDialog(
                            FileAction::Import,
                        )));
                    }
                    if ui.button(Text::ExportGeoJson.tr(lang)).clicked() {
                        commands.push(Command::File(FileCommand::OpenFileDialog(
                            FileAction::Export(ExportFormat::GeoJson),
                        )));
                    }
                    if ui.button(Text::ExportCsv.tr(lang)).clicked() {
                        commands.push(Command::File(FileCommand::OpenFileDialog(
                            FileAction::Export(ExportFormat::Csv),
                        )));
                    }
                });
                if bar.dirty {
                    ui.colored_label(theme::WARNING_TEXT, Text::UnsavedChanges.tr(lang));
                } else {
                    ui.label(RichText::new(Text::AllSaved.tr(lang)).weak());
                }
                if ui
                    .button(Text::Done.tr(lang))
                    .on_hover_text(Text::LeaveEditMode.tr(lang))
                    .clicked()
                {
                    commands.push(Command::Edit(EditCommand::SetEditing(false)));
                }
            });
            if let Some((text, is_error)) = bar.status {
                let colour = if is_error {
                    theme::ERROR_TEXT
                } else {
                    theme::SUCCESS_TEXT
                };
                ui.colored_label(colour, text);
            }
            ui.label(
                RichText::new(hint(bar.tool, bar.draft_corner_count, lang))
                    .small()
                    .weak(),
            );
        });
}

fn tools(
    ui: &mut Ui,
    tool: EditTool,
    draft_corner_count: usize,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    if ui
        .add(Button::selectable(
            tool == EditTool::Select,
            Text::SelectTool.tr(lang),
        ))
        .clicked()
    {
        commands.push(Command::Edit(EditCommand::SetEditTool(EditTool::Select)));
    }
    let point_category = match tool {
        EditTool::AddPoint(c) => c,
        _ => Category::ConvenienceSalesPoint,
    };
    let area_category = match tool {
        EditTool::DrawArea(c) => c,
        _ => Category::FruitVendorArea,
    };
    if ui
        .add(Button::selectable(
            matches!(tool, EditTool::AddPoint(_)),
            Text::AddPoint.tr(lang),
        ))
        .clicked()
    {
        commands.push(Command::Edit(EditCommand::SetEditTool(EditTool::AddPoint(
            point_category,
        ))));
    }
    category_choice(
        ui,
        "add-point-category",
        point_category,
        GeometryKind::Point,
        lang,
        |c| {
            commands.push(Command::Edit(EditCommand::SetEditTool(EditTool::AddPoint(
                c,
            ))));
        },
    );
    if ui
        .add(Button::selectable(
            matches!(tool, EditTool::DrawArea(_)),
            Text::DrawArea.tr(lang),
        ))
        .clicked()
    {
        commands.push(Command::Edit(EditCommand::SetEditTool(EditTool::DrawArea(
            area_category,
        ))));
    }
    category_choice(
        ui,
        "draw-area-category",
        area_category,
        GeometryKind::Area,
        lang,
        |c| {
            commands.push(Command::Edit(EditCommand::SetEditTool(EditTool::DrawArea(
                c,
            ))));
        },
    );
    if matches!(tool, EditTool::DrawArea(_)) {
        if ui
            .add_enabled(
                draft_corner_count >= 3,
                Button::new(Text::FinishArea.tr(lang)),
            )
            .clicked()
        {
            commands.push(Command::Edit(EditCommand::FinishDraftArea));
        }
        if ui
            .add_enabled(draft_corner_count > 0, Button::new(Text::Cancel.tr(lang)))
            .clicked()
        {
            commands.push(Command::Edit(EditCommand::CancelDraftArea));
        }
    }
}

/// A compact category picker limited to categories of one geometry kind.
fn category_choice(
    ui: &mut Ui,
    id: &str,
    current: Category,
    kind: GeometryKind,
    lang: Language,
    mut on_change: impl FnMut(Category),
) {
    let label = match kind {
        GeometryKind::Area => Text::AreaCategory,
        _ => Text::PointCategory,
    }
    .tr(lang);
    egui::ComboBox::from_id_salt(id)
        .selected_text(i18n::category_short_name(current, lang))
        .show_ui(ui, |ui| {
            for category in Category::ALL
                .into_iter()
                .filter(|c| c.geometry_kind() == kind)
            {
                if ui
                    .selectable_label(
                        category == current,
                        i18n::category_short_name(category, lang),
                    )
                    .on_hover_text(i18n::category_name(category, lang))
                    .clicked()
                {
                    on_change(category);
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
}

fn hint(tool: EditTool, corners: usize, lang: Language) -> String {
    match tool {
        EditTool::Select => Text::SelectToolHint.tr(lang).to_owned(),
        EditTool::AddPoint(c) => i18n::add_point_hint(lang, c),
        EditTool::DrawArea(_) => i18n::draw_area_hint(lang, corners),
    }
}
