//! The history section of the details card on the shared database: every version of the
//! selected facility as the database's trigger recorded it — who, when, which fields from
//! what to what (`old -> new`) — newest first; an older version can be restored (while editing) as an
//! ordinary edit (edit mode turns on), which Undo takes back and which is saved like any other.

use egui::{RichText, Ui};

use crate::command::{Command, FileCommand};
use crate::i18n::{Language, Text};
use crate::model::FacilityId;
use crate::theme;

/// One changed field of a version, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// The field's name as in files (`name_zh`, `geometry`, …).
    pub field: String,
    /// The value before, shortened.
    pub old: String,
    /// The value after, shortened.
    pub new: String,
}

/// One version of the facility, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    /// The version number (1 = added).
    pub version: i64,
    /// What the change was (added, changed, deleted, …).
    pub operation: Text,
    /// The database login that made it.
    pub who: String,
    /// When, China time (`YYYY-MM-DD HH:MM`).
    pub when: String,
    /// The fields it changed.
    pub fields: Vec<FieldRow>,
    /// Whether it is older than the version shown now (so it can be restored).
    pub restorable: bool,
}

/// What the section knows.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryState {
    /// Asked for, not answered yet.
    Loading,
    /// The versions, newest first.
    Loaded(Vec<VersionRow>),
    /// Why it could not be read (host and database named, never the password).
    Failed(String),
}

/// The section's input for one facility.
#[derive(Debug, Clone, Copy)]
pub struct HistoryCard<'a> {
    /// The facility.
    pub id: &'a FacilityId,
    /// What is known (`None`: not asked yet; opening the section asks).
    pub state: Option<&'a HistoryState>,
    /// Whether versions can be restored (an editor login, a window that is not read-only).
    pub can_restore: bool,
}

/// Draws the collapsible history section.
pub fn section(ui: &mut Ui, card: HistoryCard<'_>, lang: Language, commands: &mut Vec<Command>) {
    ui.separator();
    egui::CollapsingHeader::new(Text::HistoryHeading.tr(lang))
        .id_salt(("history", &card.id.0))
        .show(ui, |ui| match card.state {
            None => {
                commands.push(Command::File(FileCommand::LoadHistory(card.id.clone())));
                ui.spinner();
            }
            Some(HistoryState::Loading) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(Text::HistoryLoading.tr(lang));
                });
            }
            Some(HistoryState::Failed(reason)) => {
                ui.colored_label(theme::ERROR_TEXT, reason);
            }
            Some(HistoryState::Loaded(rows)) => {
                for row in rows {
                    version_row(ui, card, row, lang, commands);
                }
            }
        });
}

fn version_row(
    ui: &mut Ui,
    card: HistoryCard<'_>,
    row: &VersionRow,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.label(
        RichText::new(format!(
            "v{} · {} · {} · {}",
            row.version,
            row.operation.tr(lang),
            row.who,
            row.when
        ))
        .strong(),
    );
    for field in &row.fields {
        ui.label(format!("{}: {} -> {}", field.field, field.old, field.new));
    }
    if row.restorable {
        let button = ui
            .add_enabled(
                card.can_restore,
                egui::Button::new(Text::RestoreVersion.tr(lang)),
            )
            .on_disabled_hover_text(Text::RestoreVersionNeedsEdit.tr(lang));
        if button.clicked() {
            commands.push(Command::File(FileCommand::RestoreVersion(
                card.id.clone(),
                row.version,
            )));
        }
    }
    ui.add_space(theme::HISTORY_ROW_GAP_PT);
}
