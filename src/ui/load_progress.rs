//! The row shown while a big data file is read in the background: which file, how big, a bar
//! of how far reading it is, for how long, and a way to stop waiting (*Use bundled data*).

use egui::Ui;

use crate::command::{Command, FileCommand};
use crate::i18n::{Language, Text};

/// What is being read.
#[derive(Debug, Clone, Copy)]
pub struct LoadProgressView<'a> {
    /// The file, as named in the top bar.
    pub file: &'a str,
    /// Its size in bytes.
    pub bytes: u64,
    /// How far reading, parsing and indexing it are, 0 to 1.
    pub done_share: f32,
    /// Seconds since reading started.
    pub elapsed_s: u64,
    /// The interface language.
    pub language: Language,
}

/// Draws the row; pushes [`FileCommand::UseBundledData`] when the user stops waiting.
pub fn show(ui: &mut Ui, view: LoadProgressView<'_>, commands: &mut Vec<Command>) {
    let lang = view.language;
    ui.horizontal(|ui| {
        ui.spinner();
        // Whole megabytes: the size is for orientation, not accounting.
        let megabytes = view.bytes.div_ceil(1024 * 1024);
        ui.label(format!(
            "{} {} ({megabytes} MB) · {} s",
            Text::ReadingFile.tr(lang),
            view.file,
            view.elapsed_s
        ))
        .on_hover_text(Text::StillReadingFile.tr(lang));
        ui.add(
            egui::ProgressBar::new(view.done_share)
                .show_percentage()
                .desired_width(crate::theme::PROGRESS_BAR_WIDTH_PT),
        );
        if ui.button(Text::UseBundledData.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::UseBundledData));
        }
    });
}
