//! Edit mode of the app: applies the editing commands (add, reshape, update, delete, undo,
//! redo) through the undo history and keeps the edit form in step. Files (save, import, export,
//! recovery, quit) are in `files.rs`; the pure parts live in `model::edit`.

use std::time::Instant;

use geo::Coord;

use super::MapApp;
use crate::command::{Command, EditCommand, EditTool, UiCommand};
use crate::i18n::{self, Language, Phrase, Text};
use crate::model::edit::geometry_edit::area_from_corners;
use crate::model::edit::history::{Edit, History};
use crate::model::edit::tidy::tidy_edit;
use crate::model::io::recovery::Recovery;
use crate::model::io::recovery::RecoveryStore;
use crate::model::new_id;
use crate::model::provenance::shared_text;
use crate::model::time::today_iso;
use crate::model::{Category, Facility, FacilityGeometry, FacilityId, Precision, Provenance};
use crate::ui::dialogs::Dialog;
use crate::ui::edit_form::FormState;

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
    /// Edits applied since the recovery copy was last brought up to date (appended to its
    /// journal at the next flush).
    pub(super) journal_pending: Vec<Edit>,
    /// This instance wrote a full recovery copy for the current unsaved edits (later edits go
    /// to its journal).
    pub(super) copy_written: bool,
    pub(super) last_recovery_write: Option<Instant>,
    /// The system's file chooser, while it is open.
    pub(super) chooser: Option<super::chooser::OpenChooser>,
    /// The file dialog asked for the system's chooser this frame.
    pub(super) chooser_wanted: bool,
    /// Raised by a termination signal: close without asking, keeping the recovery copy.
    pub(super) termination: super::signals::TerminationFlag,
    /// A merge with the version on disk waiting for answers.
    pub(super) pending_merge: Option<super::files::PendingMerge>,
    /// The user chose to open the file read-only (another instance is editing it).
    pub(super) read_only: bool,
    /// The save running on the worker thread.
    pub(super) save_job: Option<super::saving::SaveJob>,
    /// Saves from this many facilities on run in the background (default: the module's).
    pub(super) background_save_from: Option<usize>,
    /// The window's context, for threads that wake it.
    pub(super) repaint: Option<egui::Context>,
    /// Close the window once saving worked.
    pub quit_after_save: bool,
    /// The user agreed to close; do not ask again.
    pub allow_close: bool,
    /// Ask the window to close at the next frame.
    pub close_pending: bool,
}

impl MapApp {
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
        if !self.editing.enabled || self.editing.dialog.is_some() || self.typing_in_a_field(ui) {
            return;
        }
        use egui::{Key, KeyboardShortcut, Modifiers};
        // Ctrl+Y redoes too, as in most Windows programs.
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        ui.input_mut(|input| {
            // Redo (Ctrl+Shift+Z) first: Ctrl+Z would also match it.
            for command in [UiCommand::Redo, UiCommand::Undo, UiCommand::Save] {
                let pressed = input.consume_shortcut(&command.shortcut())
                    || (command == UiCommand::Redo && input.consume_shortcut(&redo_y));
                if pressed && let Some(command) = command.command() {
                    self.commands.push(command);
                }
            }
            let drawing = matches!(self.editing.tool, EditTool::DrawArea(_));
            if drawing && input.key_pressed(Key::Enter) {
                self.commands
                    .push(Command::Edit(EditCommand::FinishDraftArea));
            }
            if drawing && input.key_pressed(Key::Backspace) {
                self.commands
                    .push(Command::Edit(EditCommand::RemoveLastDraftCorner));
            }
            if !drawing
                && input.key_pressed(Key::Delete)
                && let Some(facility) = self
                    .selected
                    .and_then(|i| self.data.catalog.facilities().get(i))
            {
                self.commands.push(Command::Edit(EditCommand::RequestDelete(
                    facility.id.clone(),
                )));
            }
        });
    }

    /// Applies a command that changes the data or edit mode (edits go through the history).
    pub(super) fn apply_edit(&mut self, command: EditCommand) {
        match command {
            EditCommand::SetEditing(on) => {
                if on && let Some(error) = &self.data.error {
                    let message = Phrase::new(|lang| i18n::cannot_edit_unloaded(lang, error));
                    self.set_status(message, true);
                    return;
                }
                if on && let Some(reason) = self.edit_blocked() {
                    self.set_status(reason, true);
                    return;
                }
                self.editing.enabled = on;
                self.editing.tool = EditTool::Select;
                self.editing.draft_corners.clear();
                self.sync_form();
            }
            EditCommand::SetEditTool(tool) => {
                if !matches!(tool, EditTool::DrawArea(_)) {
                    self.editing.draft_corners.clear();
                }
                self.editing.tool = tool;
            }
            EditCommand::AddPointAt(point) => {
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
            EditCommand::AddDraftCorner(point) => self.editing.draft_corners.push(point.0),
            EditCommand::RemoveLastDraftCorner => {
                self.editing.draft_corners.pop();
            }
            EditCommand::CancelDraftArea => self.editing.draft_corners.clear(),
            EditCommand::FinishDraftArea => {
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
            EditCommand::Reshape(id, geometry) => {
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
            EditCommand::UpdateFacility(after) => {
                let Some((index, before)) = self.facility_at(&after.id) else {
                    return;
                };
                if let Some(problem) = after.problems().into_iter().find(|p| p.is_error()) {
                    let message = Phrase::new(|lang| i18n::facility_problem(&problem, lang));
                    self.set_status(message, true);
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
            EditCommand::RequestDelete(id) => {
                if let Some((_, facility)) = self.facility_at(&id) {
                    self.editing.dialog = Some(Dialog::ConfirmDelete {
                        id,
                        name: facility.name_zh.to_string(),
                    });
                }
            }
            EditCommand::Delete(id) => {
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
            EditCommand::Undo => self.undo_or_redo(true),
            EditCommand::Redo => self.undo_or_redo(false),
        }
    }

    fn facility_at(&self, id: &FacilityId) -> Option<(usize, Facility)> {
        let index = self.data.catalog.index_of(id)?;
        let facility = self.data.catalog.facilities().get(index)?.clone();
        Some((index, facility))
    }

    /// A new facility placed by staff, with honest provenance.
    fn new_facility(&self, category: Category, geometry: FacilityGeometry) -> Facility {
        // On the shared database other desktops add facilities too: a random UUID each.
        let id = match &self.data.source {
            super::DataSource::Database(_) => new_id::unique_id(category),
            super::DataSource::Bundled | super::DataSource::File(_) => {
                new_id::short_id(category, |id| self.data.catalog.index_of(id).is_some())
            }
        };
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
                source_quote: Default::default(),
                source_ref: shared_text(&i18n::added_by_staff(&today)),
                precision,
                method: shared_text(&i18n::placed_by_click(zoom_level, &today)),
            },
            geometry,
        )
    }

    /// Applies an edit through the history and refreshes everything derived from the data.
    pub(super) fn commit(&mut self, mut edit: Edit) {
        // What staff typed or dragged is tidied (line breaks in one-line fields, coordinates to
        // 7 decimals); batches (imports, restores, merges) keep their data as it came.
        match &mut edit {
            Edit::Replace { before, after, .. } => tidy_edit(Some(before), after),
            Edit::Insert { facility, .. } => tidy_edit(None, facility),
            Edit::Remove { .. } | Edit::Batch(_) => {}
        }
        let previously_selected = self.selected_id().cloned();
        let touched = edit.touched_id().cloned();
        let in_place = super::incremental::in_place(&edit, self.data.catalog.len());
        let description = Phrase::new(|lang| i18n::edit_description(&edit, lang));
        let history = &mut self.editing.history;
        let journaled = edit.clone();
        let apply = |list: &mut Vec<Facility>| history.apply(edit, list);
        let applied = match &in_place {
            Some(change) => self.data.catalog.modify_one(change.index(), apply),
            None => self.data.catalog.modify(apply),
        };
        match applied {
            Ok(()) => {
                self.queue_database_saves(&journaled);
                self.editing.journal_pending.push(journaled);
                let status = Phrase::new(|lang| i18n::edit_applied(lang, description.get(lang)));
                self.set_status(status, false);
                match in_place {
                    Some(change) => self.after_one_change(change),
                    None => self.after_edit(touched.or(previously_selected)),
                }
            }
            Err(error) => {
                let reason = error.to_string();
                self.set_status(Phrase::new(|lang| i18n::edit_refused(lang, &reason)), true);
            }
        }
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let previously_selected = self.selected_id().cloned();
        let in_place = if undo {
            self.editing.history.next_undo().map(Edit::inverse)
        } else {
            self.editing.history.next_redo().cloned()
        }
        .as_ref()
        .and_then(|edit| super::incremental::in_place(edit, self.data.catalog.len()));
        let history = &mut self.editing.history;
        let change = |list: &mut Vec<Facility>| {
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
                        shown,
                    )
                })
            })
        };
        let result = match &in_place {
            Some(one) => self.data.catalog.modify_one(one.index(), change),
            None => self.data.catalog.modify(change),
        };
        match result {
            Ok(Some((description, touched, applied))) => {
                self.queue_database_saves(&applied);
                self.editing.journal_pending.push(applied);
                let status =
                    Phrase::new(|lang| i18n::undone_or_redone(lang, undo, description.get(lang)));
                self.set_status(status, false);
                match in_place {
                    Some(change) => self.after_one_change(change),
                    None => self.after_edit(touched.or(previously_selected)),
                }
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
        self.after_edit_selection();
        self.refresh_list();
        if let Some(point) = self.nearby.as_ref().map(|n| n.point) {
            self.set_reference_point(point);
        }
        self.sync_form();
        self.editing.recovery_due = true;
    }

    /// After an edit: the selected facility's details are shown and its category visible.
    /// Returns whether that changed the category filter (the list is then made again).
    pub(super) fn after_edit_selection(&mut self) -> bool {
        if self.selected.is_some() {
            self.sheet_tab = crate::command::SheetTab::Details;
            self.panels.open_sheet_for_content();
        }
        match self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i))
            .map(|f| f.category)
        {
            Some(category) if !self.view.filter.is_visible(category) => {
                self.view.filter.set_visible(category, true);
                true
            }
            _ => false,
        }
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
}
