//! Modal dialogs of edit mode: confirm a deletion, the file changed on disk (with what
//! differs), unsaved edits on quit, unsaved edits found at start-up, and the file dialog for
//! save as / import / export (a path field, plus the datum of imported coordinates).

use egui::{Id, Modal, RichText, Ui};

use crate::command::{Command, EditCommand, ExportFormat, FileAction, FileCommand};
use crate::i18n::{self, Language, Phrase, Text};
use crate::model::FacilityId;
use crate::model::edit::diff::Change;
use crate::model::edit::reconcile::{ConflictKind, ConflictRow};
use crate::model::io::import::SourceDatum;
use crate::theme;

/// The open dialog (at most one).
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// "Delete this facility?"
    ConfirmDelete {
        /// The facility.
        id: FacilityId,
        /// Its name, for the question.
        name: String,
    },
    /// The data file changed (or vanished) on disk since it was loaded or saved.
    FileChanged {
        /// The file.
        path: String,
        /// Differences from the file on disk to what would be saved; `None` when the file is
        /// gone or unreadable as facilities.
        changes: Option<Vec<Change>>,
        /// Why the changes are unknown, if they are.
        note: Option<Phrase>,
    },
    /// Merging with the version on disk: the questions, answered in place.
    Merge {
        /// One row per field (or deleted facility) both sides changed.
        rows: Vec<ConflictRow>,
        /// Whose the other version is: the file on disk or a colleague on the shared database.
        theirs_header: Text,
    },
    /// Another running instance holds this file's lock: edit anyway or read-only?
    OthersEditing {
        /// Their process ids.
        pids: Vec<u32>,
    },
    /// A file was dropped on the window: open it or import it?
    Dropped {
        /// The file.
        path: std::path::PathBuf,
        /// Whether it can be opened as the data file (GeoJSON; a CSV can only be imported).
        can_open: bool,
        /// Edits are unsaved (opening another file waits for them to be saved).
        unsaved: bool,
    },
    /// Connect to the shared database.
    ConnectDatabase(crate::ui::connect_dialog::ConnectDialog),
    /// The window is closing with unsaved edits.
    Quit {
        /// How many edits are unsaved.
        edit_count: usize,
    },
    /// Unsaved edits from an earlier run were found.
    Recovery {
        /// What they were made to.
        source: String,
        /// When they were written, as text.
        written_at: String,
        /// How they differ from what is loaded now.
        changes: Vec<Change>,
    },
    /// Choose a file.
    File(FileDialog),
}

/// The file dialog's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDialog {
    /// What the file is for.
    pub action: FileAction,
    /// The path as typed.
    pub path_text: String,
    /// Datum of the coordinates (import only).
    pub datum: SourceDatum,
    /// The last problem with the chosen file.
    pub error: Option<Phrase>,
    /// The system's file chooser is open (its answer fills the path).
    pub choosing: bool,
}

/// Label of the button confirming a deletion, in the default (bilingual) language (for tests).
pub const CONFIRM_DELETE_LABEL: &str = Text::Delete.both();
/// Label of "save anyway" in the file-changed dialog, in the default language.
pub const OVERWRITE_LABEL: &str = Text::SaveAnyway.both();
/// Label of the restore button of the recovery dialog, in the default language.
pub const RESTORE_LABEL: &str = Text::Restore.both();
/// Label of the discard button of the recovery dialog, in the default language.
pub const DISCARD_LABEL: &str = Text::Discard.both();
/// Label of the path field of the file dialog, in the default language.
pub const PATH_LABEL: &str = Text::FilePath.both();
/// Label of the confirm button of the file dialog, in the default language.
pub const FILE_OK_LABEL: &str = Text::Ok.both();

/// Draws the dialog, if any; pushes the user's answer as commands.
pub fn show(ui: &Ui, dialog: &mut Option<Dialog>, lang: Language, commands: &mut Vec<Command>) {
    let Some(open) = dialog.as_mut() else {
        return;
    };
    let response = Modal::new(Id::unique("edit-dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        match open {
            Dialog::ConfirmDelete { id, name } => confirm_delete(ui, id, name, lang, commands),
            Dialog::FileChanged {
                path,
                changes,
                note,
            } => file_changed(
                ui,
                path,
                changes.as_deref(),
                note.as_ref().map(|n| n.get(lang)),
                lang,
                commands,
            ),
            Dialog::Merge {
                rows,
                theirs_header,
            } => merge(ui, rows, *theirs_header, lang, commands),
            Dialog::OthersEditing { pids } => others_editing(ui, pids, lang, commands),
            Dialog::Dropped {
                path,
                can_open,
                unsaved,
            } => dropped(ui, path, *can_open, *unsaved, lang, commands),
            Dialog::Quit { edit_count } => quit(ui, *edit_count, lang, commands),
            Dialog::Recovery {
                source,
                written_at,
                changes,
            } => recovery(ui, source, written_at, changes, lang, commands),
            Dialog::File(file) => file_dialog(ui, file, lang, commands),
            Dialog::ConnectDatabase(connect) => {
                crate::ui::connect_dialog::show(ui, connect, lang, commands);
            }
        }
    });
    if response.should_close() && !matches!(open, Dialog::Recovery { .. }) {
        commands.push(Command::File(FileCommand::CloseDialog));
    }
}

fn confirm_delete(
    ui: &mut Ui,
    id: &FacilityId,
    name: &str,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.heading(Text::DeleteQuestion.tr(lang));
    ui.label(format!("{name} ({id})"));
    ui.label(Text::CanUndo.tr(lang));
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(Text::Delete.tr(lang)).color(theme::ERROR_TEXT))
            .clicked()
        {
            commands.push(Command::Edit(EditCommand::Delete(id.clone())));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

fn change_list(ui: &mut Ui, changes: &[Change], lang: Language) {
    egui::ScrollArea::vertical()
        .id_salt("dialog-changes")
        .max_height(220.0)
        .show(ui, |ui| {
            if changes.is_empty() {
                ui.label(Text::SameContent.tr(lang));
            }
            for change in changes {
                ui.label(RichText::new(change.to_string()).monospace());
            }
        });
}

/// The changes between the file on disk (theirs) and what would be saved (yours): added and
/// removed facilities as lines, changed ones field by field with both values.
fn change_table(ui: &mut Ui, changes: &[Change], lang: Language) {
    egui::ScrollArea::vertical()
        .id_salt("dialog-change-table")
        .max_height(260.0)
        .show(ui, |ui| {
            if changes.is_empty() {
                ui.label(Text::SameContent.tr(lang));
            }
            egui::Grid::new("dialog-change-grid")
                .num_columns(3)
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(Text::ConflictField.tr(lang));
                    ui.strong(Text::ConflictOnDisk.tr(lang));
                    ui.strong(Text::ConflictYours.tr(lang));
                    ui.end_row();
                    for change in changes {
                        match change {
                            Change::Added { .. } | Change::Removed { .. } => {
                                ui.label(RichText::new(change.to_string()).monospace());
                                ui.end_row();
                            }
                            Change::Changed { id, name, fields } => {
                                ui.label(RichText::new(format!("~ {name} ({id})")).strong());
                                ui.end_row();
                                for field in fields {
                                    ui.label(RichText::new(&field.name).monospace());
                                    ui.label(&field.older);
                                    ui.label(&field.newer);
                                    ui.end_row();
                                }
                            }
                        }
                    }
                });
        });
}

fn file_changed(
    ui: &mut Ui,
    path: &str,
    changes: Option<&[Change]>,
    note: Option<&str>,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.heading(Text::FileChangedHeading.tr(lang));
    ui.label(i18n::file_changed_since(lang, path));
    if let Some(note) = note {
        ui.colored_label(theme::WARNING_TEXT, note);
    }
    if let Some(changes) = changes {
        ui.label(i18n::saving_would_change(lang, changes.len()));
        change_table(ui, changes, lang);
    }
    ui.label(Text::BackupKept.tr(lang));
    ui.horizontal_wrapped(|ui| {
        if changes.is_some()
            && ui
                .button(Text::ReloadAndMerge.tr(lang))
                .on_hover_text(Text::ReloadAndMergeHint.tr(lang))
                .clicked()
        {
            commands.push(Command::File(FileCommand::ReloadAndMerge));
        }
        if ui.button(Text::SaveAnyway.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::SaveOverwritingChanges));
        }
        if ui.button(Text::SaveAs.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::OpenFileDialog(
                FileAction::SaveAs,
            )));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

/// The merge questions: for each row, mine or theirs (radio buttons showing both values).
fn merge(
    ui: &mut Ui,
    rows: &mut [ConflictRow],
    theirs_header: Text,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.heading(Text::MergeHeading.tr(lang));
    ui.label(Text::MergeExplain.tr(lang));
    egui::ScrollArea::vertical()
        .id_salt("dialog-merge")
        .max_height(300.0)
        .show(ui, |ui| {
            egui::Grid::new("dialog-merge-grid")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(Text::ConflictFacility.tr(lang));
                    ui.strong(Text::ConflictField.tr(lang));
                    ui.strong(Text::ConflictYours.tr(lang));
                    ui.strong(theirs_header.tr(lang));
                    ui.end_row();
                    for row in rows.iter_mut() {
                        ui.label(format!("{} ({})", row.name, row.id));
                        let (field, mine, theirs) = match &row.kind {
                            ConflictKind::Field(field) => {
                                (field.clone(), row.mine.clone(), row.theirs.clone())
                            }
                            ConflictKind::DeletedByMe => (
                                Text::DeletedByMeNote.tr(lang).to_owned(),
                                Text::DeleteIt.tr(lang).to_owned(),
                                Text::KeepTheirs.tr(lang).to_owned(),
                            ),
                            ConflictKind::DeletedByThem => (
                                Text::DeletedByThemNote.tr(lang).to_owned(),
                                Text::KeepMine.tr(lang).to_owned(),
                                Text::DeleteIt.tr(lang).to_owned(),
                            ),
                        };
                        ui.label(RichText::new(field).monospace());
                        ui.radio_value(&mut row.take_mine, true, mine);
                        ui.radio_value(&mut row.take_mine, false, theirs);
                        ui.end_row();
                    }
                });
        });
    ui.horizontal(|ui| {
        if ui.button(Text::ApplyMerge.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::ApplyMerge(rows.to_vec())));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

fn others_editing(ui: &mut Ui, pids: &[u32], lang: Language, commands: &mut Vec<Command>) {
    ui.heading(Text::OthersEditingHeading.tr(lang));
    let pids: Vec<String> = pids.iter().map(ToString::to_string).collect();
    ui.label(RichText::new(format!("pid {}", pids.join(", "))).monospace());
    ui.label(Text::OthersEditingExplain.tr(lang));
    ui.horizontal_wrapped(|ui| {
        if ui.button(Text::OpenReadOnly.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::ReadOnly));
        }
        if ui.button(Text::EditAnyway.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

fn dropped(
    ui: &mut Ui,
    path: &std::path::Path,
    can_open: bool,
    unsaved: bool,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.heading(Text::DroppedHeading.tr(lang));
    ui.label(RichText::new(path.display().to_string()).monospace());
    if can_open && unsaved {
        ui.colored_label(theme::WARNING_TEXT, Text::OpenNeedsSave.tr(lang));
    }
    ui.horizontal_wrapped(|ui| {
        if can_open
            && ui
                .add_enabled(!unsaved, egui::Button::new(Text::OpenDroppedFile.tr(lang)))
                .clicked()
        {
            commands.push(Command::File(FileCommand::OpenDropped(path.to_path_buf())));
        }
        if ui.button(Text::ImportDroppedFile.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::ImportDropped(
                path.to_path_buf(),
            )));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

fn quit(ui: &mut Ui, edit_count: usize, lang: Language, commands: &mut Vec<Command>) {
    ui.heading(Text::UnsavedChangesHeading.tr(lang));
    ui.label(i18n::edits_not_saved(lang, edit_count));
    ui.horizontal(|ui| {
        if ui.button(Text::SaveAndQuit.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::SaveAndQuit));
        }
        if ui.button(Text::QuitWithoutSaving.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::QuitWithoutSaving));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}

fn recovery(
    ui: &mut Ui,
    source: &str,
    written_at: &str,
    changes: &[Change],
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.heading(Text::RecoveryHeading.tr(lang));
    ui.label(i18n::recovery_found(lang, source, written_at));
    ui.label(i18n::differences(lang, changes.len()));
    change_list(ui, changes, lang);
    ui.horizontal(|ui| {
        if ui.button(Text::Restore.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::RestoreRecovery));
        }
        if ui
            .button(Text::Discard.tr(lang))
            .on_hover_text(Text::DiscardHint.tr(lang))
            .clicked()
        {
            commands.push(Command::File(FileCommand::DiscardRecovery));
        }
    });
}

fn file_dialog(ui: &mut Ui, file: &mut FileDialog, lang: Language, commands: &mut Vec<Command>) {
    let title = match file.action {
        FileAction::SaveAs => Text::SaveAs,
        FileAction::Export(ExportFormat::GeoJson) => Text::ExportGeoJsonTitle,
        FileAction::Export(ExportFormat::Csv) => Text::ExportCsvTitle,
        FileAction::Export(ExportFormat::Png) => Text::ExportPngTitle,
        FileAction::Export(ExportFormat::Sheet) => Text::ExportSheetTitle,
        FileAction::Import => Text::ImportTitle,
    };
    ui.heading(title.tr(lang));
    let label = ui.label(Text::FilePath.tr(lang));
    let field = ui.add(
        egui::TextEdit::singleline(&mut file.path_text)
            .desired_width(480.0)
            .hint_text(if cfg!(windows) {
                r"C:\Users\...\facilities.geojson"
            } else {
                "~/facilities.geojson"
            }),
    );
    let field = field.labelled_by(label.id);
    ui.horizontal(|ui| {
        if file.choosing {
            ui.spinner();
            ui.label(Text::WaitingForChooser.tr(lang));
        } else if ui
            .button(Text::Browse.tr(lang))
            .on_hover_text(Text::BrowseHint.tr(lang))
            .clicked()
        {
            commands.push(Command::File(FileCommand::BrowseForFile));
        }
    });
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if file.action == FileAction::Import {
        ui.label(i18n::label_colon(lang, Text::CoordinatesAreIn));
        for datum in SourceDatum::ALL {
            ui.radio_value(
                &mut file.datum,
                datum,
                i18n::source_datum_label(datum).tr(lang),
            );
        }
        ui.label(RichText::new(Text::DatumHint.tr(lang)).small().weak());
    } else if std::path::Path::new(file.path_text.trim()).exists() {
        ui.colored_label(theme::WARNING_TEXT, Text::FileExists.tr(lang));
    }
    if let Some(error) = &file.error {
        ui.colored_label(theme::ERROR_TEXT, error.get(lang));
    }
    ui.horizontal(|ui| {
        let path = std::path::PathBuf::from(file.path_text.trim());
        let ok = ui.add_enabled(
            !file.path_text.trim().is_empty(),
            egui::Button::new(Text::Ok.tr(lang)),
        );
        if ok.clicked() || (entered && !file.path_text.trim().is_empty()) {
            commands.push(match file.action {
                FileAction::SaveAs => Command::File(FileCommand::SaveAs(path)),
                FileAction::Export(format) => Command::File(FileCommand::Export(format, path)),
                FileAction::Import => Command::File(FileCommand::Import(path, file.datum)),
            });
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}
