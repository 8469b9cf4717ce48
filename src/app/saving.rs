//! Saving the data file without freezing the window: a big file (from
//! [`BACKGROUND_SAVE_FROM`] facilities) is serialised and written on a worker thread while the
//! map stays usable and a progress bar with *取消 Cancel* shows how far it is; a small one is
//! written at once (a few milliseconds; a progress bar would only flash). Either way the same
//! safe save runs ([`save_atomically`]), and the history remembers which edit the written file
//! holds, so edits made during a background save stay marked unsaved.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::{BACKUP_COUNT, COLLECTION_NAME, DataSource, MapApp};
use crate::i18n::{self, Phrase, Text};
use crate::model::io::save::{
    DiskState, SaveError, SaveProgress, content_hash, disk_state, save_atomically,
};

/// From this many facilities, saving runs on a worker thread with a progress bar.
pub const BACKGROUND_SAVE_FROM: usize = 20_000;

/// What a save is for, which decides what happens after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SavePurpose {
    /// Ctrl+S on the file being edited.
    Save,
    /// "Save mine": the version on disk was kept as this conflict copy first.
    SaveKeepingTheirs(String),
    /// Save as: the new file becomes the file being edited.
    SaveAs,
}

/// A save running on the worker thread.
pub(super) struct SaveJob {
    path: PathBuf,
    /// The history position the written text holds.
    serial: u64,
    purpose: SavePurpose,
    progress: Arc<SaveProgress>,
    /// The egui pass it started in: its progress is drawn in at least the next one.
    started_pass: Option<u64>,
    /// The content hash of the written text, or why nothing was written.
    answer: Receiver<Result<u64, SaveError>>,
}

/// What the progress bar shows of a running save.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SaveStatus {
    /// Facilities serialised so far.
    pub done: usize,
    /// All facilities.
    pub total: usize,
    /// The text is complete and the file is being written (cannot be cancelled any more).
    pub writing: bool,
}

impl MapApp {
    /// Saves from `count` facilities on in the background (tests use small numbers to see the
    /// progress bar; the default is [`BACKGROUND_SAVE_FROM`]).
    pub fn with_background_save_from(mut self, count: usize) -> Self {
        self.editing.background_save_from = Some(count);
        self
    }

    /// Whether a save of the data now runs on the worker thread (a big file).
    pub(super) fn saves_in_background(&self) -> bool {
        let threshold = self
            .editing
            .background_save_from
            .unwrap_or(BACKGROUND_SAVE_FROM);
        self.data.catalog.len() >= threshold
    }

    /// The running save, if any, for the progress bar.
    pub fn save_status(&self) -> Option<SaveStatus> {
        self.editing.save_job.as_ref().map(|job| {
            let (done, total) = job.progress.counts();
            SaveStatus {
                done,
                total,
                writing: job.progress.is_writing(),
            }
        })
    }

    /// Writes the data as GeoJSON to `path` (atomically, with backups): at once for a small
    /// file, on the worker thread for a big one. Returns whether it is written or under way.
    /// `unchanged_since`: the content hash the file must still have (checked on the worker
    /// just before writing; a change comes back as [`SaveError::ChangedOnDisk`]).
    pub(super) fn write_data_file(
        &mut self,
        path: &std::path::Path,
        purpose: SavePurpose,
        unchanged_since: Option<u64>,
    ) -> bool {
        if self.editing.save_job.is_some() {
            self.set_status(Text::SaveUnderWay, true);
            return false;
        }
        let serial = self.editing.history.position();
        let threshold = self
            .editing
            .background_save_from
            .unwrap_or(BACKGROUND_SAVE_FROM);
        let progress = Arc::new(SaveProgress::default());
        if self.data.catalog.len() < threshold {
            let result = write_text(
                self.data.catalog.facilities(),
                path.to_path_buf(),
                &progress,
                unchanged_since,
            );
            return self.finish_save(path.to_path_buf(), serial, purpose, result);
        }
        // Shared, not copied: an edit made during the save copies the list then (copy on write).
        let facilities = self.data.catalog.shared();
        let (sender, answer) = channel();
        let (thread_path, thread_progress) = (path.to_path_buf(), Arc::clone(&progress));
        let ctx = self.editing.repaint.clone();
        let spawned = std::thread::Builder::new()
            .name("save".to_owned())
            .spawn(move || {
                let result =
                    write_text(&facilities, thread_path, &thread_progress, unchanged_since);
                if sender.send(result).is_err() {
                    log::warn!("the window closed before the save finished");
                }
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.editing.dialog = None;
                self.editing.save_job = Some(SaveJob {
                    path: path.to_path_buf(),
                    serial,
                    purpose,
                    progress,
                    started_pass: self
                        .editing
                        .repaint
                        .as_ref()
                        .map(egui::Context::cumulative_pass_nr),
                    answer,
                });
                true
            }
            Err(error) => {
                let reason = error.to_string();
                self.set_status(Phrase::new(|lang| i18n::save_failed(lang, &reason)), true);
                false
            }
        }
    }

    /// Asks the running save to stop before it touches the file.
    pub(super) fn cancel_save(&mut self) {
        if let Some(job) = &self.editing.save_job {
            job.progress.cancel();
        }
    }

    /// Finishes a background save once the worker answered (called every frame, after the
    /// frame is drawn, so a started save shows its progress at least once).
    pub(super) fn poll_save(&mut self, ctx: &egui::Context) {
        if self.editing.repaint.is_none() {
            self.editing.repaint = Some(ctx.clone());
        }
        let Some(job) = &self.editing.save_job else {
            return;
        };
        if job.started_pass == Some(ctx.cumulative_pass_nr()) {
            ctx.request_repaint();
            return;
        }
        let result = match job.answer.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                return;
            }
            Err(TryRecvError::Disconnected) => Err(SaveError::Cancelled),
        };
        if let Some(job) = self.editing.save_job.take() {
            self.finish_save(job.path, job.serial, job.purpose, result);
        }
    }

    /// Records a finished save: the file's fingerprint, which edit it holds, the recovery
    /// copy, the message, and quitting if that waited for it. Returns whether it worked.
    fn finish_save(
        &mut self,
        path: PathBuf,
        serial: u64,
        purpose: SavePurpose,
        result: Result<u64, SaveError>,
    ) -> bool {
        let hash = match result {
            Ok(hash) => hash,
            Err(SaveError::Cancelled) => {
                self.editing.quit_after_save = false;
                self.set_status(Text::SaveCancelled, false);
                return false;
            }
            Err(SaveError::ChangedOnDisk) => {
                self.editing.quit_after_save = false;
                self.show_file_changed(&path);
                return false;
            }
            Err(error) => {
                self.editing.quit_after_save = false;
                let reason = error.to_string();
                let message = Phrase::new(|lang| i18n::save_failed(lang, &reason));
                if let Some(crate::ui::dialogs::Dialog::File(file)) = &mut self.editing.dialog {
                    file.error = Some(message.clone());
                }
                self.set_status(message, true);
                return false;
            }
        };
        self.data.content_hash = Some(hash);
        self.data.source = DataSource::File(path.clone());
        self.data.origin = path.display().to_string();
        self.editing.history.mark_saved_at(serial);
        let still_dirty = self.editing.history.is_dirty();
        if let Some(store) = &mut self.editing.recovery {
            if !still_dirty {
                store.discard_own();
            }
            if let Err(error) = store.claim(&self.data.origin) {
                log::warn!("{error}");
            }
        }
        // Edits made while a big save ran still need their recovery copy (a full one: the
        // claim may have moved to a new file).
        self.forget_recovery_state();
        self.editing.recovery_due = still_dirty;
        self.editing.dialog = None;
        let (count, shown_path) = (self.data.catalog.len(), path.display().to_string());
        match purpose {
            SavePurpose::Save | SavePurpose::SaveAs => self.set_status(
                Phrase::new(|lang| i18n::saved(lang, count, &shown_path, BACKUP_COUNT)),
                false,
            ),
            SavePurpose::SaveKeepingTheirs(copy) => {
                log::info!("the version on disk was kept as {copy}");
                self.set_status(
                    Phrase::new(move |lang| {
                        format!(
                            "{} {}",
                            i18n::saved(lang, count, &shown_path, BACKUP_COUNT),
                            i18n::saved_keeping_theirs(lang, &copy)
                        )
                    }),
                    true,
                );
            }
        }
        if self.editing.quit_after_save && !still_dirty {
            self.editing.allow_close = true;
            self.editing.close_pending = true;
        }
        true
    }
}

/// Serialises `facilities` and writes them to `path`; the content hash of what was written.
fn write_text(
    facilities: &[crate::model::Facility],
    path: PathBuf,
    progress: &SaveProgress,
    unchanged_since: Option<u64>,
) -> Result<u64, SaveError> {
    let text = crate::model::io::save::to_geojson_text_tracked(
        facilities,
        Some(COLLECTION_NAME),
        progress,
    )?;
    // Checked here, on the worker, just before writing: reading and hashing a big file took
    // the window a second when it was done before the save started.
    if let Some(expected) = unchanged_since
        && disk_state(&path, expected) != DiskState::Unchanged
    {
        return Err(SaveError::ChangedOnDisk);
    }
    progress.start_writing();
    save_atomically(&path, &text, BACKUP_COUNT)?;
    Ok(content_hash(&text))
}
