//! The progress row of a save running in the background: how many facilities are written,
//! a bar, and *取消保存 Cancel saving* while the file is not yet touched.

use egui::Ui;

use crate::command::{Command, FileCommand};
use crate::i18n::{Language, Text};

/// Label of the cancel button, in the default (bilingual) language (for tests).
pub const CANCEL_SAVE_LABEL: &str = Text::CancelSave.both();

/// How far the save is.
#[derive(Debug, Clone, Copy)]
pub struct SaveProgressView {
    /// Facilities serialised so far.
    pub done: usize,
    /// All facilities.
    pub total: usize,
    /// The file is being written (no cancelling any more).
    pub writing: bool,
    /// The interface language.
    pub language: Language,
}

/// Draws the row; pushes [`FileCommand::CancelSave`] when the user cancels.
pub fn show(ui: &mut Ui, view: SaveProgressView, commands: &mut Vec<Command>) {
    let lang = view.language;
    ui.horizontal(|ui| {
        ui.spinner();
        let fraction = if view.writing || view.total == 0 {
            1.0
        } else {
            view.done as f32 / view.total as f32
        };
        let text = if view.writing {
            Text::SavingWrite.tr(lang).to_owned()
        } else {
            format!("{} {} / {}", Text::Saving.tr(lang), view.done, view.total)
        };
        ui.label(text);
        ui.add(egui::ProgressBar::new(fraction).desired_width(crate::theme::PROGRESS_BAR_WIDTH_PT));
        if !view.writing && ui.button(Text::CancelSave.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CancelSave));
        }
    });
}
