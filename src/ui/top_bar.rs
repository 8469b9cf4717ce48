//! The top bar: app title, where the data comes from, the honesty note about positions,
//! the basemap choice, the language switch, the data error banner when loading failed, and a
//! warning when the holidays file has bad lines.

use egui::{RichText, Ui};

use crate::command::{
    Command, EditCommand, ExportFormat, FileAction, FileCommand, SelectionOrigin, UiCommand,
    ViewCommand,
};
use crate::i18n::{self, Language, Text};
use crate::map::providers::TileSettings;
use crate::model::FacilityId;
use crate::model::basemap::Basemap;
use crate::model::io::holidays_file::HolidaysFileProblem;
use crate::model::rules::FacilityProblem;
use crate::theme;

/// What the top bar shows.
pub struct TopBar<'a> {
    /// Where the facilities come from (file path or bundled).
    pub data_origin: &'a str,
    /// Number of facilities whose position is not surveyed.
    pub unsurveyed_count: usize,
    /// Total facilities.
    pub facility_count: usize,
    /// The load error, if any.
    pub load_error: Option<&'a str>,
    /// What the model's rules find wrong with the loaded facilities, errors first.
    pub problems: &'a DataProblems,
    /// The encoding the data file was read in, when it was not UTF-8 ("GB18030").
    pub read_as: Option<&'a str>,
    /// The holidays file beside the data file (its name) and what is wrong with it.
    pub holiday_problems: Option<(&'a str, &'a [HolidaysFileProblem])>,
    /// Whether the list panel is open.
    pub list_open: bool,
    /// Whether the sheet panel is open.
    pub sheet_open: bool,
    /// Whether the bundled data can be offered instead.
    pub can_use_bundled: bool,
    /// Current basemap.
    pub basemap: Basemap,
    /// Which providers are configured.
    pub tile_settings: &'a TileSettings,
    /// Whether edit mode is on.
    pub editing: bool,
    /// Whether there are unsaved edits.
    pub unsaved_edits: bool,
    /// The shared database's chip, when the data comes from one.
    pub database: Option<DatabaseChip>,
    /// Why edit mode cannot be switched on (a read-only window, a viewer login, still
    /// loading), shown on the Edit toggle.
    pub edit_blocked: Option<Text>,
    /// The interface language.
    pub language: Language,
}

/// The state of the connection to the shared database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseLink {
    /// The first connection (or a retry) is under way.
    Connecting,
    /// Connected.
    Connected,
    /// The server cannot be reached; edits wait.
    Offline,
}

/// What the database chip says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseChip {
    /// `user@host:port/database` (never the password).
    pub target: String,
    /// Connected, connecting or offline.
    pub link: DatabaseLink,
    /// Edits not in the database yet (queued, being saved, or waiting after a conflict).
    pub waiting_edits: usize,
    /// Whether the login may only view.
    pub read_only: bool,
    /// Edits held by a colleague's change to the same fields (a button opens the dialog).
    pub conflicts: usize,
}

/// Label of the export menu in the default (bilingual) language.
pub const EXPORT_MENU_LABEL: &str = Text::ExportMenu.both();
/// Label of "export the map as a picture".
pub const EXPORT_PNG_LABEL: &str = Text::ExportPng.both();
/// Label of "printable sheet".
pub const EXPORT_SHEET_LABEL: &str = Text::ExportSheet.both();

/// Label of the edit-mode toggle in the default (bilingual) language.
pub const EDIT_TOGGLE_LABEL: &str = Text::Edit.both();

/// Title shown in the window at start-up (the default, bilingual language).
pub const APP_TITLE: &str = Text::AppTitle.both();

/// Draws the bar.
pub fn show(ui: &mut Ui, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    let lang = bar.language;
    ui.horizontal_wrapped(|ui| {
        panel_toggle(ui, UiCommand::ToggleList, bar.list_open, lang, commands);
        panel_toggle(ui, UiCommand::ToggleSheet, bar.sheet_open, lang, commands);
        ui.separator();
        let origin = i18n::field(lang, Text::Data, bar.data_origin);
        ui.label(RichText::new(Text::AppTitle.tr(lang)).strong().size(16.0))
            .on_hover_text(&origin);
        // Narrow windows keep the bar to fewer lines: the data file is then on the title's
        // tooltip only.
        // On the shared database its chip names it (and says more).
        if bar.database.is_none() && ui.ctx().content_rect().width() >= WIDE_BAR_FROM_PT {
            ui.separator();
            ui.add(egui::Label::new(RichText::new(origin).weak()).truncate())
                .on_hover_text(bar.data_origin);
        }
        if let Some(encoding) = bar.read_as {
            ui.colored_label(theme::WARNING_TEXT, i18n::read_as(lang, encoding))
                .on_hover_text(Text::ReadAsHint.tr(lang));
        }
        ui.separator();
        basemap_menu(ui, &bar, commands);
        ui.separator();
        ui.menu_button(Text::DataMenu.tr(lang), |ui| {
            if ui.button(Text::ConnectDatabase.tr(lang)).clicked() {
                commands.push(Command::File(FileCommand::OpenConnectDialog));
            }
            if bar.can_use_bundled && ui.button(Text::UseBundledData.tr(lang)).clicked() {
                commands.push(Command::File(FileCommand::UseBundledData));
            }
        });
        ui.menu_button(Text::ExportMenu.tr(lang), |ui| {
            if ui.button(Text::ExportPng.tr(lang)).clicked() {
                commands.push(Command::File(FileCommand::OpenFileDialog(
                    FileAction::Export(ExportFormat::Png),
                )));
            }
            if ui.button(Text::ExportSheet.tr(lang)).clicked() {
                commands.push(Command::File(FileCommand::OpenFileDialog(
                    FileAction::Export(ExportFormat::Sheet),
                )));
            }
        });
        if let Some(chip) = &bar.database {
            database_chip(ui, chip, lang, commands);
        }
        let edit_toggle = ui.add_enabled(
            bar.edit_blocked.is_none() || bar.editing,
            egui::Button::selectable(bar.editing, Text::Edit.tr(lang)),
        );
        let edit_toggle = match bar.edit_blocked {
            Some(reason) => edit_toggle.on_disabled_hover_text(reason.tr(lang)),
            None => edit_toggle.on_hover_text(Text::EditHint.tr(lang)),
        };
        if edit_toggle.clicked() {
            commands.push(Command::Edit(EditCommand::SetEditing(!bar.editing)));
        }
        if bar.unsaved_edits && !bar.editing {
            ui.colored_label(theme::WARNING_TEXT, Text::UnsavedEdits.tr(lang));
        }
        ui.separator();
        language_switch(ui, lang, commands);
    });
    if bar.unsurveyed_count > 0 {
        let note = i18n::unsurveyed_note(lang, bar.unsurveyed_count, bar.facility_count);
        egui::Frame::new()
            .fill(theme::WARNING_BACKGROUND)
            .inner_margin(4.0)
            .show(ui, |ui| {
                // One line, cut with an ellipsis in a narrow window; the whole note on hover.
                ui.add(
                    egui::Label::new(RichText::new(&note).color(theme::WARNING_TEXT)).truncate(),
                )
                .on_hover_text(&note);
            });
    }
    if bar.problems.errors + bar.problems.warnings > 0 {
        problems_banner(ui, bar.problems, lang, commands);
    }
    if let Some((file, problems)) = bar.holiday_problems.filter(|(_, p)| !p.is_empty()) {
        egui::Frame::new()
            .fill(theme::WARNING_BACKGROUND)
            .inner_margin(4.0)
            .show(ui, |ui| {
                ui.colored_label(
                    theme::WARNING_TEXT,
                    i18n::holiday_problems(lang, file, problems.len()),
                )
                .on_hover_ui(|ui| {
                    for problem in problems.iter().take(LISTED_PROBLEMS) {
                        ui.label(problem.to_string());
                    }
                });
            });
    }
    if let Some(error) = bar.load_error {
        egui::Frame::new()
            .fill(theme::ERROR_BACKGROUND)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.colored_label(
                    theme::ERROR_TEXT,
                    RichText::new(Text::CouldNotLoad.tr(lang)).strong(),
                );
                ui.colored_label(theme::ERROR_TEXT, error);
                ui.colored_label(theme::ERROR_TEXT, Text::FileNotChanged.tr(lang));
                if bar.can_use_bundled && ui.button(Text::UseBundledData.tr(lang)).clicked() {
                    commands.push(Command::File(FileCommand::UseBundledData));
                }
            });
    }
}

/// The shared database's chip: which database and login, the connection, edits waiting.
fn database_chip(ui: &mut Ui, chip: &DatabaseChip, lang: Language, commands: &mut Vec<Command>) {
    let link = match chip.link {
        DatabaseLink::Connecting => Text::DbConnecting,
        DatabaseLink::Connected => Text::DbConnected,
        DatabaseLink::Offline => Text::DbOffline,
    };
    let mut text = i18n::database_chip(lang, &chip.target, link);
    if chip.read_only {
        text.push_str(" · ");
        text.push_str(Text::DbReadOnly.tr(lang));
    }
    if chip.waiting_edits > 0 {
        text.push_str(" · ");
        text.push_str(&i18n::database_waiting(lang, chip.waiting_edits));
    }
    let colour = match (chip.link, chip.waiting_edits) {
        (DatabaseLink::Offline, _) => theme::ERROR_TEXT,
        (_, 0) => theme::SUCCESS_TEXT,
        _ => theme::WARNING_TEXT,
    };
    // One piece, never broken across the bar's lines.
    ui.add(
        egui::Label::new(RichText::new(text).color(colour)).wrap_mode(egui::TextWrapMode::Extend),
    )
    .on_hover_text(Text::DbChipHint.tr(lang));
    if chip.conflicts > 0
        && ui
            .button(RichText::new(Text::ResolveConflicts.tr(lang)).color(theme::WARNING_TEXT))
            .on_hover_text(Text::ResolveConflictsHint.tr(lang))
            .clicked()
    {
        commands.push(Command::File(FileCommand::ResolveDatabaseConflicts));
    }
}

/// From this window width (points) the top bar also shows the data file's name.
const WIDE_BAR_FROM_PT: f32 = 1100.0;

/// A panel's toggle: selected while the panel is open; the tooltip names the shortcut.
fn panel_toggle(
    ui: &mut Ui,
    command: UiCommand,
    open: bool,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let hint = format!(
        "{} {}",
        Text::TogglePanelHint.tr(lang),
        ui.ctx().format_shortcut(&command.shortcut())
    );
    if ui
        .add(egui::Button::selectable(open, command.label().tr(lang)))
        .on_hover_text(hint)
        .clicked()
        && let Some(command) = command.command()
    {
        commands.push(command);
    }
}

/// The basemap menu: the current basemap on the button, every basemap inside (those that need
/// a key or a file say so).
fn basemap_menu(ui: &mut Ui, bar: &TopBar<'_>, commands: &mut Vec<Command>) {
    let lang = bar.language;
    let title = format!(
        "{} {}",
        i18n::label_colon(lang, Text::Basemap),
        bar.basemap.label().tr(lang)
    );
    ui.menu_button(title, |ui| {
        for basemap in Basemap::ALL {
            let reason = bar.tile_settings.unavailable_reason(basemap);
            let mut button = ui.add_enabled(
                reason.is_none(),
                egui::Button::selectable(bar.basemap == basemap, basemap.label().tr(lang)),
            );
            if let Some(reason) = reason {
                button = button.on_disabled_hover_text(reason.tr(lang));
            } else if basemap.datum() == crate::model::Datum::Gcj02 {
                button = button.on_hover_text(Text::AmapShiftHint.tr(lang));
            }
            if button.clicked() {
                if bar.basemap != basemap {
                    commands.push(Command::View(ViewCommand::SetBasemap(basemap)));
                }
                ui.close();
            }
        }
    });
}

/// One problem of one loaded facility, for the problems banner.
#[derive(Debug, Clone, PartialEq)]
pub struct DataProblem {
    /// The facility.
    pub id: FacilityId,
    /// Its name (Chinese, or English when there is no Chinese name).
    pub name: String,
    /// What is wrong.
    pub problem: FacilityProblem,
}

/// What the model's rules find in the loaded facilities: counts, and the first few (errors
/// first) for the banner. Counted once per load or edit, never per frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataProblems {
    /// How many problems are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// The first [`LISTED_PROBLEMS`] of them, errors first.
    pub first: Vec<DataProblem>,
}

/// How many problems the banner lists in its tooltip.
pub const LISTED_PROBLEMS: usize = 12;

/// The banner under the top bar when facilities have problems: counts, the first problems on
/// hover, and a button that selects the first facility concerned.
fn problems_banner(
    ui: &mut Ui,
    problems: &DataProblems,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let (errors, warnings) = (problems.errors, problems.warnings);
    let (fill, colour) = if errors > 0 {
        (theme::ERROR_BACKGROUND, theme::ERROR_TEXT)
    } else {
        (theme::WARNING_BACKGROUND, theme::WARNING_TEXT)
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(4.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(colour, i18n::data_problems(lang, errors, warnings))
                    .on_hover_ui(|ui| {
                        // Worded only while the pointer is on the banner.
                        for p in &problems.first {
                            ui.label(format!(
                                "{} ({}): {}",
                                p.name,
                                p.id,
                                i18n::facility_problem(&p.problem, lang)
                            ));
                        }
                    });
                if let Some(first) = problems.first.first()
                    && ui.small_button(Text::ShowFirstProblem.tr(lang)).clicked()
                {
                    commands.push(Command::View(ViewCommand::Select(
                        first.id.clone(),
                        SelectionOrigin::List,
                    )));
                }
            });
        });
}

/// The language switch: one selectable button per language, each named in its own language;
/// the choice applies at once and is kept with the view.
fn language_switch(ui: &mut Ui, current: Language, commands: &mut Vec<Command>) {
    // Never broken across two lines of the bar.
    ui.add(
        egui::Label::new(i18n::label_colon(current, Text::Language))
            .wrap_mode(egui::TextWrapMode::Extend),
    );
    for language in Language::ALL {
        if ui
            .add(egui::Button::selectable(
                language == current,
                language.native_name(),
            ))
            .on_hover_text(Text::LanguageHint.tr(current))
            .clicked()
            && language != current
        {
            commands.push(Command::View(ViewCommand::SetLanguage(language)));
        }
    }
}
