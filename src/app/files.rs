//! Files: saving (with the changed-on-disk check), Save as, export, import, the recovery copy
//! of unsaved edits, and quitting with unsaved edits.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::saving::SavePurpose;
use super::{DataSource, LoadedData, MapApp};
use crate::command::{Command, ExportFormat, FileAction, FileCommand};
use crate::i18n::{self, Phrase, Text};
use crate::model::edit::diff::diff;
use crate::model::edit::history::{Edit, History};
use crate::model::edit::reconcile::{ListMerge, merge_lists};
use crate::model::io::csv_table::to_csv_text;
use crate::model::io::import::{SourceDatum, import_file_decoded, plan_import, record_import};
use crate::model::io::load::parse_facilities;
use crate::model::io::recovery::{Found, OthersEditing, Recovery, RecoveryStore};
use crate::model::io::save::{
    DiskState, content_hash, disk_state, keep_conflict_copy, save_atomically, to_geojson_text,
};
use crate::model::io::stranded::find_stranded_saves;
use crate::model::time::datetime_text;
use crate::model::{Catalog, Facility};
use crate::ui::dialogs::{Dialog, FileDialog};

/// A merge with the version on disk waiting for the user's answers.
pub(super) struct PendingMerge {
    merge: ListMerge,
    /// The version on disk, as read.
    theirs: Vec<Facility>,
    /// Its content hash (the file holds it once the merge is applied).
    their_hash: u64,
}

/// How many earlier versions are kept beside a saved file (`.bak1` newest … `.bak5`).
pub const BACKUP_COUNT: usize = 5;
pub use crate::model::io::save::COLLECTION_NAME;
/// After this many journaled edits the recovery copy is written in full again.
const JOURNAL_EDITS_PER_COPY: usize = 500;
/// The recovery copy is brought up to date at most this often while edits continue.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(2);
impl MapApp {
    /// Keeps a recovery copy of unsaved edits in `dir`, and offers the copy an earlier run left
    /// there (on the shared database: the edits waiting for it).
    pub fn with_recovery_dir(mut self, dir: PathBuf) -> Self {
        self.attach_recovery_dir(dir);
        self
    }

    /// [`MapApp::with_recovery_dir`] on the app in place; while a big file is read, once it is.
    pub(super) fn attach_recovery_dir(&mut self, dir: PathBuf) {
        if let Some(loading) = &mut self.loading {
            loading.recovery_dir = Some(dir);
            return;
        }
        if let DataSource::Database(_) = &self.data.source {
            // The shared database keeps every saved edit itself, and colleagues editing it at
            // once is the point; only the edits waiting for the server are kept on disk.
            self.keep_pending_saves_in(&dir);
            return;
        }
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
            let text = OthersEditing(others.clone()).to_string();
            self.set_status(Phrase::untranslated(text), true);
            if self.editing.dialog.is_none() {
                self.editing.dialog = Some(Dialog::OthersEditing { pids: others });
            }
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
            // A full copy once per stretch of unsaved edits (or when the journal grew long),
            // then only the edits themselves.
            let pending = std::mem::take(&mut self.editing.journal_pending);
            let full = !self.editing.copy_written || pending.len() > JOURNAL_EDITS_PER_COPY;
            let result = if full {
                store.write(&self.data.origin, self.data.catalog.facilities())
            } else if pending.is_empty() {
                Ok(())
            } else {
                store.append(&self.data.origin, &pending)
            };
            match result {
                Ok(()) => self.editing.copy_written |= full,
                Err(error) => {
                    // The next flush writes a full copy instead.
                    self.editing.copy_written = false;
                    let reason = error.to_string();
                    self.set_status(
                        Phrase::new(|lang| i18n::recovery_unwritable(lang, &reason)),
                        true,
                    );
                }
            }
        } else {
            store.discard_own();
            self.editing.copy_written = false;
            self.editing.journal_pending.clear();
        }
        self.editing.last_recovery_write = Some(Instant::now());
        self.editing.recovery_due = false;
    }

    /// Applies a command about files and their dialogs.
    pub(super) fn apply_file(&mut self, command: FileCommand) {
        match command {
            FileCommand::Save => self.save(false),
            FileCommand::SaveOverwritingChanges => self.save(true),
            FileCommand::OpenFileDialog(action) => self.open_file_dialog(action),
            FileCommand::BrowseForFile => self.editing.chooser_wanted = true,
            FileCommand::DroppedFile(path) => self.dropped_file(path),
            FileCommand::OpenDropped(path) => self.open_data_file(path),
            FileCommand::ReadOnly => {
                self.editing.dialog = None;
                self.editing.read_only = true;
                if self.editing.enabled {
                    self.commands
                        .push(Command::Edit(crate::command::EditCommand::SetEditing(
                            false,
                        )));
                }
            }
            FileCommand::ImportDropped(path) => {
                self.editing.dialog = None;
                self.import_dropped(&path);
            }
            FileCommand::SaveAs(path) => {
                self.write_data_file(&path, SavePurpose::SaveAs, None);
            }
            FileCommand::CancelSave => self.cancel_save(),
            FileCommand::ReloadAndMerge => self.reload_and_merge(),
            FileCommand::ApplyMerge(rows) => {
                if self.has_database_merge() {
                    self.apply_database_merge(rows);
                } else if let Some(mut pending) = self.editing.pending_merge.take() {
                    pending.merge.rows = rows;
                    self.apply_merge(pending);
                }
            }
            FileCommand::Export(format, path) => self.export(format, &path),
            FileCommand::Import(path, datum) => self.import(&path, datum),
            FileCommand::RestoreRecovery => self.restore_recovery(),
            FileCommand::DiscardRecovery => {
                if let (Some(store), Some(pending)) =
                    (&self.editing.recovery, &self.editing.pending_recovery)
                {
                    store.remove_stale(&pending.file);
                }
                self.editing.pending_recovery = None;
                self.editing.dialog = None;
            }
            FileCommand::ResolveDatabaseConflicts => self.show_database_conflicts(),
            FileCommand::LoadHistory(id) => self.load_history(id),
            FileCommand::OpenConnectDialog => {
                self.editing.dialog = Some(Dialog::ConnectDatabase(Default::default()));
            }
            FileCommand::ConnectDatabase(request) => self.connect_database(request),
            FileCommand::RestoreVersion(id, version) => self.restore_version(&id, version),
            FileCommand::CloseDialog => {
                self.editing.dialog = None;
                self.editing.pending_merge = None;
                self.forget_database_merge();
                self.editing.quit_after_save = false;
            }
            FileCommand::SaveAndQuit => {
                self.editing.quit_after_save = true;
                self.editing.dialog = None;
                self.save(false);
            }
            FileCommand::QuitWithoutSaving => {
                if let Some(store) = &mut self.editing.recovery {
                    store.discard_own();
                }
                self.editing.dialog = None;
                self.editing.allow_close = true;
                self.editing.close_pending = true;
            }
            FileCommand::UseBundledData => {
                if self.editing.history.is_dirty() {
                    // Switching would drop them: they are saved (or discarded) first.
                    self.set_status(Text::SaveBeforeOpening, true);
                    return;
                }
                self.stop_loading();
                self.data = LoadedData::load(DataSource::Bundled, self.prepared_datum);
                self.editing.history = Default::default();
                self.forget_recovery_state();
                self.after_data_change();
                self.pending_fit = Catalog::extent(self.data.catalog.facilities());
            }
        }
    }

    fn open_file_dialog(&mut self, action: FileAction) {
        let directory = match &self.data.source {
            DataSource::File(path) => path.parent().map(Path::to_path_buf),
            DataSource::Bundled | DataSource::Database(_) => None,
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
            choosing: false,
        }));
    }

    /// Opens the system's file chooser for the file dialog shown.
    fn browse_for_file(&mut self, ctx: &egui::Context) {
        self.editing.chooser_wanted = false;
        let Some(Dialog::File(file)) = &mut self.editing.dialog else {
            return;
        };
        let start = PathBuf::from(file.path_text.trim());
        self.editing.chooser = super::chooser::OpenChooser::start(file.action, &start, ctx);
        file.choosing = self.editing.chooser.is_some();
    }

    /// Opens a chooser that was asked for, and puts its answer into the file dialog once it
    /// has one (called every frame).
    pub(super) fn poll_file_chooser(&mut self, ctx: &egui::Context) {
        if self.editing.chooser_wanted {
            self.browse_for_file(ctx);
        }
        let Some(answer) = self.editing.chooser.as_ref().and_then(|c| c.answer()) else {
            return;
        };
        self.editing.chooser = None;
        if let Some(Dialog::File(file)) = &mut self.editing.dialog {
            file.choosing = false;
            match answer {
                super::chooser::ChooserAnswer::Chosen(path) => {
                    file.path_text = path.display().to_string();
                    file.error = None;
                }
                super::chooser::ChooserAnswer::NoFile => {
                    file.error = Some(Phrase::from(Text::NoFileChosen));
                }
            }
        }
    }

    /// Files dropped on the window become commands; while files hover over it, a note says
    /// what dropping does.
    pub(super) fn take_dropped_files(&mut self, ui: &egui::Ui) {
        let (hovering, dropped) = ui.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|file| file.path().to_path_buf())
                    .filter(|path| !path.as_os_str().is_empty())
                    .collect::<Vec<_>>(),
            )
        });
        if hovering {
            let lang = self.view.language;
            egui::Area::new(egui::Id::unique("drop-to-import"))
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .order(egui::Order::Foreground)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.heading(Text::DropToImport.tr(lang));
                    });
                });
        }
        // One import at a time: the first dropped file.
        if let Some(path) = dropped.into_iter().next() {
            self.commands
                .push(Command::File(FileCommand::DroppedFile(path)));
        }
    }

    /// A dropped GeoJSON or CSV file opens the import dialog with its path (in edit mode);
    /// any other file is refused with a message.
    fn dropped_file(&mut self, path: PathBuf) {
        if !super::chooser::is_importable(&path) {
            let name = path.display().to_string();
            self.set_status(
                Phrase::new(move |lang| i18n::dropped_not_importable(lang, &name)),
                true,
            );
            return;
        }
        // A GeoJSON file can become the file being edited; any data file can be imported.
        let can_open = !path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
        self.editing.dialog = Some(Dialog::Dropped {
            path,
            can_open,
            unsaved: self.editing.history.is_dirty(),
        });
    }

    /// The dropped file goes into the import dialog (edit mode turns on).
    fn import_dropped(&mut self, path: &Path) {
        if !self.editing.enabled {
            self.commands
                .push(Command::Edit(crate::command::EditCommand::SetEditing(true)));
        }
        self.open_file_dialog(FileAction::Import);
        if let Some(Dialog::File(file)) = &mut self.editing.dialog {
            file.path_text = path.display().to_string();
        }
    }

    /// Opens `path` as the data file, as `--data` would; refused while edits are unsaved (the
    /// dialog says so and offers importing instead).
    fn open_data_file(&mut self, path: PathBuf) {
        self.editing.dialog = None;
        if self.editing.history.is_dirty() {
            self.set_status(Text::SaveBeforeOpening, true);
            return;
        }
        if let Some(store) = &mut self.editing.recovery {
            store.discard_own();
        }
        let (data, loading) =
            super::loading::start(DataSource::File(path), self.prepared_datum, true);
        self.data = data;
        self.loading = loading;
        self.editing.history = History::default();
        self.forget_recovery_state();
        if let Some(store) = &mut self.editing.recovery
            && let Err(error) = store.claim(&self.data.origin)
        {
            log::warn!("{error}");
        }
        self.after_data_change();
        self.pending_fit = Catalog::extent(self.data.catalog.facilities());
        let (count, shown) = (self.data.catalog.len(), self.data.origin.clone());
        self.set_status(
            Phrase::new(move |lang| i18n::opened_file(lang, count, &shown)),
            self.data.error.is_some(),
        );
    }

    /// "Reload and merge": reads the data file as it is on disk now and merges the unsaved
    /// edits into it (three-way, from the version last loaded or saved); asks only where both
    /// changed the same thing.
    fn reload_and_merge(&mut self) {
        let DataSource::File(path) = self.data.source.clone() else {
            return;
        };
        let failed = |app: &mut Self, reason: String| {
            app.set_status(
                Phrase::new(move |lang| i18n::merge_impossible(lang, &reason)),
                true,
            );
        };
        let decoded = match crate::model::io::text::read_text(&path) {
            Ok(decoded) => decoded,
            Err(error) => return failed(self, error.to_string()),
        };
        let theirs = match parse_facilities(&decoded.text, &path.display().to_string()) {
            Ok(theirs) => theirs,
            Err(error) => return failed(self, error.to_string()),
        };
        let mine = self.data.catalog.facilities();
        let Some(base) = self.editing.history.saved_state(mine) else {
            return failed(
                self,
                i18n::Text::MergeBaseLost.tr(self.view.language).to_owned(),
            );
        };
        let merge = merge_lists(&base, mine, &theirs);
        let pending = PendingMerge {
            merge,
            theirs,
            their_hash: content_hash(&decoded.text),
        };
        if pending.merge.is_clean() {
            self.apply_merge(pending);
        } else {
            self.editing.dialog = Some(Dialog::Merge {
                rows: pending.merge.rows.clone(),
                theirs_header: Text::ConflictOnDisk,
            });
            self.editing.pending_merge = Some(pending);
        }
    }

    /// Applies a merge as two undoable steps: first to their version (which is then what the
    /// file holds), then to the merged list on top — so Undo shows theirs, and undoing again
    /// returns to the edits as they were before the merge.
    fn apply_merge(&mut self, pending: PendingMerge) {
        let merged = pending.merge.resolve();
        let rows = &pending.merge.rows;
        let chosen_mine = rows.iter().filter(|row| row.take_mine).count();
        let (from_mine, asked) = (pending.merge.taken_from_mine + chosen_mine, rows.len());
        let to_theirs = Edit::replace_all(self.data.catalog.facilities(), pending.theirs.clone());
        self.commit(to_theirs);
        self.editing.history.mark_saved();
        self.data.content_hash = Some(pending.their_hash);
        if merged != pending.theirs {
            self.commit(Edit::replace_all(&pending.theirs, merged));
        }
        self.editing.dialog = None;
        self.editing.recovery_due = true;
        self.set_status(
            Phrase::new(move |lang| i18n::merged_with_disk(lang, from_mine, asked)),
            false,
        );
    }

    /// The data was replaced: the next recovery flush writes a full copy.
    pub(super) fn forget_recovery_state(&mut self) {
        self.editing.copy_written = false;
        self.editing.journal_pending.clear();
    }

    fn file_dialog_error(&mut self, message: Phrase) {
        if let Some(Dialog::File(file)) = &mut self.editing.dialog {
            file.error = Some(message.clone());
        }
        self.set_status(message, true);
    }

    /// Saves to the data file, first checking that nobody changed it since it was read.
    fn save(&mut self, overwrite_changes: bool) {
        if let DataSource::Database(_) = &self.data.source {
            // Every edit is saved as it is made; Save only says so.
            self.set_status(Text::DatabaseSavesEachEdit, false);
            return;
        }
        if self.is_loading() {
            // The file is not read yet: there is nothing to save, and its content must not
            // be replaced by the empty stand-in.
            self.set_status(Text::StillReadingFile, true);
            return;
        }
        let DataSource::File(path) = self.data.source.clone() else {
            self.open_file_dialog(FileAction::SaveAs);
            return;
        };
        if !overwrite_changes {
            let expected = self.data.content_hash.unwrap_or_default();
            if self.saves_in_background() {
                // The worker checks the file just before writing (reading and hashing a big
                // file here froze the window for a second).
                self.write_data_file(&path, SavePurpose::Save, Some(expected));
                return;
            }
            if disk_state(&path, expected) == DiskState::Unchanged {
                self.write_data_file(&path, SavePurpose::Save, None);
                return;
            }
            self.show_file_changed(&path);
            return;
        }
        // "Save mine": the version on disk is kept under its own name first (never rotated
        // away like a backup); if that fails nothing is written.
        let expected = self.data.content_hash.unwrap_or_default();
        let mut kept = None;
        if let DiskState::Changed(_) = disk_state(&path, expected) {
            let stamp = crate::model::time::china_now()
                .format("%Y%m%d-%H%M%S")
                .to_string();
            match keep_conflict_copy(&path, &stamp) {
                Ok(copy) => kept = Some(copy.display().to_string()),
                Err(error) => {
                    let reason = error.to_string();
                    self.set_status(
                        Phrase::new(|lang| i18n::conflict_copy_failed(lang, &reason)),
                        true,
                    );
                    return;
                }
            }
        }
        let purpose = kept.map_or(SavePurpose::Save, SavePurpose::SaveKeepingTheirs);
        self.write_data_file(&path, purpose, None);
    }

    /// The file changed (or vanished) on disk: the dialog lists what differs from what would
    /// be saved and offers Reload and merge, Save mine, Save as, Cancel.
    pub(super) fn show_file_changed(&mut self, path: &Path) {
        let expected = self.data.content_hash.unwrap_or_default();
        let (changes, note) = match disk_state(path, expected) {
            // Changed back meanwhile: the list is empty, the user may simply save again.
            DiskState::Unchanged => (Some(Vec::new()), None),
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
                self.start_sheet(path.to_path_buf());
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
        let (mut imported, encoding) = match import_file_decoded(path, datum) {
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
        record_import(&mut imported, path, &crate::model::time::today_iso(), datum);
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
        let message = Phrase::new(|lang| {
            let mut text = i18n::imported(lang, count, &shown_path, renamed, outside);
            if encoding.is_notable() {
                text.push(' ');
                text.push_str(&i18n::read_as(lang, encoding.name()));
            }
            text
        });
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
            self.forget_recovery_state();
            self.after_data_change();
        }
        let restore = Edit::replace_all(self.data.catalog.facilities(), recovery.facilities);
        self.editing.enabled = self.data.error.is_none();
        self.commit(restore);
        // The stale copy goes only once this instance's own copy holds the restored edits.
        if let Some(store) = &mut self.editing.recovery {
            match store.write(&self.data.origin, self.data.catalog.facilities()) {
                Ok(()) => {
                    self.editing.copy_written = true;
                    self.editing.journal_pending.clear();
                    if !store.remove_stale(&restored_file) {
                        log::warn!("{} is kept: its owner is alive", restored_file.display());
                    }
                }
                Err(error) => log::warn!("{error}; {} is kept", restored_file.display()),
            }
        }
        self.set_status(Text::RecoveryRestored, false);
    }
}
