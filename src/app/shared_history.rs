//! A facility's history on the shared database in the app: asked for when the details card's
//! history section opens, read on the worker thread, shown newest first in China time, asked
//! again after the facility changes; restoring a version is an ordinary edit (undoable, saved
//! like any other).

use super::MapApp;
use super::shared::SharedDb;
use super::shared_worker::Job;
use crate::db::history::facility_at;
use crate::db::{HistoryEntry, Operation};
use crate::i18n::{self, Phrase, Text};
use crate::model::FacilityId;
use crate::model::edit::history::Edit;
use crate::ui::history::{FieldRow, HistoryCard, HistoryState, VersionRow};

/// The history of the facility the details card shows.
pub(super) struct ShownHistory {
    /// The facility.
    pub(super) id: FacilityId,
    state: HistoryState,
    entries: Vec<HistoryEntry>,
}

impl ShownHistory {
    /// The read failed (the section says why).
    pub(super) fn failed(&mut self, reason: &str) {
        if self.state == HistoryState::Loading {
            self.state = HistoryState::Failed(reason.to_owned());
        }
    }
}

impl SharedDb {
    /// The section's input for facility `id`.
    /// The section's input for facility `id`; `can_edit`: the login may edit and the window
    /// is not read-only.
    pub(super) fn history_card<'a>(
        &'a self,
        id: &'a FacilityId,
        can_edit: bool,
    ) -> HistoryCard<'a> {
        HistoryCard {
            id,
            state: self
                .history
                .as_ref()
                .filter(|h| &h.id == id)
                .map(|h| &h.state),
            can_restore: can_edit,
        }
    }
}

impl MapApp {
    /// Asks the database for a facility's history.
    pub(super) fn load_history(&mut self, id: FacilityId) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        if shared.history.as_ref().is_some_and(|h| h.id == id) {
            return;
        }
        shared.history = Some(ShownHistory {
            id: id.clone(),
            state: HistoryState::Loading,
            entries: Vec::new(),
        });
        shared.send(Job::History(id));
    }

    /// The database answered: the versions newest first, older ones restorable.
    pub(super) fn show_history(&mut self, id: FacilityId, entries: Vec<HistoryEntry>) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let Some(history) = shared.history.as_mut().filter(|h| h.id == id) else {
            return;
        };
        let current = shared.versions.get(&id).copied().unwrap_or(i64::MAX);
        let rows = entries
            .iter()
            .rev()
            .map(|entry| VersionRow {
                version: entry.version,
                operation: operation_text(entry.operation),
                who: entry.changed_by.clone(),
                when: crate::model::time::datetime_text(
                    u64::try_from(entry.changed_at.timestamp()).unwrap_or(0),
                ),
                fields: entry
                    .changes
                    .iter()
                    .map(|change| FieldRow {
                        field: change.field.clone(),
                        old: shown_value(&change.field, Some(&change.old)),
                        new: shown_value(&change.field, Some(&change.new)),
                    })
                    .collect(),
                restorable: entry.version < current
                    && !matches!(entry.operation, Operation::Delete | Operation::Purge),
            })
            .collect();
        history.state = HistoryState::Loaded(rows);
        history.entries = entries;
    }

    /// Makes facility `id` as it was at `version`, as one undoable edit (edit mode turns on,
    /// so Undo is at hand).
    pub(super) fn restore_version(&mut self, id: &FacilityId, version: i64) {
        if !self.editing.enabled {
            self.apply_edit(crate::command::EditCommand::SetEditing(true));
            if !self.editing.enabled {
                return;
            }
        }
        let Some(history) = self
            .shared
            .as_ref()
            .and_then(|s| s.history.as_ref())
            .filter(|h| &h.id == id)
        else {
            return;
        };
        let Some(index) = self.data.catalog.index_of(id) else {
            return;
        };
        let Some(current) = self.data.catalog.facilities().get(index).cloned() else {
            return;
        };
        let Some(restored) = facility_at(&current, &history.entries, version) else {
            let name = current.name_zh.clone();
            self.set_status(
                Phrase::new(move |lang| i18n::version_not_restorable(lang, &name, version)),
                true,
            );
            return;
        };
        if restored == current {
            return;
        }
        self.commit(Edit::Replace {
            index,
            before: Box::new(current),
            after: Box::new(restored),
        });
    }
}

fn operation_text(operation: Operation) -> Text {
    match operation {
        Operation::Insert => Text::OperationInsert,
        Operation::Update => Text::OperationUpdate,
        Operation::Delete => Text::OperationDelete,
        Operation::Restore => Text::OperationRestore,
        Operation::Purge => Text::OperationPurge,
    }
}

/// A value as one short line (the conflict dialog's wording, `diff::value_text`: text as it
/// is, a point as "lon, lat", cut at 60 characters), `–` when absent.
pub(super) fn shown_value(field: &str, value: Option<&serde_json::Value>) -> String {
    let text = crate::model::edit::diff::value_text(field, value);
    if text.is_empty() {
        "–".to_owned()
    } else {
        text.replace(['\n', '\r'], " ")
    }
}
