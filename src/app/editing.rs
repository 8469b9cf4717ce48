//! Edit mode of the app: applies the editing commands (add, reshape, update, delete, undo,
//! redo), saves safely (asking first when the file changed on disk), imports and exports,
//! keeps a recovery copy of unsaved edits and offers it on the next start, and asks before
//! quitting with unsaved edits. The pure parts live in `model::{edit::history, io::save, io::import,
//! io::recovery, edit::diff}`; this file only decides when to use them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use geo::Coord;

use super::{DataSource, LoadedData, MapApp};
use crate::command::{Command, EditTool, ExportFormat, FileAction};
use crate::i18n::{self, Language, Phrase, Text};
use crate::model::edit::diff::diff;
use crate::model::edit::geometry_edit::area_from_corners;
use crate::model::edit::history::{Edit, History};
use crate::model::io::csv_table::to_csv_text;
use crate::model::io::import::{SourceDatum, import_file, plan_import};
use crate::model::io::load::parse_facilities;
use crate::model::io::recovery::{Found, OthersEditing, Recovery, RecoveryStore};
use crate::model::io::save::{
    DiskState, content_hash, disk_state, save_atomically, to_geojson_text,
};
use crate::model::io::stranded::find_stranded_saves;
use crate::model::provenance::{datetime_text, today_iso};
use crate::model::{
    Catalog, Category, Facility, FacilityGeometry, FacilityId, Precision, Provenance,
};
use crate::ui::dialogs::{Dialog, FileDialog};
use crate::ui::edit_form::{FormState, problems};

/// How many earlier versions are kept beside a saved file (`.bak1` newest … `.bak5`).
pub const BACKUP_COUNT: usize = 5;
/// The `name` member written into saved GeoJSON files.
pub const COLLECTION_NAME: &str = "zhongzhan-facilities";
/// The recovery copy is rewritten at most this often while edits continue.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(2);
/// From this zoom on a clicked position counts as approximate, below it as illustrative.
const APPROXIMATE_FROM_ZOOM_LEVEL: f64 = 16.0;

/// Everything edit mode remembers.
#[derive(Default)]
pub(super) struct EditState {
    /// Whether edit mode is on.
    pub enabled: bool,
    /// What a map click does.
    pub tool: EditTool,
    /// Undo/redo and the saved marker.
    pub history: History,
    /// Corners of the area being drawn (WGS84).
    pub draft_corners: Vec<Coord<f64>>,
    /// The property form of the selected facility.
    pub form: Option<FormState>,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// The last message (in every language) and whether it is an error.
    pub status: Option<(Phrase, bool)>,
    /// This instance's recovery copies (`None`: no recovery, e.g. in tests).
    pub recovery: Option<RecoveryStore>,
    /// A recovery copy offered at start-up, until restored or discarded.
    pub pending_recovery: Option<Recovery>,
    /// The recovery copy needs rewriting.
    pub recovery_due: bool,
    last_recovery_write: Option<Instant>,
    /// Close the window once saving worked.
    pub quit_after_save: bool,
    /// The user agreed to close; do not ask again.
    pub allow_close: bool,
    /// Ask the window to close at the next frame.
    pub close_pending: bool,
}

impl MapApp {
    /// Keeps a recovery copy of unsaved edits in `dir`, and offers the copy an earlier run left
    /// there.
    pub fn with_recovery_dir(mut self, dir: PathBuf) -> Self {
        let mut store = RecoveryStore::new(dir);
        if let Err(error) = store.claim(&self.data.origin) {
            log::warn!("{error}");
        }
        let (others, found) = (
            store.others_editing(&self.data.origin),
            store.stale(&self.data.origin),
        );
        self.editing.recovery = Some(store);
        for found in found {
            match found {
                Found::Stale(recovery) if self.editing.pending_recovery.is_none() => {
                    self.offer_recovery(recovery);
                }
                Found::Stale(_) => {} // offered at a later start
                Found::Damaged { reason, .. } => self.set_status(
                    Phrase::new(|lang| i18n::recovery_unreadable(lang, &reason)),
                    true,
                ),
            }
        }
        if !others.is_empty() {
            let text = OthersEditing(others).to_string();
            self.set_status(Phrase::untranslated(text), true);
        }
        if let DataSource::File(path) = &self.data.source {
            match find_stranded_saves(path, BACKUP_COUNT) {
                Ok(report) => {
                    if let Some(summary) = report.summary() {
                        self.set_status(Phrase::untranslated(summary), !report.offered.is_empty());
                    }
                }
                Err(error) => log::warn!("{error}"),
            }
        }
        self
    }

    fn offer_recovery(&mut self, recovery: Recovery) {
        let source_path = PathBuf::from(&recovery.source);
        let base: Vec<Facility> = if recovery.source != self.data.origin && source_path.is_file() {
            LoadedData::load(DataSource::File(source_path), self.prepared_datum)
                .catalog
                .facilities()
                .to_vec()
        } else {
            self.data.catalog.facilities().to_vec()
        };
        let changes = diff(&base, &recovery.facilities);
        if changes.is_empty() {
            if let Some(store) = &self.editing.recovery {
                store.remove_stale(&recovery.file);
            }
            return;
        }
        let written_at = datetime_text(recovery.written_at_unix_s);
        self.editing.dialog = Some(Dialog::Recovery {
            source: recovery.source.clone(),
            written_at,
            changes,
        });
        self.editing.pending_recovery = Some(recovery);
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.editing.history.is_dirty()
    }

    /// Whether edit mode is on.
    pub fn is_editing(&self) -> bool {
        self.editing.enabled
    }

    /// The last edit-mode message in the interface language (for tests and the status line).
    pub fn edit_status(&self) -> Option<&str> {
        self.editing
            .status
            .as_ref()
            .map(|(text, _)| text.get(self.view.language))
    }

    /// The open dialog, if any.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.editing.dialog.as_ref()
    }

    /// Whether the app asked the window to close (after the user agreed).
    pub fn wants_to_close(&self) -> bool {
        self.editing.allow_close
    }

    pub(super) fn set_status(&mut self, text: impl Into<Phrase>, is_error: bool) {
        let text = text.into();
        // The log stays in both languages, whatever the interface shows.
        if is_error {
            log::warn!("{}", text.get(Language::Both));
        } else {
            log::info!("{}", text.get(Language::Both));
        }
        self.editing.status = Some((text, is_error));
    }

    /// Keyboard shortcuts of edit mode (not while typing in a field or with a dialog open).
    pub(super) fn edit_shortcuts(&mut self, ui: &egui::Ui) {
        if !self.editing.enabled
            || self.editing.dialog.is_some()
            || ui.ctx().egui_wants_keyboard_input()
        {
            return;
        }
        use egui::{Key, KeyboardShortcut, Modifiers};
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        ui.input_mut(|input| {
            if input.consume_shortcut(&redo) || input.consume_shortcut(&redo_y) {
                self.commands.push(Command::Redo);
            } else if input.consume_shortcut(&undo) {
                self.commands.push(Command::Undo);
            }
            if input.consume_shortcut(&save) {
                self.commands.push(Command::Save);
            }
            let drawing = matches!(self.editing.tool, EditTool::DrawArea(_));
            if drawing && input.key_pressed(Key::Enter) {
                self.commands.push(Command::FinishDraftArea);
            }
            if drawing && input.key_pressed(Key::Backspace) {
                self.commands.push(Command::RemoveLastDraftCorner);
            }
            if !drawing
                && input.key_pressed(Key::Delete)
                && let Some(facility) = self
                    .selected
                    .and_then(|i| self.data.catalog.facilities().get(i))
            {
                self.commands
                    .push(Command::RequestDelete(facility.id.clone()));
            }
        });
    }

    /// Asks before the window closes with unsaved edits.
    pub(super) fn handle_close_request(&mut self, ui: &egui::Ui) {
        if std::mem::take(&mut self.editing.close_pending) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        let close_requested = ui.input(|i| i.viewport().close_requested());
        if close_requested && self.is_dirty() && !self.editing.allow_close {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.flush_recovery(ui.ctx(), true);
            self.editing.dialog = Some(Dialog::Quit {
                edit_count: self.editing.history.undo_len(),
            });
        }
    }

    /// Writes the recovery copy when edits are unsaved (at most every few seconds unless
    /// `now`), or removes it when everything is saved.
    pub(super) fn flush_recovery(&mut self, ctx: &egui::Context, now: bool) {
        if !self.editing.recovery_due {
            return;
        }
        let Some(store) = self.editing.recovery.as_mut() else {
            self.editing.recovery_due = false;
            return;
        };
        if !now && let Some(last) = self.editing.last_recovery_write {
            let elapsed = last.elapsed();
            if elapsed < RECOVERY_INTERVAL {
                ctx.request_repaint_after(RECOVERY_INTERVAL - elapsed);
                return;
            }
        }
        if self.editing.history.is_dirty() {
            if let Err(error) = store.write(&self.data.origin, self.data.catalog.facilities()) {
                let reason = error.to_string();
                self.set_status(
                    Phrase::new(|lang| i18n::recovery_unwritable(lang, &reason)),
                    true,
                );
            }
        } else {
            store.discard_own();
        }
        self.editing.last_recovery_write = Some(Instant::now());
        self.editing.recovery_due = false;
    }

    /// Applies one editing command.
    pub(super) fn apply_edit_command(&mut self, command: Command) {
        match command {
            Command::SetEditing(on) => {
                if on && let Some(error) = &self.data.error {
                    let message = Phrase::new(|lang| i18n::cannot_edit_unloaded(lang, error));
                    self.set_status(message, true);
                    return;
                }
                self.editing.enabled = on;
                self.editing.tool = EditTool::Select;
                // The form is larger than the details card: keep the selection beside it.
                self.reveal_frames_left = 3;
                self.editing.draft_corners.clear();
                self.sync_form();
            }
            Command::SetEditTool(tool) => {
                if !matches!(tool, EditTool::DrawArea(_)) {
                    self.editing.draft_corners.clear();
                }
                self.editing.tool = tool;
            }
            Command::AddPointAt(point) => {
                let EditTool::AddPoint(category) = self.editing.tool else {
                    return;
                };
                let facility = self.new_facility(category, FacilityGeometry::Point(point));
                self.commit(Edit::Insert {
                    index: self.data.catalog.len(),
                    facility: Box::new(facility),
                });
                self.editing.tool = EditTool::Select;
            }
            Command::AddDraftCorner(point) => self.editing.draft_corners.push(point.0),
            Command::RemoveLastDraftCorner => {
                self.editing.draft_corners.pop();
            }
            Command::CancelDraftArea => self.editing.draft_corners.clear(),
            Command::FinishDraftArea => {
                let EditTool::DrawArea(category) = self.editing.tool else {
                    return;
                };
                match area_from_corners(&self.editing.draft_corners) {
                    Some(geometry) => {
                        let facility = self.new_facility(category, geometry);
                        self.editing.draft_corners.clear();
                        self.commit(Edit::Insert {
                            index: self.data.catalog.len(),
                            facility: Box::new(facility),
                        });
                        self.editing.tool = EditTool::Select;
                    }
                    None => self.set_status(Text::AreaNeedsCorners, true),
                }
            }
            Command::Reshape(id, geometry) => {
                let Some((index, before)) = self.facility_at(&id) else {
                    return;
                };
                let mut after = before.clone();
                after.geometry = geometry;
                self.commit(Edit::Replace {
                    index,
                    before: Box::new(before),
                    after: Box::new(after),
                });
            }
            Command::UpdateFacility(after) => {
                let Some((index, before)) = self.facility_at(&after.id) else {
                    return;
                };
                if let Some(problem) = problems(&after).first() {
                    self.set_status(problem.clone(), true);
                    return;
                }
                if before != *after {
                    self.commit(Edit::Replace {
                        index,
                        before: Box::new(before),
                        after,
                    });
                }
            }
            Command::RequestDelete(id) => {
                if let Some((_, facility)) = self.facility_at(&id) {
                    self.editing.dialog = Some(Dialog::ConfirmDelete {
                        id,
                        name: facility.name_zh,
                    });
                }
            }
            Command::Delete(id) => {
                self.editing.dialog = None;
                let Some((index, facility)) = self.facility_at(&id) else {
                    return;
                };
                self.selected = None;
                self.commit(Edit::Remove {
                    index,
                    facility: Box::new(facility),
                });
            }
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::Save => self.save(false),
            Command::SaveOverwritingChanges => self.save(true),
            Command::OpenFileDialog(action) => self.open_file_dialog(action),
            Command::SaveAs(path) => {
                if self.write_data_file(&path) {
                    self.editing.dialog = None;
                }
            }
            Command::Export(format, path) => self.export(format, &path),
            Command::Import(path, datum) => self.import(&path, datum),
            Command::RestoreRecovery => self.restore_recovery(),
            Command::DiscardRecovery => {
                if let (Some(store), Some(pending)) =
                    (&self.editing.recovery, &self.editing.pending_recovery)
                {
                    store.remove_stale(&pending.file);
                }
                self.editing.pending_recovery = None;
                self.editing.dialog = None;
            }
            Command::CloseDialog => {
                self.editing.dialog = None;
                self.editing.quit_after_save = false;
            }
            Command::SaveAndQuit => {
                self.editing.quit_after_save = true;
                self.editing.dialog = None;
                self.save(false);
            }
            Command::QuitWithoutSaving => {
                if let Some(store) = &mut self.editing.recovery {
                    store.discard_own();
                }
                self.editing.dialog = None;
                self.editing.allow_close = true;
                self.editing.close_pending = true;
            }
            other => log::warn!("not an editing command: {other:?}"),
        }
    }

    fn facility_at(&self, id: &FacilityId) -> Option<(usize, Facility)> {
        let index = self.data.catalog.index_of(id)?;
        let facility = self.data.catalog.facilities().get(index)?.clone();
        Some((index, facility))
    }

    /// A new facility placed by staff, with honest provenance.
    fn new_facility(&self, category: Category, geometry: FacilityGeometry) -> Facility {
        let id = (1..)
            .map(|n| FacilityId(format!("{}-new-{n:02}", category.slug())))
            .find(|id| self.data.catalog.index_of(id).is_none())
            .unwrap_or_else(|| FacilityId(format!("{}-new", category.slug())));
        let zoom_level = self.view.map_memory.zoom();
        let precision = if zoom_level >= APPROXIMATE_FROM_ZOOM_LEVEL {
            Precision::Approximate
        } else {
            Precision::Illustrative
        };
        let today = today_iso();
        Facility::new(
            id,
            category,
            i18n::new_facility_names(category),
            Provenance {
                source_quote: String::new(),
                source_ref: i18n::added_by_staff(&today),
                precision,
                method: i18n::placed_by_click(zoom_level, &today),
            },
            geometry,
        )
    }

    /// Applies an edit through the history and refreshes everything derived from the data.
    fn commit(&mut self, edit: Edit) {
        let previously_selected = self.selected_id().cloned();
        let touched = edit.touched_id().cloned();
        let description = Phrase::new(|lang| i18n::edit_description(&edit, lang));
        let history = &mut self.editing.history;
        match self.data.catalog.modify(|list| history.apply(edit, list)) {
            Ok(()) => {
                let status = Phrase::new(|lang| i18n::edit_applied(lang, description.get(lang)));
                self.set_status(status, false);
                self.after_edit(touched.or(previously_selected));
            }
            Err(error) => {
                let reason = error.to_string();
                self.set_status(Phrase::new(|lang| i18n::edit_refused(lang, &reason)), true);
            }
        }
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let previously_selected = self.selected_id().cloned();
        let history = &mut self.editing.history;
        let result = self.data.catalog.modify(|list| {
            let edit = if undo {
                history.undo(list)
            } else {
                history.redo(list)
            };
            edit.map(|edit| {
                edit.map(|edit| {
                    let shown = if undo { edit.inverse() } else { edit.clone() };
                    (
                        Phrase::new(|lang| i18n::edit_description(edit, lang)),
                        shown.touched_id().cloned(),
                    )
                })
            })
        });
        match result {
            Ok(Some((description, touched))) => {
                let status =
                    Phrase::new(|lang| i18n::undone_or_redone(lang, undo, description.get(lang)));
                self.set_status(status, false);
                self.after_edit(touched.or(previously_selected));
            }
            Ok(None) => {}
            Err(error) => {
                let reason = error.to_string();
                self.set_status(Phrase::new(|lang| i18n::undo_failed(lang, &reason)), true);
            }
        }
    }

    /// After the list changed: rebuild derived data, keep or move the selection, refresh the
    /// form and schedule the recovery copy.
    fn after_edit(&mut self, select: Option<FacilityId>) {
        self.data.rebuild(self.prepared_datum);
        self.refresh_availability(true);
        let mentions = self.data.catalog.mentions();
        self.article.link_mentions(&mentions);
        self.selected = select.and_then(|id| self.data.catalog.index_of(&id));
        if let Some(category) = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i))
            .map(|f| f.category)
        {
            self.view.filter.set_visible(category, true);
        }
        self.refresh_list();
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.set_reference_point(point);
        }
        self.sync_form();
        self.editing.recovery_due = true;
    }

    /// Points the form at the selected facility, as it is now.
    pub(super) fn sync_form(&mut self) {
        let selected = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i));
        self.editing.form = match (self.editing.enabled, selected) {
            (true, Some(facility)) => Some(FormState::new(facility)),
            _ => None,
        };
    }

    fn open_file_dialog(&mut self, action: FileAction) {
        let directory = match &self.data.source {
            DataSource::File(path) => path.parent().map(Path::to_path_buf),
            DataSource::Bundled => None,
        }
        .or_else(|| directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_default();
        let file_name = match action {
            FileAction::SaveAs | FileAction::Export(ExportFormat::GeoJson) => {
                "zhongzhan-facilities.geojson"
            }
            FileAction::Export(ExportFormat::Csv) => "zhongzhan-facilities.csv",
            FileAction::Export(ExportFormat::Png) => "zhongzhan-map.png",
            FileAction::Export(ExportFormat::Sheet) => "zhongzhan-facilities-sheet.html",
            FileAction::Import => "",
        };
        self.editing.dialog = Some(Dialog::File(FileDialog {
            action,
            path_text: directory.join(file_name).display().to_string(),
            datum: SourceDatum::Wgs84,
            error: None,
        }));
    }

    fn file_dialog_error(&mut self, message: Phrase) {
        if let Some(Dialog::File(file)) = &mut self.editing.dialog {
            file.error = Some(message.clone());
        }
        self.set_status(message, true);
    }

    /// Saves to the data file, first checking that nobody changed it since it was read.
    fn save(&mut self, overwrite_changes: bool) {
        let DataSource::File(path) = self.data.source.clone() else {
            self.open_file_dialog(FileAction::SaveAs);
            return;
        };
        if !overwrite_changes {
            let expected = self.data.content_hash.unwrap_or_default();
            let (changes, note) = match disk_state(&path, expected) {
                DiskState::Unchanged => {
                    self.write_data_file(&path);
                    return;
                }
                DiskState::Changed(text) => {
                    match parse_facilities(&text, &path.display().to_string()) {
                        Ok(theirs) => (Some(diff(&theirs, self.data.catalog.facilities())), None),
                        Err(error) => {
                            let reason = error.to_string();
                            (
                                None,
                                Some(Phrase::new(|lang| {
                                    i18n::disk_file_unreadable(lang, &reason)
                                })),
                            )
                        }
                    }
                }
                DiskState::Missing => (None, Some(Phrase::from(Text::FileMissing))),
            };
            self.editing.dialog = Some(Dialog::FileChanged {
                path: path.display().to_string(),
                changes,
                note,
            });
            return;
        }
        self.write_data_file(&path);
    }

    /// Writes the data as GeoJSON to `path` (atomically, with backups) and makes it the
    /// file being edited. Returns whether it worked.
    fn write_data_file(&mut self, path: &Path) -> bool {
        let text = match to_geojson_text(self.data.catalog.facilities(), Some(COLLECTION_NAME)) {
            Ok(text) => text,
            Err(error) => {
                self.file_dialog_error(Phrase::untranslated(error.to_string()));
                return false;
            }
        };
        if let Err(error) = save_atomically(path, &text, BACKUP_COUNT) {
            self.editing.quit_after_save = false;
            let reason = error.to_string();
            self.file_dialog_error(Phrase::new(|lang| i18n::save_failed(lang, &reason)));
            return false;
        }
        self.data.content_hash = Some(content_hash(&text));
        self.data.source = DataSource::File(path.to_path_buf());
        self.data.origin = path.display().to_string();
        self.editing.history.mark_saved();
        if let Some(store) = &mut self.editing.recovery {
            store.discard_own();
            if let Err(error) = store.claim(&self.data.origin) {
                log::warn!("{error}");
            }
        }
        self.editing.recovery_due = false;
        self.editing.dialog = None;
        let (count, shown_path) = (self.data.catalog.len(), path.display().to_string());
        self.set_status(
            Phrase::new(|lang| i18n::saved(lang, count, &shown_path, BACKUP_COUNT)),
            false,
        );
        if self.editing.quit_after_save {
            self.editing.allow_close = true;
            self.editing.close_pending = true;
        }
        true
    }

    fn export(&mut self, format: ExportFormat, path: &Path) {
        let facilities = self.data.catalog.facilities();
        let text = match format {
            ExportFormat::GeoJson => {
                to_geojson_text(facilities, Some(COLLECTION_NAME)).map_err(|e| e.to_string())
            }
            ExportFormat::Csv => to_csv_text(facilities).map_err(|e| e.to_string()),
            ExportFormat::Png => {
                self.start_poster(path.to_path_buf());
                return;
            }
            ExportFormat::Sheet => {
                match self.write_sheet(path) {
                    Ok(()) => {
                        self.editing.dialog = None;
                        let shown = path.display().to_string();
                        self.set_status(
                            Phrase::new(|lang| i18n::field(lang, Text::SheetWritten, &shown)),
                            false,
                        );
                    }
                    Err(error) => self.file_dialog_error(Phrase::new(|lang| {
                        i18n::field(lang, Text::ExportFailed, &error)
                    })),
                }
                return;
            }
        };
        let result =
            text.and_then(|text| save_atomically(path, &text, 1).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                self.editing.dialog = None;
                let (count, shown_path) = (facilities.len(), path.display().to_string());
                self.set_status(
                    Phrase::new(|lang| i18n::exported(lang, count, &shown_path)),
                    false,
                );
            }
            Err(error) => {
                self.file_dialog_error(Phrase::new(|lang| i18n::export_failed(lang, &error)));
            }
        }
    }

    fn import(&mut self, path: &Path, datum: SourceDatum) {
        let imported = match import_file(path, datum) {
            Ok(imported) => imported,
            Err(error) => {
                let reason = error.to_string();
                self.file_dialog_error(Phrase::new(|lang| i18n::import_failed(lang, &reason)));
                return;
            }
        };
        if imported.is_empty() {
            self.file_dialog_error(Phrase::from(Text::NoFacilitiesInFile));
            return;
        }
        let outside = crate::home_district().map_or(0, |home| {
            use geo::Contains;
            imported
                .iter()
                .filter(|f| !home.contains(&f.geometry.anchor()))
                .count()
        });
        let extent = Catalog::extent(&imported);
        let count = imported.len();
        let plan = plan_import(self.data.catalog.facilities(), imported);
        let renamed = plan.renamed.len();
        self.editing.dialog = None;
        self.commit(plan.edit);
        let shown_path = path.display().to_string();
        let message =
            Phrase::new(|lang| i18n::imported(lang, count, &shown_path, renamed, outside));
        self.set_status(message, outside > 0);
        self.pending_fit = extent;
    }

    fn restore_recovery(&mut self) {
        self.editing.dialog = None;
        let Some(recovery) = self.editing.pending_recovery.take() else {
            return;
        };
        let restored_file = recovery.file.clone();
        let source_path = PathBuf::from(&recovery.source);
        if recovery.source != self.data.origin && source_path.is_file() {
            self.data = LoadedData::load(DataSource::File(source_path), self.prepared_datum);
            self.editing.history = History::default();
            self.after_data_change();
        }
        let current = self.data.catalog.facilities();
        let mut edits: Vec<Edit> = current
            .iter()
            .enumerate()
            .rev()
            .map(|(index, facility)| Edit::Remove {
                index,
                facility: Box::new(facility.clone()),
            })
            .collect();
        edits.extend(
            recovery
                .facilities
                .into_iter()
                .enumerate()
                .map(|(index, facility)| Edit::Insert {
                    index,
                    facility: Box::new(facility),
                }),
        );
        self.editing.enabled = self.data.error.is_none();
        self.commit(Edit::Batch(edits));
        // The stale copy goes only once this instance's own copy holds the restored edits.
        if let Some(store) = &mut self.editing.recovery {
            match store.write(&self.data.origin, self.data.catalog.facilities()) {
                Ok(()) => drop(store.remove_stale(&restored_file)),
                Err(error) => log::warn!("{error}; {} is kept", restored_file.display()),
            }
        }
        self.set_status(Text::RecoveryRestored, false);
    }
}
